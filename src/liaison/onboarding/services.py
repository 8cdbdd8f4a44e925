"""Import jobs: upload → preview (rows to create, to update, errors) → confirm → written.

The uploaded file is kept only until it is imported or found to have errors (it holds
personal data). A file of at most LIAISON_IMPORT_INLINE_ROWS rows is previewed and imported inside the request;
a larger one by the worker (`tasks.py`), the page showing a progress bar. The preview is made
again when the officer confirms (the database may have changed since); a file with any error
writes nothing. Messages are in the language of the person who uploaded the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.common.errors import PermissionDenied, ValidationError, require
from liaison.directory.models import Office
from liaison.onboarding import importers, spreadsheet
from liaison.onboarding.columns import KINDS
from liaison.onboarding.models import ImportJob

logger = logging.getLogger(__name__)


def _check_kind(kind: str, event: Any, by: User) -> None:
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    if kind == "registrations":
        if event is None:
            raise ValidationError({"event": _("Choose the event the registrations are for.")})
        if not by.has_perm("events.manage_event", event):
            raise PermissionDenied("events.manage_event")


@transaction.atomic
def start_import(*, by: User, kind: str, file_name: str, content: bytes,
                 office: Office | None = None, event: Any = None) -> ImportJob:
    """Take an uploaded file: refuse at once a file that is not a readable spreadsheet
    (ValidationError on "file"), then preview it — here for a small file, by the worker for
    a large one. An officer's imports are for their own office; HQ chooses one (or the file
    names it per row)."""
    require(by, "onboarding.import")
    _check_kind(kind, event, by)
    if not by.is_hq:
        office = by.office
    workbook = spreadsheet.read(content, file_name)
    rows = sum(len(s.rows) for s in workbook.sheets)
    if rows == 0:
        raise ValidationError({"file": _("The file has a header row but no data.")})
    job = ImportJob.objects.create(
        kind=kind, file_name=Path(file_name or "file").name[:200], content=content,
        file_type=workbook.file_type, encoding=workbook.encoding, rows=rows, office=office,
        event=event, created_by=by, language=translation.get_language() or settings.LANGUAGE_CODE,
        total=rows,
    )
    if rows <= settings.LIAISON_IMPORT_INLINE_ROWS:
        preview(job, workbook=workbook)
    else:
        from liaison.onboarding.tasks import preview_task

        transaction.on_commit(lambda: preview_task.enqueue(job.pk))
    return job


def _progress(job: ImportJob) -> Callable[[int, int], None]:
    def step(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=max(total, 1))

    return step


def _plan(job: ImportJob, workbook: spreadsheet.Workbook | None = None) -> importers.Plan:
    workbook = workbook or spreadsheet.read(bytes(job.content), job.file_name)
    return importers.plan(job.kind, workbook, by=job.created_by, office=job.office,
                          event=job.event, progress=_progress(job))


def preview(job: ImportJob, *, workbook: spreadsheet.Workbook | None = None) -> ImportJob:
    """Read and check every row; store what the import would do. Writes no directory data."""
    with translation.override(job.language):
        try:
            plan = _plan(job, workbook)
        except ValidationError as error:
            job.status, job.message = ImportJob.Status.INVALID, " ".join(error.messages)
            job.content = b""
            job.save(update_fields=["status", "message", "content"])
            return job
        job.preview = plan.summary()
        if job.encoding:
            job.preview["notes"].insert(0, _("Read as %(encoding)s text.") % {"encoding": job.encoding})
        job.status = ImportJob.Status.READY if plan.ok else ImportJob.Status.INVALID
        job.done = job.total
        fields = ["preview", "status", "done", "total"]
        if not plan.ok:  # the file holds personal data: kept only while it may be imported
            job.content = b""
            fields.append("content")
        job.save(update_fields=fields)
    return job


def confirm_import(job: ImportJob, *, by: User) -> ImportJob:
    """The officer confirms a previewed file without errors: it is imported (here, or by the
    worker for a large file)."""
    require(by, "onboarding.confirm_import", job)
    if job.status != ImportJob.Status.READY:
        raise ValidationError(_("Only a file that was read without errors can be imported."))
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.IMPORTING, done=0)
    if not updated:  # confirmed twice at once
        raise ValidationError(_("This file is already being imported."))
    job.refresh_from_db()
    if job.rows <= settings.LIAISON_IMPORT_INLINE_ROWS:
        return run(job)
    from liaison.onboarding.tasks import import_task

    import_task.enqueue(job.pk)
    return job


def run(job: ImportJob) -> ImportJob:
    """Plan again and, when still without errors, write everything in one transaction."""
    with translation.override(job.language):
        try:
            plan = _plan(job)
            if not plan.ok:
                job.preview, job.status = plan.summary(), ImportJob.Status.INVALID
                job.message = _("The data changed since the preview: the file has errors now. "
                                "Nothing was imported.")
            else:
                job.result = importers.apply(plan)
                job.status = ImportJob.Status.DONE
        except Exception as error:  # the job shows it failed; the transaction rolled back
            logger.exception("import %s failed", job.pk)
            job.status, job.message = ImportJob.Status.FAILED, str(error)[:500]
        job.done = job.total
        job.finished_at = timezone.now()
        job.content = b""  # the file holds personal data: not kept once imported (or not)
        job.save(update_fields=["preview", "status", "message", "result", "done", "finished_at",
                                "content"])
    return job
