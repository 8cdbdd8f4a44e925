"""Background tasks of matchmaking (run by `liaison worker`). Thin: ids in, services called."""

from __future__ import annotations

from django_tasks import task

from liaison.common.worker import retry_after_crash
from liaison.matchmaking import services


@task()
def sync_opportunity_task(opportunity_id: int) -> int:
    return services.sync_opportunity(opportunity_id)


@task()
def sync_organization_task(organization_id: int) -> int:
    return services.sync_organization(organization_id)


@task()
def reindex_task(organizations: str = "all", job_id: int | None = None) -> dict[str, int]:
    """Rebuild the index and matches (after a bulk load such as the demo seed), with its
    progress in IndexJob `job_id` for the pages."""
    result: dict[str, int] = services.tracked(
        job_id, lambda progress: services.reindex(organizations=organizations, progress=progress))
    return result


@task()
def reembed_task() -> dict[str, int]:
    """Re-embed the index in the configured model, then refresh the stored matches."""
    result: dict[str, int] = services.tracked(None, lambda progress: services.reembed(progress=progress))
    return result


# Idempotent (they re-read the database and rewrite the index and matches): a worker that
# died in the middle of one leaves it to be run again.
for _task in (sync_opportunity_task, sync_organization_task, reindex_task, reembed_task):
    retry_after_crash(_task)
