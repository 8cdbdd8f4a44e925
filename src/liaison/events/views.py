"""Pages of the events app. Each view parses the request, calls an access helper, a service
or a selector, and renders a template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.predicates import member_organization_ids
from liaison.directory.models import Organization
from liaison.events import agendas, calendars, services
from liaison.events.access import (
    event_for,
    interpreter_for,
    meeting_for,
    my_registration,
    registration_for,
    request_for,
    run_for,
)
from liaison.events.forms import (
    AvailabilityForm,
    EventForm,
    FeedbackForm,
    InterpreterForm,
    InterpretingOfferForm,
    MoveForm,
    RegistrationForm,
    RequestForm,
    RunForm,
    SessionForm,
    StatusForm,
    TablesForm,
)
from liaison.events.models import (
    Event,
    Feedback,
    Interpreter,
    Meeting,
    MeetingRequest,
    Registration,
    Slot,
)
from liaison.events.selectors import visible_events


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def _flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for msg in error.messages:
        messages.error(request, msg)


def _flash_form_errors(request: HttpRequest, form: Any) -> None:
    for err in form.errors.values():
        messages.error(request, " ".join(str(e) for e in err))


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    events = visible_events(request.user).annotate(participants=Count("registrations"))
    return render(request, "events/event_list.html", {
        "events": events, "can_add": request.user.has_perm("events.create_event")})


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("events.create_event"):
        raise PermissionDenied
    form = EventForm(request.POST or None, initial={"timezone": user.office.ecosystem.timezone})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(by=user, data=form.cleaned_data)
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            return redirect("events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.manage_event")
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(event, by=request.user, data=form.cleaned_data)
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            return redirect("events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event},
                  status=422 if form.errors else 200)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = event_for(user, pk)
    manage = user.has_perm("events.manage_event", event)
    viewer = calendars.viewer_timezone(user, event)
    sessions = []
    for s in event.sessions.prefetch_related("slots"):
        first = s.slots.first()  # from the prefetched slots (ordered by start)
        sessions.append((s, calendars.both_times(first.starts_at, viewer, event) if first else ""))
    return render(request, "events/event_detail.html", {
        "event": event, "manage": manage, "sessions": sessions,
        "tables": event.tables.all(), "days_off": calendars.days_off(event),
        "registration_count": event.registrations.count(),
        "mine": my_registration(user, event),
        "can_register": user.has_perm("events.register", event),
        "can_offer": user.has_perm("events.offer_interpreting", event),
        "my_offer": event.interpreters.filter(user=user).first(),
        "working_weekends": calendars.working_weekends(event),
        "pending_offers": event.interpreters.filter(status=Interpreter.Status.OFFERED).count() if manage else 0,
        "can_see_participants": user.has_perm("events.view_participants", event),
        "can_see_schedule": user.has_perm("events.view_schedule", event),
        "session_form": SessionForm(), "tables_form": TablesForm(),
        "status_form": StatusForm(initial={"status": event.status}),
        "viewer_tz": str(viewer),
    })


@login_required
@require_POST
def add_session(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.manage_event")
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.add_session(event, by=request.user, **form.cleaned_data)
            messages.success(request, _("Session added."))
        except ValidationError as e:
            _flash_errors(request, e)
    else:
        _flash_form_errors(request, form)
    return redirect("events:detail", event.pk)


@login_required
@require_POST
def add_tables(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.manage_event")
    form = TablesForm(request.POST)
    if form.is_valid():
        services.add_tables(event, by=request.user, names=form.cleaned_data["names"])
        messages.success(request, _("Tables added."))
    else:
        _flash_form_errors(request, form)
    return redirect("events:detail", event.pk)


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.manage_event")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(event, by=request.user, status=form.cleaned_data["status"])
        except ValidationError as e:
            _flash_errors(request, e)
    return redirect("events:detail", event.pk)


@login_required
def interpreters(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.manage_event")
    form = InterpreterForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_interpreter(event, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("Interpreter registered."))
            return redirect("events:interpreters", event.pk)
    return render(request, "events/interpreters.html", {
        "event": event, "form": form, "interpreters": event.interpreters.prefetch_related("unavailable_sessions")},
        status=422 if form.errors else 200)


@login_required
def offer_interpreting(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed-in user offers to interpret; shows the offer and its answer once made."""
    user: Any = request.user
    event = event_for(user, pk)
    offer = event.interpreters.filter(user=user).prefetch_related("unavailable_sessions").first()
    if offer is None and not user.has_perm("events.offer_interpreting", event):
        raise PermissionDenied("events.offer_interpreting")
    form = InterpretingOfferForm(request.POST or None, event=event,
                                 initial={"name": user.get_full_name(), "email": user.email})
    if request.method == "POST":
        if offer is not None:
            messages.error(request, _("You have already offered to interpret at this event."))
            return redirect("events:offer_interpreting", event.pk)
        if form.is_valid():
            try:
                services.offer_interpreting(event, by=user, **form.cleaned_data)
            except ValidationError as e:
                _apply_errors(form, e)
            else:
                messages.success(request, _("Thank you: the host office will confirm your offer."))
                return redirect("events:offer_interpreting", event.pk)
    return render(request, "events/interpret.html", {"event": event, "form": form, "offer": offer},
                  status=422 if form.errors else 200)


@login_required
@require_POST
def answer_interpreter(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    if answer not in ("confirm", "decline"):
        raise Http404
    interpreter = interpreter_for(request.user, pk, "events.answer_interpreter_offer")
    try:
        services.answer_interpreter_offer(interpreter, by=request.user, confirm=answer == "confirm")
    except ValidationError as e:
        _flash_errors(request, e)
    else:
        messages.success(request, _("%(name)s is confirmed.") % {"name": interpreter.name} if answer == "confirm"
                         else _("The offer of %(name)s is declined.") % {"name": interpreter.name})
    return redirect("events:interpreters", interpreter.event_id)


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = event_for(user, pk, "events.register")
    registered = event.registrations.values_list("organization_id", flat=True)
    if user.has_perm("events.manage_event", event):
        organizations = Organization.objects.exclude(pk__in=registered)
    else:
        organizations = Organization.objects.filter(pk__in=member_organization_ids(user)).exclude(pk__in=registered)
    form = RegistrationForm(request.POST or None, event=event, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with_table = None
            if d["wants_table"]:
                taken = set(event.registrations.exclude(own_table=None).values_list("own_table_id", flat=True))
                with_table = event.tables.exclude(pk__in=taken).first()
                if with_table is None:
                    raise ValidationError({"wants_table": _("No free table is left for exhibitors.")})
            registration = services.register(
                event, by=user, organization=d["organization"], attendees=form.attendees(),
                unavailable_sessions=d["unavailable_sessions"], remote=d["remote"], own_table=with_table,
            )
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, _("%(organization)s is registered.") % {
                "organization": registration.organization})
            return redirect("events:detail", event.pk)
    return render(request, "events/register.html", {"event": event, "form": form},
                  status=422 if form.errors else 200)


def _acting_registration(request: HttpRequest, event: Event) -> Registration | None:
    """The member's own registration, or for an officer the one named by ?as=."""
    user: Any = request.user
    as_id = request.GET.get("as") or request.POST.get("as")
    if as_id and as_id.isdigit() and user.has_perm("events.manage_event", event):
        return event.registrations.select_related("organization").filter(pk=int(as_id)).first()
    return my_registration(user, event)


@login_required
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = event_for(user, pk, "events.view_participants")
    mine = _acting_registration(request, event)
    regs = list(event.registrations.select_related("organization__ecosystem")
                .prefetch_related("attendees", "organization__sectors").order_by("organization__name"))
    q = request.GET.get("q", "").strip().lower()
    if q:
        regs = [r for r in regs if q in r.organization.name.lower() or q in r.organization.description.lower()]
    recs = []
    if mine is not None and request.GET.get("recommend", "1") == "1":
        from liaison.events.recommend import recommendations

        recs = recommendations(mine)
    requested: set[int] = set()
    if mine is not None:
        pairs = MeetingRequest.objects.filter(Q(requester=mine) | Q(recipient=mine)).exclude(
            status__in=["withdrawn", "expired"]).values_list("requester_id", "recipient_id")
        requested = {x for pair in pairs for x in pair} - {mine.pk}
    return render(request, "events/participants.html", {
        "event": event, "mine": mine, "registrations": regs, "recommendations": recs,
        "requested": requested, "q": q,
        "can_request": mine is not None and user.has_perm("events.send_request", mine),
        "priorities": MeetingRequest.Priority.choices,
    })


@login_required
def requests_page(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = event_for(user, pk, "events.view_participants")
    mine = _acting_registration(request, event)
    base = MeetingRequest.objects.select_related("requester__organization", "recipient__organization", "event")
    if user.has_perm("events.view_schedule", event) and mine is None:
        received, sent = base.filter(event=event), base.none()
    else:
        received = base.filter(recipient=mine) if mine else base.none()
        sent = base.filter(requester=mine) if mine else base.none()
    return render(request, "events/requests.html", {
        "event": event, "mine": mine, "received": received, "sent": sent})


@login_required
@require_POST
def send_request(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = event_for(user, pk, "events.view_participants")
    mine = _acting_registration(request, event)
    if mine is None:
        raise PermissionDenied
    form = RequestForm(request.POST)
    if form.is_valid():
        recipient = event.registrations.filter(pk=form.cleaned_data["recipient"]).first()
        if recipient is None:
            messages.error(request, _("That participant is not registered in this event."))
        else:
            try:
                services.send_request(by=user, requester=mine, recipient=recipient,
                                      priority=form.cleaned_data["priority"],
                                      message=form.cleaned_data["message"])
                messages.success(request, _("Request sent to %(organization)s.") % {
                    "organization": recipient.organization})
            except ValidationError as e:
                _flash_errors(request, e)
    else:
        messages.error(request, _("The request is incomplete."))
    return redirect(f"/events/{event.pk}/participants/" + (f"?as={mine.pk}" if request.POST.get("as") else ""))


@login_required
@require_POST
def answer_request(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    if answer not in ("accept", "decline"):
        raise Http404
    req = request_for(request.user, pk, "events.answer_request")
    services.answer_request(req, by=request.user, accept=answer == "accept")
    if request.htmx:  # type: ignore[attr-defined]
        req.refresh_from_db()
        return render(request, "events/_request_row.html", {"r": req, "received": True})
    return redirect("events:requests", req.event_id)


@login_required
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = event_for(user, pk, "events.view_schedule")
    slots = list(Slot.objects.filter(session__event=event).select_related("session"))
    tables = list(event.tables.all())
    meetings = list(event.meetings.select_related(
        "a__organization", "b__organization", "slot", "table", "interpreter").prefetch_related(
        "a__unavailable_sessions", "b__unavailable_sessions", "a__attendees__unavailable_sessions",
        "b__attendees__unavailable_sessions"))
    cells = {(m.slot_id, m.table_id): m for m in meetings if m.status == Meeting.Status.SCHEDULED}
    viewer = calendars.viewer_timezone(user, event)
    grid = [(s, calendars.both_times(s.starts_at, viewer, event), [cells.get((s.pk, t.pk)) for t in tables])
            for s in slots]
    unscheduled = [m for m in meetings if m.status in (Meeting.Status.UNSCHEDULED, Meeting.Status.ACCEPTED)]
    per_participant = None
    who = request.GET.get("participant")
    if who and who.isdigit():
        reg = event.registrations.filter(pk=int(who)).select_related("organization").first()
        if reg is not None:
            per_participant = (reg, agendas.agenda_rows(reg))
    moving = None
    move = request.GET.get("move")
    if move and move.isdigit():
        moving = next((m for m in meetings if m.pk == int(move)), None)
    return render(request, "events/schedule.html", {
        "moving": moving,
        "event": event, "grid": grid, "tables": tables, "slots": slots, "unscheduled": unscheduled,
        "run": event.runs.first(), "run_form": RunForm(),
        "manage": user.has_perm("events.manage_event", event),
        "scheduled_count": len(cells), "registrations": event.registrations.select_related("organization"),
        "per_participant": per_participant, "priorities": MeetingRequest.Priority.choices,
        "stale": [m for m in meetings if m.status == Meeting.Status.SCHEDULED and m.slot
                  and m.slot.session_id in _unavailable_sessions(m)],
    })


def _unavailable_sessions(m: Meeting) -> set[int]:
    return m.a.unavailable_session_ids() | m.b.unavailable_session_ids()


@login_required
@require_POST
def run_scheduler(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.manage_event")
    form = RunForm(request.POST)
    limit = form.cleaned_data["time_limit"] if form.is_valid() else 30.0
    try:
        services.start_scheduling(event, by=request.user, time_limit=limit)
    except ValidationError as e:
        _flash_errors(request, e)
    return redirect("events:schedule", event.pk)


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_for(request.user, pk)
    response = render(request, "events/_run.html", {"run": run, "event": run.event})
    if run.status in ("done", "failed") and request.GET.get("poll"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.manage_event")
    try:
        services.publish_schedule(event, by=request.user)
        messages.success(request, _("The schedule is published; participants were notified."))
    except ValidationError as e:
        _flash_errors(request, e)
    return redirect("events:schedule", event.pk)


@login_required
@require_POST
def move_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, "events.manage_event")
    form = MoveForm(request.POST)
    event = meeting.event
    if form.is_valid():
        slot = Slot.objects.filter(pk=form.cleaned_data["slot"], session__event=event).first()
        table = event.tables.filter(pk=form.cleaned_data["table"]).first()
        if slot is None or table is None:
            messages.error(request, _("Choose a slot and a table of this event."))
        else:
            try:
                services.move_meeting(meeting, by=request.user, slot=slot, table=table)
                messages.success(request, _("Meeting moved."))
            except ValidationError as e:
                _flash_errors(request, e)
    else:
        messages.error(request, _("Choose a slot and a table of this event."))
    return redirect("events:schedule", event.pk)


@login_required
@require_POST
def add_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A late meeting added by the host office; the next re-plan places it."""
    event = event_for(request.user, pk, "events.manage_event")
    a = event.registrations.filter(pk=request.POST.get("a") or 0).first()
    b = event.registrations.filter(pk=request.POST.get("b") or 0).first()
    priority = request.POST.get("priority", "2")
    if a is None or b is None or priority not in ("1", "2", "3"):
        messages.error(request, _("Choose two different participants of this event."))
    else:
        try:
            services.add_meeting(event, by=request.user, a=a, b=b, priority=int(priority))
            messages.success(request, _("Meeting added; re-plan to place it."))
        except ValidationError as e:
            _flash_errors(request, e)
    return redirect("events:schedule", event.pk)


@login_required
@require_POST
def lock_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, "events.manage_event")
    try:
        services.set_locked(meeting, by=request.user, locked=not meeting.locked)
    except ValidationError as e:
        _flash_errors(request, e)
    return redirect("events:schedule", meeting.event_id)


@login_required
@require_POST
def cancel_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, "events.cancel_meeting")
    services.cancel_meeting(meeting, by=request.user)
    messages.success(request, _("Meeting cancelled."))
    if request.user.has_perm("events.view_schedule", meeting.event):
        return redirect("events:schedule", meeting.event_id)
    return redirect("events:my_agenda", meeting.event_id)


@login_required
def my_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk)
    mine = my_registration(request.user, event)
    if mine is None:
        raise Http404
    return redirect("events:agenda", mine.pk)


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    registration = registration_for(user, pk, "events.view_agenda")
    event = registration.event
    viewer = calendars.viewer_timezone(user, event)
    rows = [(r, calendars.both_times(r.starts_at, viewer, event) if r.starts_at else "")
            for r in agendas.agenda_rows(registration)]
    return render(request, "events/agenda.html", {
        "event": event, "registration": registration, "rows": rows,
        "report_outcome": _reportable_meetings(user, registration, [r.meeting for r, _when in rows]),
        "can_feedback": event.status in ("running", "closed"),
        "can_change": user.has_perm("events.change_registration", registration),
    })


def _reportable_meetings(user: Any, registration: Registration, meetings: list[Meeting]) -> set[int]:
    """The meetings a member of the firm may report an outcome for from its agenda: those the
    firm gave feedback on, when the reports app's rule allows it (the meeting was held)."""
    if registration.organization_id not in member_organization_ids(user):
        return set()
    answered = set(Feedback.objects.filter(registration=registration, meeting__in=meetings)
                   .values_list("meeting_id", flat=True))
    return {m.pk for m in meetings if m.pk in answered and user.has_perm("reports.report_outcome", m)}


@login_required
def agenda_ics(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_for(request.user, pk, "events.view_agenda")
    response = HttpResponse(agendas.agenda_ics(registration), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{registration.event_id}-{registration.pk}.ics"'
    return response


@login_required
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_for(request.user, pk, "events.view_agenda")
    pdf = agendas.render_pdf("events/pdf/agenda.html", agendas.agenda_context(registration))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agenda-{registration.event_id}-{registration.pk}.pdf"'
    return response


@login_required
def table_plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.view_schedule")
    pdf = agendas.render_pdf("events/pdf/table_plan.html", agendas.table_plan_context(event))
    return HttpResponse(pdf, content_type="application/pdf")


@login_required
def rota_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.view_schedule")
    pdf = agendas.render_pdf("events/pdf/rota.html", agendas.rota_context(event))
    return HttpResponse(pdf, content_type="application/pdf")


@login_required
def availability(request: HttpRequest, pk: int) -> HttpResponse:
    """The sessions each person of the registration cannot attend."""
    registration = registration_for(request.user, pk, "events.change_registration")
    event = registration.event
    form = AvailabilityForm(request.POST or None, registration=registration)
    if request.method == "POST" and form.is_valid():
        try:
            if form.people:
                clashing = services.change_availability(registration, by=request.user,
                                                        per_attendee=form.per_attendee())
            else:
                clashing = services.change_availability(
                    registration, by=request.user, unavailable_sessions=form.cleaned_data["unavailable_sessions"])
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            if clashing:
                messages.warning(request, _("%(count)s scheduled meetings now clash; the host office will re-plan them.")
                                 % {"count": len(clashing)})
            else:
                messages.success(request, _("Availability saved."))
            return redirect("events:detail", event.pk)
    return render(request, "events/availability.html", {"event": event, "registration": registration,
                                                         "form": form}, status=422 if form.errors else 200)


@login_required
def day(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, pk, "events.check_in")
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
    registration = registration_for(request.user, pk, "events.check_in")
    services.check_in(registration, by=request.user, present=registration.checked_in_at is None)
    return redirect("events:day", registration.event_id)


@login_required
@require_POST
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk, "events.check_in")
    try:
        services.record_outcome(meeting, by=request.user, outcome=request.POST.get("outcome", ""))
    except ValidationError as e:
        _flash_errors(request, e)
    return redirect("events:day", meeting.event_id)


@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
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
