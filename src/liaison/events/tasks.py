"""Background tasks of the events app: thin, they take ids, re-fetch and call a service.

`services.scheduling` enqueues them; what they call (`services.planning`) never imports
this module."""

from __future__ import annotations

from django_tasks import task

from liaison.events.models import SchedulingRun
from liaison.events.services.planning import run_scheduling


@task(priority=50)  # an officer waits for it: ahead of bulk work (embeddings, imports)
def schedule_event(run_id: int) -> None:
    run = SchedulingRun.objects.select_related("event").get(pk=run_id)
    run_scheduling(run)
