"""Background work of imports (run by `liaison worker`). Thin: ids in, services called."""

from __future__ import annotations

from django_tasks import task

from liaison.onboarding import services
from liaison.onboarding.models import ImportJob


@task(priority=20)
def preview_task(job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.PREVIEWING:
        return "skipped"
    return services.preview(job).status


@task(priority=20)
def import_task(job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.IMPORTING:
        return "skipped"
    return services.run(job).status
