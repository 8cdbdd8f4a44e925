"""Background work of imports (run by `liaison worker`). Thin: ids in, services called."""

from __future__ import annotations

from django_tasks import task

from liaison.common.worker import retry_after_crash
from liaison.onboarding import services
from liaison.onboarding.models import ExportJob, ImportJob


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


@task(priority=30)
def export_task(job_id: int) -> str:
    from liaison.onboarding.exports import run_export

    job = ExportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status != ExportJob.Status.RUNNING:
        return "skipped"
    return run_export(job)


# Safe to run again after a worker died in the middle: a preview writes no data, an import
# writes in one transaction (rolled back when the worker died) and plans again, an export
# starts over.
for _task in (preview_task, import_task, export_task):
    retry_after_crash(_task)
