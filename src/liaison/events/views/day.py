"""The day of the event and after: check-in and outcomes (host office), a participant's
feedback on a meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.predicates import member_organization_ids
from liaison.common.errors import ValidationError
from liaison.events import agendas, checkin, services
from liaison.events.access import event_for, meeting_for, registration_for, signed_in_user
from liaison.events.forms import FeedbackForm
from liaison.events.models import Attendee, Feedback, Meeting
from liaison.events.views._common import flash_errors


@login_required
def day(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(signed_in_user(request), pk, "events.check_in")
    regs = event.registrations.select_related("organization").prefetch_related("attendees")
    meetings = event.meetings.filter(status=Meeting.Status.SCHEDULED).select_related(
        "a__organization", "b__organization", "slot", "table")
    feedback = Feedback.objects.filter(meeting__event=event)
    summary = {
        "checked_in": event.registrations.filter(checked_in_at__isnull=False).count(),
        "held": meetings.filter(outcome=Meeting.Outcome.HELD).count(),
        "no_show": meetings.filter(outcome=Meeting.Outcome.NO_SHOW).count(),
        "answers": feedback.count(),
        "useful": feedback.filter(useful=True).count(),
        "follow_up": feedback.filter(follow_up=True).count(),
    }
    return render(request, "events/day.html", {"event": event, "registrations": regs, "meetings": meetings,
                                               "outcomes": Meeting.Outcome.choices, "summary": summary})


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    registration = registration_for(user, pk, "events.check_in")
    services.check_in(registration, by=user, present=registration.checked_in_at is None)
    return redirect("events:day", registration.event_id)


@login_required
@require_POST
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = meeting_for(user, pk, "events.check_in")
    try:
        services.record_outcome(meeting, by=user, outcome=request.POST.get("outcome", ""))
    except ValidationError as e:
        flash_errors(request, e)
    return redirect("events:day", meeting.event_id)


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = meeting_for(user, pk, "events.give_feedback")
    mine = member_organization_ids(user)
    registration = meeting.a if meeting.a.organization_id in mine else meeting.b
    given = Feedback.objects.filter(meeting=meeting, registration=registration).first()
    form = FeedbackForm(request.POST or None, initial={
        "useful": given.useful, "follow_up": given.follow_up, "comment": given.comment} if given else None)
    if request.method == "POST" and form.is_valid():
        services.give_feedback(meeting, by=user, registration=registration, **form.cleaned_data)
        messages.success(request, _("Thank you for your feedback."))
        return redirect("events:agenda", registration.pk)
    return render(request, "events/feedback.html", {
        "meeting": meeting, "form": form, "registration": registration, "given": given,
        "report_outcome": bool(given) and user.has_perm("reports.report_outcome", meeting)})


def self_check_in(request: HttpRequest, token: str) -> HttpResponse:
    """The page a badge's or agenda's QR code opens on the attendee's phone: who they are and
    a button to check in (no login: the secret token is the key)."""
    attendee = (Attendee.objects.select_related("registration__event", "registration__organization")
                .filter(checkin_token=token).first() if 20 <= len(token) <= 64 else None)
    if attendee is None:
        raise Http404
    refusal = services.self_check_in_refusal(attendee)
    if request.method == "POST" and refusal is None:
        services.self_check_in(attendee)
        return redirect("events:self_check_in", token)
    return render(request, "events/self_check_in.html", {
        "attendee": attendee, "event": attendee.registration.event, "refusal": refusal},
        status=409 if request.method == "POST" and refusal else 200)


@login_required
def badges_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable sheet of badges: each attendee's name, firm and check-in QR code."""
    event = event_for(signed_in_user(request), pk, "events.view_schedule")
    attendees = Attendee.objects.filter(registration__event=event, registration__waitlisted=False).select_related(
        "registration__organization").prefetch_related("registration__organization__translations").order_by(
        "registration__organization__name", "pk")
    badges = [(a, checkin.qr_image(checkin.checkin_url(a))) for a in attendees]
    pdf = agendas.render_pdf("events/pdf/badges.html", {"event": event, "badges": badges})
    return _pdf(pdf, f"badges-{event.pk}.pdf")


@login_required
def table_sheets_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A day sheet per table: for each day and table, its meetings in time order (for the
    table's host at the venue)."""
    event = event_for(signed_in_user(request), pk, "events.view_schedule")
    meetings = event.meetings.filter(status=Meeting.Status.SCHEDULED).select_related(
        "slot", "table", "interpreter", "a__organization", "b__organization").order_by("slot__starts_at")
    sheets: dict[tuple[str, str], list[tuple[str, Meeting]]] = {}
    for m in meetings:
        if m.slot is None or m.table is None:
            continue
        local = m.slot.starts_at.astimezone(event.tz)
        sheets.setdefault((f"{local:%Y-%m-%d}", m.table.name), []).append((f"{local:%H:%M}", m))
    pdf = agendas.render_pdf("events/pdf/table_sheets.html", {"event": event, "sheets": sorted(sheets.items())})
    return _pdf(pdf, f"table-sheets-{event.pk}.pdf")


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
