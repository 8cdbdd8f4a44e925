"""Planning and re-planning: a scheduler run solves the event and writes the result onto the
meetings. After publication a run is a re-plan (the fewest moves from the published
schedule; moved meetings get a new SEQUENCE and both sides are told).

The task `events.tasks.schedule_event` calls `run_scheduling`; queuing a run is
`services.scheduling.start_scheduling`. This module does not import the tasks.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import User
from liaison.common.errors import ValidationError, require
from liaison.events.invitations import Change
from liaison.events.models import Event, Meeting, Proposal, SchedulingRun, Slot
from liaison.events.planner import (
    ACTIVE,
    Rows,
    build_instance,
    hold_code,
    interpreter_pk,
    load_rows,
    slot_pk,
    table_pk,
)
from liaison.events.services._common import bump_sequence, users_of
from liaison.notifications.services import notify
from liaison.scheduling import Result


def run_scheduling(run: SchedulingRun, *, seed: int = 0) -> SchedulingRun:
    """Solve the event (called by the task). Writes the result onto the meetings; on a
    re-plan, moved meetings get a new SEQUENCE and both sides are notified."""
    event = run.event
    SchedulingRun.objects.filter(pk=run.pk).update(status=SchedulingRun.Status.RUNNING, message="starting")
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
        SchedulingRun.objects.filter(pk=run.pk).update(status=SchedulingRun.Status.FAILED,
                                                       message=str(exc)[:300], finished_at=timezone.now())
        run.refresh_from_db()
        return run
    if run.replan and event.published_at:
        propose(event, rows, result, run)
    else:
        apply_result(event, rows, result)
    obj = result.objective
    bound = result.bound
    SchedulingRun.objects.filter(pk=run.pk).update(
        status=SchedulingRun.Status.DONE, progress=1.0, message="done", solver_status=result.status,
        objective=obj.__dict__ if obj else {}, bound=bound.__dict__ if bound else {},
        seconds=result.seconds, finished_at=timezone.now(),
        time_limit_cut=bool(result.message and "time limit" in result.message),
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
        if hold_code(code) in placed:  # a locked meeting stays where it is
            continue
        old = (m.slot_id, m.table_id, m.status)
        if a is not None:
            m.slot_id, m.table_id = slot_pk(a.slot), table_pk(a.table)
            m.interpreter_id = interpreter_pk(a.interpreter)
            m.status, m.reason = Meeting.Status.SCHEDULED, ""
        else:
            m.slot_id = m.table_id = m.interpreter_id = None
            m.status = Meeting.Status.UNSCHEDULED
            m.reason = reasons.get(code, "")[:300]
        if (m.slot_id, m.table_id, m.status) != old:
            m.event = event
            bump_sequence(m)
            if published:
                changed.append(m)
                if m.slot_id:  # an unscheduled meeting keeps its old place for calendars
                    m.published_slot_id = m.slot_id
        m.save()
    if changed:
        notify_moved(event, [Meeting.objects.select_related("a__organization", "b__organization").get(pk=m.pk)
                             for m in changed])
    return changed


def _state(m: Meeting) -> list[object]:
    return [m.slot_id, m.table_id, m.interpreter_id, m.status]


@transaction.atomic
def propose(event: Event, rows: Rows, result: Result, run: SchedulingRun) -> Proposal:
    """A re-plan after publication becomes a proposal: the solver's placements are kept (the
    meetings are not touched) with each meeting's state when proposed, so publishing can tell
    when the schedule changed meanwhile. An older open proposal is discarded."""
    placed = {a.meeting: a for a in result.assignments}
    reasons = {u.meeting: u.reason for u in result.unscheduled}
    plan: dict[str, dict[str, object]] = {}
    for code, m in rows.meetings.items():
        if hold_code(code) in placed:  # a locked meeting stays where it is
            continue
        a = placed.get(code)
        plan[str(m.pk)] = {
            "slot": slot_pk(a.slot) if a else None, "table": table_pk(a.table) if a else None,
            "interpreter": interpreter_pk(a.interpreter) if a else None,
            "reason": "" if a else reasons.get(code, "")[:300], "before": _state(m),
        }
    event.proposals.filter(status=Proposal.Status.OPEN).update(status=Proposal.Status.DISCARDED,
                                                                decided_at=timezone.now())
    return Proposal.objects.create(event=event, run=run, plan=plan)


def proposal_changes(proposal: Proposal) -> list[Change]:
    """The proposal against the published schedule: each meeting that would move (slot,
    table or interpreter), be dropped (with the solver's reason) or be placed anew."""
    meetings = {m.pk: m for m in proposal.event.meetings.filter(pk__in=[int(k) for k in proposal.plan])
                .select_related("slot", "table", "interpreter", "a__organization", "b__organization")}
    slots = {s.pk: s for s in Slot.objects.filter(session__event=proposal.event)}
    tables = {t.pk: t for t in proposal.event.tables.all()}
    interpreters = {i.pk: i for i in proposal.event.interpreters.all()}
    changes = []
    for key, p in proposal.plan.items():
        m = meetings.get(int(key))
        if m is None:
            continue
        old_slot, old_table, old_interpreter, old_status = p["before"]
        was_placed = old_status == Meeting.Status.SCHEDULED and old_slot is not None
        if p["slot"] is None:
            if was_placed:
                changes.append(Change(m, "dropped", old_slot=slots.get(old_slot), reason=p["reason"],
                                      old_interpreter_id=old_interpreter))
            continue
        if was_placed and [old_slot, old_table, old_interpreter] == [p["slot"], p["table"], p["interpreter"]]:
            continue
        # what it would be: shown on the copy, never saved from here
        m.slot, m.table = slots.get(p["slot"]), tables.get(p["table"])
        m.interpreter = interpreters.get(p["interpreter"]) if p["interpreter"] else None
        changes.append(Change(m, "moved" if was_placed else "new", old_slot=slots.get(old_slot),
                              old_interpreter_id=old_interpreter))
    changes.sort(key=lambda c: ({"dropped": 0, "moved": 1, "new": 2}[c.kind], c.meeting.pk))
    return changes


@transaction.atomic
def publish_proposal(proposal: Proposal, *, by: User) -> list[Change]:
    """Apply the re-plan: the changed meetings take their new place (SEQUENCE raised), the
    proposal is published. Refused when the schedule changed since it was proposed (re-plan
    again). Side effects: only the people of changed meetings are told, each with what
    changed for them: an in-app notification for the firms' members and an e-mail with
    the invitation or cancellation for every attendee and interpreter with an address."""
    require(by, "events.manage_event", proposal.event)
    proposal = Proposal.objects.select_for_update().select_related("event__host_office").get(pk=proposal.pk)
    event = proposal.event
    if proposal.status != Proposal.Status.OPEN:
        raise ValidationError(_("This proposal was already decided."))
    current = {m.pk: m for m in event.meetings.filter(pk__in=[int(k) for k in proposal.plan])}
    active = set(event.meetings.filter(status__in=ACTIVE, locked=False).values_list("pk", flat=True))
    if (any(str(pk) not in proposal.plan for pk in active)
            or any(_state(current[int(k)]) != p["before"] for k, p in proposal.plan.items() if int(k) in current)):
        raise ValidationError(_("The schedule changed since this re-plan was proposed: re-plan again."))
    changes = proposal_changes(proposal)
    for c in changes:
        p = proposal.plan[str(c.meeting.pk)]
        m = current[c.meeting.pk]
        if c.kind == "dropped":
            m.slot_id = m.table_id = m.interpreter_id = None
            m.status, m.reason = Meeting.Status.UNSCHEDULED, p["reason"]
        else:
            m.slot_id, m.table_id, m.interpreter_id = p["slot"], p["table"], p["interpreter"]
            m.status, m.reason = Meeting.Status.SCHEDULED, ""
            m.published_slot_id = p["slot"]
        m.sequence += 1
        m.save()
        c.meeting.sequence, c.meeting.status, c.meeting.reason = m.sequence, m.status, m.reason
        c.meeting.published_slot_id = m.published_slot_id
    proposal.status, proposal.decided_by, proposal.decided_at = Proposal.Status.PUBLISHED, by, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    event.published_at = timezone.now()
    event.save(update_fields=["published_at"])
    tell_changes(event, changes)
    return changes


@transaction.atomic
def discard_proposal(proposal: Proposal, *, by: User) -> Proposal:
    """Keep the published schedule; nobody is told anything."""
    require(by, "events.manage_event", proposal.event)
    if proposal.status != Proposal.Status.OPEN:
        raise ValidationError(_("This proposal was already decided."))
    proposal.status, proposal.decided_by, proposal.decided_at = Proposal.Status.DISCARDED, by, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal


def tell_changes(event: Event, changes: list[Change]) -> None:
    """The people of the changed meetings, and nobody else: each side's members in the app
    (what changed for that meeting), and every attendee and interpreter with an address by
    e-mail with the calendar update."""
    from liaison.events.invitations import send_changes

    for c in changes:
        m = c.meeting
        title = {
            "dropped": gettext_lazy("Dropped from the schedule: %(a)s – %(b)s at %(event)s"),
            "new": gettext_lazy("New in your agenda: %(a)s – %(b)s at %(event)s"),
        }.get(c.kind, gettext_lazy("Your meeting %(a)s – %(b)s at %(event)s has changed"))
        notify(users_of([m.a, m.b]), kind="events.replanned", title=title,
               body=gettext_lazy("Please check your agenda."), text=c.reason,
               url=reverse("events:my_agenda", args=[event.pk]),
               context={"a": str(m.a.organization), "b": str(m.b.organization), "event": event.title})
    send_changes(event, changes)


def notify_moved(event: Event, meetings: list[Meeting]) -> None:
    """Both sides of each meeting are told it has changed (after publication)."""
    for m in meetings:
        notify(users_of([m.a, m.b]), kind="events.replanned",
               title=gettext_lazy("Your meeting %(a)s – %(b)s at %(event)s has changed"),
               body=gettext_lazy("Please check your agenda."),
               url=reverse("events:my_agenda", args=[event.pk]),
               context={"a": str(m.a.organization), "b": str(m.b.organization), "event": event.title})
