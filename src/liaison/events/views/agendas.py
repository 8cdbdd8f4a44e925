"""Agendas: a participant's agenda as a page, an iCalendar file and a PDF; the table plan
and the interpreters' rota as PDFs for the venue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.events import agendas, calendars, checkin, invitations, services
from liaison.events.access import (
    attendee_for,
    event_for,
    my_registration,
    registration_for,
    signed_in_user,
)
from liaison.events.models import Attendee, Event, Feedback, Meeting, Registration


@login_required
def my_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk)
    mine = my_registration(user, event)
    if mine is None:
        raise Http404
    return redirect("events:agenda", mine.pk)


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    registration = registration_for(user, pk, "events.view_agenda")
    event = registration.event
    viewer = calendars.viewer_timezone(user, event)
    rows = [(r, calendars.both_times(r.starts_at, viewer, event) if r.starts_at else "")
            for r in agendas.agenda_rows(registration)]
    return render(request, "events/agenda.html", {
        "event": event, "registration": registration, "rows": rows,
        "report_outcome": _reportable_meetings(user, registration, [r.meeting for r, _when in rows]),
        "can_feedback": event.status in (Event.Status.RUNNING, Event.Status.CLOSED),
        "can_change": user.has_perm("events.change_registration", registration),
        "subscriptions": [(a, invitations.subscription_url(invitations.attendee_person(a, event)),
                           checkin.qr_svg(checkin.checkin_url(a)))
                          for a in registration.attendees.all()]
        if user.has_perm("events.change_registration", registration) else [],
    })


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's calendar subscription (no login: the secret token is the key; revoking it
    draws a new one). Calendar apps poll it."""
    attendee = (Attendee.objects.select_related("registration__event__host_office",
                                                "registration__organization__ecosystem")
                .filter(calendar_token=token).first() if 20 <= len(token) <= 64 else None)
    if attendee is None:
        raise Http404
    with translation.override(invitations.mail_language(attendee.languages)):
        body = invitations.feed(attendee)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def revoke_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """A new secret for the attendee's subscription: the old URL stops working."""
    user = signed_in_user(request)
    attendee = attendee_for(user, pk)
    services.revoke_calendar(attendee, by=user)
    messages.success(request, _("The old calendar link no longer works; here is the new one."))
    return redirect("events:agenda", attendee.registration_id)


def _reportable_meetings(user: User, registration: Registration, meetings: list[Meeting]) -> set[int]:
    """The meetings a member of the firm may report an outcome for from its agenda: those the
    firm gave feedback on, when the reports app's rule allows it (the meeting was held)."""
    if registration.organization_id not in member_organization_ids(user):
        return set()
    answered = set(Feedback.objects.filter(registration=registration, meeting__in=meetings)
                   .values_list("meeting_id", flat=True))
    return {m.pk for m in meetings if m.pk in answered and user.has_perm("reports.report_outcome", m)}


@login_required
def agenda_ics(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_for(signed_in_user(request), pk, "events.view_agenda")
    response = HttpResponse(agendas.agenda_ics(registration), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{registration.event_id}-{registration.pk}.ics"'
    return response


@login_required
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_for(signed_in_user(request), pk, "events.view_agenda")
    pdf = agendas.render_pdf("events/pdf/agenda.html", agendas.agenda_context(registration))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agenda-{registration.event_id}-{registration.pk}.pdf"'
    return response


@login_required
def table_plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(signed_in_user(request), pk, "events.view_schedule")
    pdf = agendas.render_pdf("events/pdf/table_plan.html", agendas.table_plan_context(event))
    return HttpResponse(pdf, content_type="application/pdf")


@login_required
def rota_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(signed_in_user(request), pk, "events.view_schedule")
    pdf = agendas.render_pdf("events/pdf/rota.html", agendas.rota_context(event))
    return HttpResponse(pdf, content_type="application/pdf")
