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
from django.utils.translation import gettext_lazy

from liaison.events.models import Event, Meeting, SchedulingRun
from liaison.events.planner import (
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


def notify_moved(event: Event, meetings: list[Meeting]) -> None:
    """Both sides of each meeting are told it has changed (after publication)."""
    for m in meetings:
        notify(users_of([m.a, m.b]), kind="events.replanned",
               title=gettext_lazy("Your meeting %(a)s – %(b)s at %(event)s has changed"),
               body=gettext_lazy("Please check your agenda."),
               url=reverse("events:my_agenda", args=[event.pk]),
               context={"a": str(m.a.organization), "b": str(m.b.organization), "event": event.title})
