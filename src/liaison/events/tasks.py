"""Background tasks of the events app: thin, they take ids and call a service."""

from __future__ import annotations

from django_tasks import task


@task(priority=50)  # an officer waits for it: ahead of bulk work (embeddings, imports)
def schedule_event(run_id: int) -> None:
    from liaison.events.models import SchedulingRun
    from liaison.events.services import run_scheduling

    run = SchedulingRun.objects.select_related("event").get(pk=run_id)
    run_scheduling(run)
