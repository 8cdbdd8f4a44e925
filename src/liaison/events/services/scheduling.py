"""The schedule, by the host office: queue a scheduler run (a background task; the solving
and re-planning itself is `services.planning`), add, move, lock and cancel meetings by hand,
publish the schedule."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import User
from liaison.common.errors import ValidationError, require

# The module, not the name: `tasks` imports `services.planning`, and so this package, first
# when the worker loads it.
from liaison.events import tasks
from liaison.events.invitations import Change, send_agendas, send_changes
from liaison.events.models import (
    BlockedPair,
    Event,
    Interpreter,
    Meeting,
    MeetingRequest,
    Registration,
    SchedulingRun,
    Slot,
    Table,
)
from liaison.events.pairs import pair_refusal
from liaison.events.planner import (
    ACTIVE,
    build_instance,
    current_result,
    explain,
    interpreter_code,
    interpreter_pk,
    language_pair,
    load_rows,
    meeting_code,
    slot_code,
    table_code,
)
from liaison.events.services._common import bump_sequence, users_of
from liaison.events.services.planning import notify_moved
from liaison.notifications.services import notify
from liaison.scheduling import Assignment, verify

TIME_LIMIT_RANGE = (1.0, 600.0)  # seconds a run may take


@transaction.atomic
def start_scheduling(event: Event, *, by: User, time_limit: float = 30.0) -> SchedulingRun:
    """Queue a scheduler run (a background task). After publication it is a re-plan: the
    fewest moves from the published schedule. Side effect: task enqueued."""
    require(by, "events.manage_event", event)
    if not event.meetings.filter(status__in=ACTIVE).exists():
        raise ValidationError(_("There are no accepted meetings to schedule."))
    if event.runs.filter(status__in=[SchedulingRun.Status.QUEUED, SchedulingRun.Status.RUNNING]).exists():
        raise ValidationError(_("A scheduler run is already under way."))
    low, high = TIME_LIMIT_RANGE
    run = SchedulingRun.objects.create(event=event, replan=bool(event.published_at), started_by=by,
                                       time_limit=max(low, min(time_limit, high)),
                                       message=_("Waiting for a worker"))
    transaction.on_commit(lambda: tasks.schedule_event.enqueue(run.pk))
    return run


@transaction.atomic
def add_meeting(event: Event, *, by: User, a: Registration, b: Registration,
                priority: int = MeetingRequest.Priority.MEDIUM) -> Meeting:
    """An officer adds a meeting directly (a late addition); a re-plan places it."""
    require(by, "events.manage_event", event)
    if a.event_id != event.pk or b.event_id != event.pk or a.pk == b.pk:
        raise ValidationError({"b": _("Choose two different participants of this event.")})
    if a.waitlisted or b.waitlisted:
        raise ValidationError({"b": _("A firm on the waiting list takes no meetings until it is admitted.")})
    refusal = pair_refusal(event, a.organization, b.organization)
    if refusal:
        raise ValidationError({"b": refusal})
    if priority not in MeetingRequest.Priority.values:
        raise ValidationError({"priority": _("Unknown priority.")})
    return Meeting.objects.create(event=event, a=a, b=b, priority=priority)


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by: User) -> Meeting:
    """Cancel: the slot and table are freed; calendars get STATUS:CANCELLED. Side effect:
    both sides are notified when the schedule was published."""
    require(by, "events.cancel_meeting", meeting)
    was_placed = meeting.status == Meeting.Status.SCHEDULED
    old_slot = meeting.slot
    meeting.status = Meeting.Status.CANCELLED
    meeting.locked = False
    bump_sequence(meeting)
    meeting.save()
    if meeting.event.published_at:
        notify(users_of([meeting.a, meeting.b]), kind="events.cancelled",
               title=gettext_lazy("Meeting cancelled: %(a)s – %(b)s"),
               url=reverse("events:detail", args=[meeting.event_id]),
               context={"a": str(meeting.a.organization), "b": str(meeting.b.organization)})
        if was_placed:
            send_changes(meeting.event, [Change(meeting, "dropped", old_slot=old_slot,
                                                old_interpreter_id=meeting.interpreter_id)])
    return meeting


@transaction.atomic
def block_pair(event: Event, *, by: User, a: Registration, b: Registration) -> BlockedPair:
    """The host office keeps two participants apart: no request between them is accepted from
    now on. (Meetings already agreed stay; cancel them by hand.)"""
    require(by, "events.manage_event", event)
    if a.event_id != event.pk or b.event_id != event.pk or a.pk == b.pk:
        raise ValidationError({"b": _("Choose two different participants of this event.")})
    pair, _created = BlockedPair.objects.get_or_create(event=event, a_id=a.organization_id,
                                                       b_id=b.organization_id)
    return pair


@transaction.atomic
def set_locked(meeting: Meeting, *, by: User, locked: bool) -> Meeting:
    require(by, "events.manage_event", meeting)
    if locked and not meeting.slot_id:
        raise ValidationError(_("Only a scheduled meeting can be locked."))
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    return meeting


@transaction.atomic
def move_meeting(meeting: Meeting, *, by: User, slot: Slot, table: Table) -> Meeting:
    """Move a meeting by hand. The move is checked by the scheduler's verifier (the same
    rules as the solver) and refused with the broken rules named. Keeps the interpreter
    when free, else picks one who speaks the pair and is free in that slot. Side effect:
    after publication, both sides are notified."""
    require(by, "events.manage_event", meeting)
    event = meeting.event
    if slot.session.event_id != event.pk or table.event_id != event.pk:
        raise ValidationError(_("That slot or table belongs to another event."))
    rows = load_rows(event)
    instance = build_instance(event, rows, hold_locked=False)
    code = meeting_code(meeting.pk)
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
        interpreter = (interpreter_code(candidates[0].pk) if candidates
                       else interpreter_code(m.interpreter_id) if m.interpreter_id else None)
    moved = Assignment(meeting=code, slot=slot_code(slot.pk), table=table_code(table.pk), interpreter=interpreter)
    verdict = verify(instance, current_result(rows, {code: moved}))
    if verdict.violations:
        raise ValidationError([_("This move breaks a rule: %(rule)s") % {"rule": explain(rows, v)}
                               for v in verdict.violations])
    changed = meeting.slot_id != slot.pk or meeting.table_id != table.pk
    old_slot, old_interpreter = meeting.slot, meeting.interpreter_id
    meeting.slot, meeting.table = slot, table
    meeting.interpreter_id = interpreter_pk(interpreter)
    meeting.languages = m.languages
    meeting.status = Meeting.Status.SCHEDULED
    meeting.reason = ""
    if changed:
        bump_sequence(meeting)
    meeting.save()
    if changed and event.published_at:
        meeting.published_slot = slot
        meeting.save(update_fields=["published_slot"])
        notify_moved(event, [meeting])
        send_changes(event, [Change(meeting, "moved", old_slot=old_slot, old_interpreter_id=old_interpreter)])
    return meeting


@transaction.atomic
def publish_schedule(event: Event, *, by: User) -> Event:
    """Publish: the agendas become visible to participants. Side effect: every participant's
    members are notified."""
    require(by, "events.manage_event", event)
    if not event.meetings.filter(status=Meeting.Status.SCHEDULED).exists():
        raise ValidationError(_("Run the scheduler before publishing."))
    changes: list[Change] = []
    for m in event.meetings.filter(status=Meeting.Status.SCHEDULED).select_related(
            "published_slot", "slot", "table", "interpreter", "a__organization", "b__organization"):
        if m.published_slot_id != m.slot_id:
            if event.published_at:
                m.sequence += 1
                changes.append(Change(m, "moved" if m.published_slot_id else "new", old_slot=m.published_slot))
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
               url=reverse("events:my_agenda", args=[event.pk]), context={"event": event.title})
        send_agendas(event)
    elif changes:
        send_changes(event, changes)
    return event


def meeting_languages(meeting: Meeting) -> list[str]:
    """The language pair the meeting needs bridged ([] when the sides share one)."""
    interps = [set(i.languages) for i in meeting.event.interpreters.filter(status=Interpreter.Status.CONFIRMED)]
    return language_pair(meeting.a.languages(), meeting.b.languages(), interps)
