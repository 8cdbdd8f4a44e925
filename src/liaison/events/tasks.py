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


def run_abandoned(sender: object, *, task_path: str, args: list[object], retried: bool,
                  **kwargs: object) -> None:
    """A scheduling run whose worker died: the page shows "failed · the worker stopped"."""
    if task_path != schedule_event.module_path or retried or not args:
        return
    from django.utils import timezone

    from liaison.common.worker import WORKER_STOPPED
    from liaison.events.models import SchedulingRun

    SchedulingRun.objects.filter(pk=int(str(args[0])), status__in=["queued", "running"]).update(
        status="failed", message=WORKER_STOPPED, finished_at=timezone.now())
