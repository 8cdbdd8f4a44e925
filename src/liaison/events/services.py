"""Write operations on events. Every front (page, htmx, API, task) calls these.

Each function takes an explicit actor (`by`, None only for the system: tasks and the daily
command), checks the permission rule and writes inside a transaction. Side effects are
named in each docstring.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import User
from liaison.common.errors import ValidationError, require
from liaison.directory.models import Organization
from liaison.events.models import (
    Attendee,
    Event,
    Feedback,
    Interpreter,
    Meeting,
    MeetingRequest,
    Registration,
    SchedulingRun,
    Session,
    Slot,
    Table,
)
from liaison.events.planner import Rows, build_instance, language_pair, load_rows
from liaison.notifications.services import notify
from liaison.scheduling import Assignment, Result, Unscheduled, verify

REMIND_BEFORE = dt.timedelta(days=2)
EVENT_FIELDS = (
    "title", "kind", "direction", "partner_ecosystem", "description", "start_date", "end_date",
    "venue", "timezone", "slot_minutes", "registration_opens", "registration_closes",
    "video_link_template", "request_cap", "request_days",
)


def users_of(registrations: Iterable[Registration]) -> list[Any]:
    """Members of the registered organizations (who get notified)."""
    org_ids = {r.organization_id for r in registrations}
    return list(User.objects.filter(memberships__organization_id__in=org_ids, is_active=True).distinct())


# Events, sessions, tables ---------------------------------------------------------------


@transaction.atomic
def create_event(*, by: Any, data: dict[str, Any]) -> Event:
    """A draft event hosted by the actor's office."""
    require(by, "events.create_event")
    event = Event.objects.create(host_office_id=by.office_id, created_by=by,
                                 **{k: v for k, v in data.items() if k in EVENT_FIELDS})
    return event


@transaction.atomic
def update_event(event: Event, *, by: Any, data: dict[str, Any]) -> Event:
    require(by, "events.manage_event", event)
    for k, v in data.items():
        if k in EVENT_FIELDS:
            setattr(event, k, v)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def set_status(event: Event, *, by: Any, status: str) -> Event:
    """Move the event to another status (any order: officers correct mistakes)."""
    require(by, "events.manage_event", event)
    if status not in Event.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status in (Event.Status.SCHEDULED, Event.Status.RUNNING) and not event.published_at:
        raise ValidationError({"status": _("Publish the schedule first.")})
    event.status = status
    event.save(update_fields=["status"])
    return event


def _slot_times(event: Event, session: Session) -> list[tuple[dt.datetime, dt.datetime]]:
    tz = event.tz
    start = dt.datetime.combine(session.date, session.start_time, tzinfo=tz)
    end = dt.datetime.combine(session.date, session.end_time, tzinfo=tz)
    step = dt.timedelta(minutes=event.slot_minutes)
    out = []
    while start + step <= end:
        out.append((start, start + step))
        start += step
    return out


@transaction.atomic
def add_session(event: Event, *, by: Any, name: str, date: dt.date, start_time: dt.time,
                end_time: dt.time) -> Session:
    """A session of meeting slots; its slots are created from the event's slot length."""
    require(by, "events.manage_event", event)
    errors: dict[str, Any] = {}
    if not event.start_date <= date <= event.end_date:
        errors["date"] = _("The date must be within the event's days.")
    if end_time <= start_time:
        errors["end_time"] = _("A session ends after it starts.")
    if errors:
        raise ValidationError(errors)
    session = Session.objects.create(event=event, name=name, date=date, start_time=start_time,
                                     end_time=end_time)
    times = _slot_times(event, session)
    if not times:
        raise ValidationError({"end_time": _("The session is shorter than one slot.")})
    Slot.objects.bulk_create([Slot(session=session, starts_at=s, ends_at=e) for s, e in times])
    return session


@transaction.atomic
def add_tables(event: Event, *, by: Any, names: list[str]) -> list[Table]:
    """Tables or rooms by name; names already present are kept."""
    require(by, "events.manage_event", event)
    clean = [n.strip() for n in names if n.strip()]
    if not clean:
        raise ValidationError({"names": _("Give at least one table name.")})
    existing = set(event.tables.values_list("name", flat=True))
    return [Table.objects.create(event=event, name=n) for n in dict.fromkeys(clean) if n not in existing]


@transaction.atomic
def add_interpreter(event: Event, *, by: Any, name: str, languages: list[str], email: str = "",
                    unavailable_sessions: Iterable[Session] = ()) -> Interpreter:
    """An interpreter registered by the host office: confirmed at once."""
    require(by, "events.manage_event", event)
    errors: dict[str, Any] = {}
    languages = _interpreter_languages(languages, errors)
    if errors:
        raise ValidationError(errors)
    interpreter = Interpreter.objects.create(event=event, name=name, email=email,
                                             languages=languages,
                                             status=Interpreter.Status.CONFIRMED,
                                             answered_by=by, answered_at=timezone.now())
    interpreter.unavailable_sessions.set(_own_sessions(event, unavailable_sessions))
    return interpreter


def _interpreter_languages(languages: Iterable[str], errors: dict[str, Any]) -> list[str]:
    """The languages an interpreter works between, sorted; fewer than two is an error."""
    out = sorted(set(languages))
    if len(out) < 2:
        errors["languages"] = _("An interpreter speaks at least two languages.")
    return out


@transaction.atomic
def offer_interpreting(event: Event, *, by: Any, languages: list[str], name: str = "",
                       email: str = "", unavailable_sessions: Iterable[Session] = ()) -> Interpreter:
    """A signed-in user offers to interpret at an event open for registration. The offer waits
    for the host office (the scheduler does not use it until confirmed). Side effect: the
    host office's officers are notified."""
    require(by, "events.offer_interpreting", event)
    errors: dict[str, Any] = {}
    name = (name or by.get_full_name() or by.get_username()).strip()
    languages = _interpreter_languages(languages, errors)
    if event.interpreters.filter(user=by).exists():
        errors["__all__"] = _("You have already offered to interpret at this event.")
    if errors:
        raise ValidationError(errors)
    interpreter = Interpreter.objects.create(
        event=event, name=name[:200], email=email or by.email, languages=languages,
        status=Interpreter.Status.OFFERED, user=by,
    )
    interpreter.unavailable_sessions.set(_own_sessions(event, unavailable_sessions))
    notify(event.host_office.officers.all(), kind="events.interpreter_offered",
           title=gettext_lazy("%(name)s offers to interpret at %(event)s"),
           url=f"/events/{event.pk}/interpreters/",
           context={"name": interpreter.name, "event": event.title})
    return interpreter


@transaction.atomic
def answer_interpreter_offer(interpreter: Interpreter, *, by: Any, confirm: bool) -> Interpreter:
    """The host office confirms (the scheduler may then use the interpreter) or declines an
    offer. Side effect: the interpreter is notified."""
    require(by, "events.answer_interpreter_offer", interpreter)
    if interpreter.status != Interpreter.Status.OFFERED:
        raise ValidationError({"status": _("This offer has already been answered.")})
    interpreter.status = Interpreter.Status.CONFIRMED if confirm else Interpreter.Status.DECLINED
    interpreter.answered_by = by
    interpreter.answered_at = timezone.now()
    interpreter.save(update_fields=["status", "answered_by", "answered_at"])
    event = interpreter.event
    notify([interpreter.user], kind="events.interpreter_answered",
           title=(gettext_lazy("You are confirmed as an interpreter at %(event)s") if confirm
                  else gettext_lazy("Your offer to interpret at %(event)s was declined")),
           url=f"/events/{event.pk}/interpret/", context={"event": event.title})
    return interpreter


def _own_sessions(event: Event, sessions: Iterable[Session]) -> list[Session]:
    sessions = list(sessions)
    if any(s.event_id != event.pk for s in sessions):
        raise ValidationError({"unavailable_sessions": _("A session of another event.")})
    return sessions


# Registration ---------------------------------------------------------------------------


@transaction.atomic
def register(event: Event, *, by: Any, organization: Organization,
             attendees: list[dict[str, Any]], unavailable_sessions: Iterable[Session] = (),
             own_table: Table | None = None, remote: bool = False,
             max_meetings: int | None = None) -> Registration:
    """Register an organization and the people who attend (name, e-mail, languages, and the
    sessions each cannot attend as `unavailable_sessions`; a person without their own answer
    takes the firm's `unavailable_sessions`).

    Members register their own organization; the host office's officers any organization."""
    require(by, "events.register", event)
    if not (by.has_perm("events.manage_event", event) or
            organization.pk in {m.organization_id for m in by.memberships.all()}):
        raise ValidationError({"organization": _("You can only register your own organization.")})
    if event.registrations.filter(organization=organization).exists():
        raise ValidationError({"organization": _("This organization is already registered.")})
    if not attendees:
        raise ValidationError({"attendees": _("Name at least one attendee.")})
    if own_table is not None and own_table.event_id != event.pk:
        raise ValidationError({"own_table": _("A table of another event.")})
    firm_sessions = _own_sessions(event, unavailable_sessions)
    per_person = [
        _own_sessions(event, a["unavailable_sessions"]) if a.get("unavailable_sessions") is not None
        else firm_sessions
        for a in attendees
    ]
    registration = Registration.objects.create(
        event=event, organization=organization, own_table=own_table, remote=remote,
        max_meetings=max_meetings, registered_by=by,
    )
    registration.unavailable_sessions.set(firm_sessions)
    for a, sessions in zip(attendees, per_person, strict=True):
        attendee = Attendee.objects.create(
            registration=registration, name=a["name"], email=a.get("email", ""),
            languages=sorted(set(a.get("languages") or [])), person=a.get("person"))
        attendee.unavailable_sessions.set(sessions)
    return registration


@transaction.atomic
def change_availability(registration: Registration, *, by: Any,
                        unavailable_sessions: Iterable[Session] | None = None,
                        per_attendee: Mapping[int, Iterable[Session]] | None = None) -> list[Meeting]:
    """Set the sessions the registration's people cannot attend: `unavailable_sessions` for
    the firm as a whole (every attendee and the registration's own setting), `per_attendee`
    (attendee id → sessions) for one person or more (the others are unchanged). The firm is
    available in a session when one of its attendees is.

    Returns the scheduled meetings that now fall in a session the firm cannot attend (a
    re-plan moves them). Side effect: after publication, the host office's officers are
    notified."""
    require(by, "events.change_registration", registration)
    event = registration.event
    attendees = {a.pk: a for a in registration.attendees.all()}
    if unavailable_sessions is not None:
        sessions = _own_sessions(event, unavailable_sessions)
        registration.unavailable_sessions.set(sessions)
        for attendee in attendees.values():
            attendee.unavailable_sessions.set(sessions)
    for attendee_id, person_sessions in (per_attendee or {}).items():
        if attendee_id not in attendees:
            raise ValidationError({"attendees": _("An attendee of another registration.")})
        attendees[attendee_id].unavailable_sessions.set(_own_sessions(event, person_sessions))
    fresh = Registration.objects.prefetch_related(
        "unavailable_sessions", "attendees__unavailable_sessions").get(pk=registration.pk)
    ids = fresh.unavailable_session_ids()
    clashing = [
        m for m in Meeting.objects.filter(
            Q(a=registration) | Q(b=registration), status=Meeting.Status.SCHEDULED,
        ).select_related("slot")
        if m.slot and m.slot.session_id in ids
    ]
    if clashing and event.published_at:
        notify(
            event.host_office.officers.all(), kind="events.availability",
            title=gettext_lazy("%(organization)s changed availability: %(count)s meetings to re-plan"),
            url=f"/events/{event.pk}/schedule/",
            context={"organization": str(registration.organization), "count": len(clashing)},
        )
    return clashing


@transaction.atomic
def check_in(registration: Registration, *, by: Any, present: bool = True) -> Registration:
    require(by, "events.check_in", registration)
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at"])
    return registration


# Meeting requests -----------------------------------------------------------------------


@transaction.atomic
def send_request(*, by: Any, requester: Registration, recipient: Registration, priority: int = 2,
                 message: str = "") -> MeetingRequest:
    """Ask another participant for a meeting. Side effect: the recipient's members are notified."""
    require(by, "events.send_request", requester)
    event = requester.event
    errors: dict[str, Any] = {}
    if recipient.event_id != event.pk:
        errors["recipient"] = _("That participant is not registered in this event.")
    elif recipient.pk == requester.pk:
        errors["recipient"] = _("You cannot request a meeting with yourself.")
    elif MeetingRequest.objects.filter(
        Q(requester=requester, recipient=recipient) | Q(requester=recipient, recipient=requester)
    ).exclude(status__in=[MeetingRequest.Status.WITHDRAWN, MeetingRequest.Status.EXPIRED]).exists():
        errors["recipient"] = _("A request between you already exists.")
    if priority not in MeetingRequest.Priority.values:
        errors["priority"] = _("Unknown priority.")
    if requester.sent_requests.exclude(status__in=["withdrawn", "declined", "expired"]).count() >= event.request_cap:
        errors["__all__"] = _("You have reached the limit of %(cap)s meeting requests.") % {
            "cap": event.request_cap}
    if errors:
        raise ValidationError(errors)
    MeetingRequest.objects.filter(requester=requester, recipient=recipient).delete()
    req = MeetingRequest.objects.create(
        event=event, requester=requester, recipient=recipient, priority=priority, message=message,
        created_by=by, expires_at=timezone.now() + dt.timedelta(days=event.request_days),
    )
    notify(users_of([recipient]), kind="events.request",
           title=gettext_lazy("%(organization)s asks for a meeting at %(event)s"),
           body=message, url=f"/events/{event.pk}/requests/",
           context={"organization": str(requester.organization), "event": event.title})
    return req


@transaction.atomic
def answer_request(req: MeetingRequest, *, by: Any, accept: bool) -> Meeting | None:
    """Accept (a meeting to schedule is created) or decline. Side effect: the requester's
    members are notified."""
    require(by, "events.answer_request", req)
    req.status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
    req.answered_at = timezone.now()
    req.save(update_fields=["status", "answered_at"])
    meeting = None
    if accept:
        meeting = Meeting.objects.create(event=req.event, request=req, a=req.requester,
                                         b=req.recipient, priority=req.priority)
    notify(users_of([req.requester]), kind="events.answer",
           title=(gettext_lazy("%(organization)s accepted your meeting request") if accept
                  else gettext_lazy("%(organization)s declined your meeting request")),
           url=f"/events/{req.event_id}/requests/",
           context={"organization": str(req.recipient.organization)})
    return meeting


def expire_requests(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Daily: remind recipients of requests expiring within two days (once), expire those
    past their date. Returns (reminded, expired). Side effect: notifications."""
    now = now or timezone.now()
    reminded = expired = 0
    soon = MeetingRequest.objects.filter(
        status=MeetingRequest.Status.PENDING, reminded_at__isnull=True,
        expires_at__gt=now, expires_at__lte=now + REMIND_BEFORE,
    ).select_related("requester__organization", "recipient", "event")
    for req in soon:
        with transaction.atomic():
            notify(users_of([req.recipient]), kind="events.request_reminder",
                   title=gettext_lazy("Reminder: %(organization)s is waiting for your answer"),
                   url=f"/events/{req.event_id}/requests/",
                   context={"organization": str(req.requester.organization)})
            MeetingRequest.objects.filter(pk=req.pk).update(reminded_at=now)
        reminded += 1
    with transaction.atomic():
        expired = MeetingRequest.objects.filter(
            status=MeetingRequest.Status.PENDING, expires_at__lte=now
        ).update(status=MeetingRequest.Status.EXPIRED)
    return reminded, expired


# Meetings and the schedule --------------------------------------------------------------


def _bump(meeting: Meeting) -> None:
    """A published meeting that changes gets a new iCalendar SEQUENCE."""
    if meeting.event.published_at:
        meeting.sequence += 1


@transaction.atomic
def add_meeting(event: Event, *, by: Any, a: Registration, b: Registration, priority: int = 2) -> Meeting:
    """An officer adds a meeting directly (a late addition); a re-plan places it."""
    require(by, "events.manage_event", event)
    if a.event_id != event.pk or b.event_id != event.pk or a.pk == b.pk:
        raise ValidationError({"b": _("Choose two different participants of this event.")})
    return Meeting.objects.create(event=event, a=a, b=b, priority=priority)


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: Any) -> Meeting:
    """Cancel: the slot and table are freed; calendars get STATUS:CANCELLED. Side effect:
    both sides are notified when the schedule was published."""
    require(by, "events.cancel_meeting", meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.locked = False
    _bump(meeting)
    meeting.save()
    if meeting.event.published_at:
        notify(users_of([meeting.a, meeting.b]), kind="events.cancelled",
               title=gettext_lazy("Meeting cancelled: %(a)s – %(b)s"),
               url=f"/events/{meeting.event_id}/",
               context={"a": str(meeting.a.organization), "b": str(meeting.b.organization)})
    return meeting


@transaction.atomic
def set_locked(meeting: Meeting, *, by: Any, locked: bool) -> Meeting:
    require(by, "events.manage_event", meeting)
    if locked and not meeting.slot_id:
        raise ValidationError(_("Only a scheduled meeting can be locked."))
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    return meeting


def _current_result(rows: Rows, override: dict[str, Assignment]) -> Result:
    assignments, unscheduled = [], []
    for code, m in rows.meetings.items():
        if code in override:
            assignments.append(override[code])
        elif m.status == Meeting.Status.SCHEDULED and m.slot_id and m.table_id:
            assignments.append(Assignment(meeting=code, slot=f"s{m.slot_id}", table=f"t{m.table_id}",
                                          interpreter=f"i{m.interpreter_id}" if m.interpreter_id else None))
        else:
            unscheduled.append(Unscheduled(meeting=code, reason="not placed"))
    return Result(status="feasible", assignments=assignments, unscheduled=unscheduled)


def _explain(rows: Rows, violation: str) -> str:
    words = violation.split()
    out = []
    for w in words:
        core = w.strip("'\"[],():")
        out.append(w.replace(core, rows.label(core)) if core and core in _codes(rows) else w)
    return " ".join(out)


def _codes(rows: Rows) -> set[str]:
    return set(rows.slots) | set(rows.tables) | set(rows.registrations) | set(rows.interpreters) | set(rows.meetings)


@transaction.atomic
def move_meeting(meeting: Meeting, *, by: Any, slot: Slot, table: Table) -> Meeting:
    """Move a meeting by hand. The move is checked by the scheduler's verifier (the same
    rules as the solver) and refused with the broken rules named. Keeps the interpreter
    when free, else picks one who speaks the pair and is free in that slot."""
    require(by, "events.manage_event", meeting)
    event = meeting.event
    if slot.session.event_id != event.pk or table.event_id != event.pk:
        raise ValidationError(_("That slot or table belongs to another event."))
    rows = load_rows(event)
    instance = build_instance(event, rows, hold_locked=False)
    code = f"m{meeting.pk}"
    if code not in rows.meetings:
        raise ValidationError(_("Only an active meeting can be moved."))
    m = rows.meetings[code]
    interpreter = None
    if m.languages:
        taken = {x.interpreter_id for x in rows.meetings.values()
                 if x.pk != m.pk and x.slot_id == slot.pk and x.status == Meeting.Status.SCHEDULED}
        candidates = [i for i in rows.interpreters.values() if set(m.languages) <= set(i.languages)
                      and i.pk not in taken and slot.session_id not in {s.pk for s in i.unavailable_sessions.all()}]
        candidates.sort(key=lambda i: (i.pk != m.interpreter_id, i.pk))
        interpreter = f"i{candidates[0].pk}" if candidates else (f"i{m.interpreter_id}" if m.interpreter_id else None)
    moved = Assignment(meeting=code, slot=f"s{slot.pk}", table=f"t{table.pk}", interpreter=interpreter)
    verdict = verify(instance, _current_result(rows, {code: moved}))
    if verdict.violations:
        raise ValidationError([_("This move breaks a rule: %(rule)s") % {"rule": _explain(rows, v)}
                               for v in verdict.violations])
    changed = meeting.slot_id != slot.pk or meeting.table_id != table.pk
    meeting.slot, meeting.table = slot, table
    meeting.interpreter_id = int(interpreter[1:]) if interpreter else None
    meeting.languages = m.languages
    meeting.status = Meeting.Status.SCHEDULED
    meeting.reason = ""
    if changed:
        _bump(meeting)
    meeting.save()
    if changed and event.published_at:
        meeting.published_slot = slot
        meeting.save(update_fields=["published_slot"])
        _notify_moved(event, [meeting])
    return meeting


def _notify_moved(event: Event, meetings: list[Meeting]) -> None:
    for m in meetings:
        notify(users_of([m.a, m.b]), kind="events.replanned",
               title=gettext_lazy("Your meeting %(a)s – %(b)s at %(event)s has changed"),
               body=gettext_lazy("Please check your agenda."),
               url=f"/events/{event.pk}/agenda/",
               context={"a": str(m.a.organization), "b": str(m.b.organization), "event": event.title})


@transaction.atomic
def start_scheduling(event: Event, *, by: Any, time_limit: float = 30.0) -> SchedulingRun:
    """Queue a scheduler run (a background task). After publication it is a re-plan: the
    fewest moves from the published schedule. Side effect: task enqueued."""
    require(by, "events.manage_event", event)
    if not event.meetings.filter(status__in=["accepted", "scheduled", "unscheduled"]).exists():
        raise ValidationError(_("There are no accepted meetings to schedule."))
    if event.runs.filter(status__in=["queued", "running"]).exists():
        raise ValidationError(_("A scheduler run is already under way."))
    run = SchedulingRun.objects.create(event=event, replan=bool(event.published_at), started_by=by,
                                       time_limit=max(1.0, min(time_limit, 600.0)),
                                       message=_("Waiting for a worker"))
    from liaison.events.tasks import schedule_event

    transaction.on_commit(lambda: schedule_event.enqueue(run.pk))
    return run


def run_scheduling(run: SchedulingRun, *, seed: int = 0) -> SchedulingRun:
    """Solve the event (called by the task). Writes the result onto the meetings; on a
    re-plan, moved meetings get a new SEQUENCE and both sides are notified."""
    event = run.event
    SchedulingRun.objects.filter(pk=run.pk).update(status="running", message="starting")
    rows = load_rows(event)
    instance = build_instance(event, rows, replan=run.replan)
    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] > 0.5:
            last[0] = now
            SchedulingRun.objects.filter(pk=run.pk).update(progress=min(max(fraction, 0.0), 1.0),
                                                           message=message[:300])

    from liaison.scheduling import solve  # OR-Tools: loaded by the worker, not the web

    try:
        result = solve(instance, time_limit=run.time_limit, seed=seed, progress=progress)
    except Exception as exc:  # the run records the failure for the page
        SchedulingRun.objects.filter(pk=run.pk).update(status="failed", message=str(exc)[:300],
                                                       finished_at=timezone.now())
        run.refresh_from_db()
        return run
    apply_result(event, rows, result)
    obj = result.objective
    bound = result.bound
    SchedulingRun.objects.filter(pk=run.pk).update(
        status="done", progress=1.0, message="done", solver_status=result.status,
        objective=obj.__dict__ if obj else {}, bound=bound.__dict__ if bound else {},
        seconds=result.seconds, finished_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def apply_result(event: Event, rows: Rows, result: Result) -> list[Meeting]:
    """Write a solver result onto the meetings; returns the meetings whose place changed."""
    placed = {a.meeting: a for a in result.assignments}
    reasons = {u.meeting: u.reason for u in result.unscheduled}
    changed: list[Meeting] = []
    published = bool(event.published_at)
    for code, m in rows.meetings.items():
        a = placed.get(code)
        hold = placed.get(f"hold-{code}")
        if hold is not None:  # a locked meeting stays where it is
            continue
        old = (m.slot_id, m.table_id, m.status)
        if a is not None:
            m.slot_id, m.table_id = int(a.slot[1:]), int(a.table[1:])
            m.interpreter_id = int(a.interpreter[1:]) if a.interpreter else None
            m.status, m.reason = Meeting.Status.SCHEDULED, ""
        else:
            m.slot_id = m.table_id = m.interpreter_id = None
            m.status = Meeting.Status.UNSCHEDULED
            m.reason = reasons.get(code, "")[:300]
        if (m.slot_id, m.table_id, m.status) != old:
            m.event = event
            _bump(m)
            if published:
                changed.append(m)
                if m.slot_id:  # an unscheduled meeting keeps its old place for calendars
                    m.published_slot_id = m.slot_id
        m.save()
    if changed:
        _notify_moved(event, [Meeting.objects.select_related("a__organization", "b__organization").get(pk=m.pk)
                              for m in changed])
    return changed


@transaction.atomic
def publish_schedule(event: Event, *, by: Any) -> Event:
    """Publish: the agendas become visible to participants. Side effect: every participant's
    members are notified."""
    require(by, "events.manage_event", event)
    if not event.meetings.filter(status=Meeting.Status.SCHEDULED).exists():
        raise ValidationError(_("Run the scheduler before publishing."))
    for m in event.meetings.filter(status=Meeting.Status.SCHEDULED):
        if m.published_slot_id != m.slot_id:
            if event.published_at:
                m.sequence += 1
            m.published_slot_id = m.slot_id
            m.save(update_fields=["published_slot", "sequence"])
    first = event.published_at is None
    event.published_at = timezone.now()
    if event.status in (Event.Status.DRAFT, Event.Status.REGISTRATION, Event.Status.REQUESTS):
        event.status = Event.Status.SCHEDULED
    event.save(update_fields=["published_at", "status"])
    if first:
        notify(users_of(event.registrations.all()), kind="events.published",
               title=gettext_lazy("Your agenda for %(event)s is ready"),
               url=f"/events/{event.pk}/agenda/", context={"event": event.title})
    return event


@transaction.atomic
def record_outcome(meeting: Meeting, *, by: Any, outcome: str) -> Meeting:
    """Held or no-show, marked on the day by the host office."""
    require(by, "events.check_in", meeting)
    if outcome not in Meeting.Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    meeting.outcome = outcome
    meeting.save(update_fields=["outcome"])
    return meeting


@transaction.atomic
def give_feedback(meeting: Meeting, *, by: Any, registration: Registration, useful: bool,
                  follow_up: bool, comment: str = "") -> Feedback:
    """One side's feedback on a meeting (replaces an earlier answer)."""
    require(by, "events.give_feedback", meeting)
    if registration.pk not in (meeting.a_id, meeting.b_id) or not by.has_perm(
        "events.change_registration", registration
    ) and registration.organization_id not in {m.organization_id for m in by.memberships.all()}:
        raise ValidationError(_("You can only answer for your own organization."))
    feedback, _created = Feedback.objects.update_or_create(
        meeting=meeting, registration=registration,
        defaults={"useful": useful, "follow_up": follow_up, "comment": comment, "created_by": by},
    )
    return feedback


def meeting_languages(meeting: Meeting) -> list[str]:
    """The language pair the meeting needs bridged ([] when the sides share one)."""
    interps = [set(i.languages) for i in meeting.event.interpreters.filter(status=Interpreter.Status.CONFIRMED)]
    return language_pair(meeting.a.languages(), meeting.b.languages(), interps)
