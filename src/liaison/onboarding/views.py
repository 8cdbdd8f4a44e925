"""Pages of imports: upload, preview (with a progress bar while the worker reads a large file),
confirm, and the templates to download. Thin: parse, call the service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.requests import SignedInRequest
from liaison.common.access import get_for
from liaison.common.validation import apply_errors
from liaison.onboarding import services, spreadsheet
from liaison.onboarding.columns import COLUMNS, KINDS
from liaison.onboarding.forms import ImportForm
from liaison.onboarding.models import ImportJob
from liaison.onboarding.tabular import CONTENT_TYPES, dataset
from liaison.onboarding.tabular import render as render_file


def job_for(request: SignedInRequest, pk: int, perm: str = "onboarding.view_import") -> ImportJob:
    queryset = ImportJob.objects.defer("content").select_related("office", "event", "created_by")
    return get_for(request.user, queryset, pk, view="onboarding.view_import", perm=perm)


@login_required
def import_file(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("onboarding.import"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, hq=user.is_hq)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data["file"]
            spreadsheet.check_size(upload.size or 0)
            event = None
            if data.get("event"):
                from liaison.events.access import event_for

                event = event_for(user, data["event"], "events.manage_event")
            job = services.start_import(by=user, kind=data["kind"], file_name=upload.name or "",
                                        content=upload.read(), office=data.get("office"),
                                        event=event)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("onboarding:job", pk=job.pk)
    recent = ImportJob.objects.defer("content").filter(created_by=user)[:10]
    return render(request, "onboarding/import.html", {
        "form": form, "kinds": KINDS, "recent": recent,
        "max_mb": spreadsheet.max_bytes() // (1024 * 1024), "max_rows": spreadsheet.max_rows()})


@login_required
def job(request: SignedInRequest, pk: int) -> HttpResponse:
    found = job_for(request, pk)
    template = "onboarding/_job.html" if request.htmx else "onboarding/job.html"  # type: ignore[attr-defined]
    return render(request, template, {
        "job": found, "can_confirm": request.user.has_perm("onboarding.confirm_import", found)})


@login_required
@require_POST
def confirm(request: SignedInRequest, pk: int) -> HttpResponse:
    found = job_for(request, pk, "onboarding.confirm_import")
    try:
        found = services.confirm_import(found, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if found.status == ImportJob.Status.DONE:
            messages.success(request, _("The file is imported."))
    return redirect("onboarding:job", pk=pk)


@login_required
def template(request: SignedInRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty file with the kind's headers in the user's language and one example row."""
    if kind not in KINDS or fmt not in CONTENT_TYPES:
        raise Http404
    if not request.user.has_perm("onboarding.import"):
        raise PermissionDenied
    language = translation.get_language() or "en"
    columns = COLUMNS[kind]
    sheets = [dataset([c.header(language) for c in columns], [[c.example for c in columns]],
                      title=kind)]
    if kind == "organizations" and fmt == "xlsx":
        people = COLUMNS["people"]
        sheets.append(dataset([c.header(language) for c in people], [[c.example for c in people]],
                              title={"zh-hans": "联系人", "he": "אנשי קשר"}.get(language, "people")))
    response = HttpResponse(render_file(sheets, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="liaison-{kind}-{language}.{fmt}"'
    return response
