"""Operational exports, CSV and XLSX, in the user's language and formula-safe: the directory
(with its filters), an organization's contacts (officers and HQ), opportunities, introductions
with their status, and an event's participants, meeting requests and meeting list (host
officers and HQ). Each export shows only what the user may see on the pages: the same
selectors and rules.

An export of at most LIAISON_EXPORT_INLINE_ROWS rows is made in the request; a larger one is
made by the worker (`ExportJob`, a page with a progress bar, then the download).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import User
from liaison.accounts.requests import SignedInRequest
from liaison.common.access import get_for, valid_id
from liaison.onboarding.models import ExportJob
from liaison.onboarding.tabular import CONTENT_TYPES, dataset
from liaison.onboarding.tabular import render as render_file

Rows = tuple[list[str], Iterator[list[Any]], int]
PARAMS = ("q", "ecosystem", "kind", "sector", "size", "office", "vetted", "type", "language",
          "status", "organization", "event")


@dataclass(frozen=True)
class Export:
    key: str
    title: Any
    rows: Callable[[User, dict[str, str]], Rows]


def _sectors(obj: Any) -> str:
    return "; ".join(s.code for s in obj.sectors.all())


def _english(obj: Any, field: str) -> str:
    return next((getattr(t, field) for t in obj.translations.all() if t.language == "en"), "")


def directory_rows(user: User, params: dict[str, str]) -> Rows:
    from liaison.directory.selectors import search_directory

    qs = (search_directory(user, params).select_related("ecosystem", "office")
          .prefetch_related("sectors", "translations").order_by("name", "pk").distinct())
    headers = [_("Name"), _("English name"), _("Kind"), _("Ecosystem"), _("Office"), _("Sectors"),
               _("Size"), _("Stage"), _("Founded"), _("Website"), _("Registry number"), _("Vetted")]

    def rows() -> Iterator[list[Any]]:
        for o in qs.iterator(chunk_size=1000):
            yield [o.name, _english(o, "name"), o.get_kind_display(), o.ecosystem.label, o.office.name,
                   _sectors(o), o.get_size_display(), o.get_stage_display(), o.founded_year,
                   o.website, o.registry_number, _("yes") if o.is_vetted else _("no")]
    return headers, rows(), qs.count()


def contacts_rows(user: User, params: dict[str, str]) -> Rows:
    from liaison.directory.access import organization_for

    organization = organization_for(user, params.get("organization"))
    if not (user.is_hq or user.has_perm("directory.vet_organization", organization)):
        raise PermissionDenied  # contacts are exported by the firm's officers and HQ only
    qs = organization.people.order_by("name", "pk")
    headers = [_("Organization"), _("Name"), _("Role"), _("E-mail"), _("Phone"), _("Languages")]
    rows = ([organization.name, p.name, p.job_title, p.email, p.phone, "; ".join(p.languages)]
            for p in qs)
    return headers, iter(rows), qs.count()


def opportunities_rows(user: User, params: dict[str, str]) -> Rows:
    from liaison.opportunities.selectors import (
        filter_opportunities,
        identity_visible_q,
        visible_opportunities,
    )

    qs = filter_opportunities(visible_opportunities(user), params, user=user)
    known = set(qs.filter(identity_visible_q(user)).values_list("pk", flat=True))
    qs = (qs.select_related("organization__ecosystem").prefetch_related("sectors")
          .order_by("-published_at", "pk").distinct())
    headers = [_("Title"), _("Type"), _("Status"), _("Organization"), _("Ecosystem"), _("Sectors"),
               _("Language"), _("Expires on"), _("Published on")]

    def rows() -> Iterator[list[Any]]:
        for o in qs.iterator(chunk_size=1000):
            yield [o.title, o.get_type_display(), o.get_status_display(),
                   o.organization.name if o.pk in known else _("(not disclosed)"),
                   o.organization.ecosystem.label, _sectors(o), o.language, o.expires_on,
                   timezone.localtime(o.published_at).date() if o.published_at else None]
    return headers, rows(), qs.count()


def introductions_rows(user: User, params: dict[str, str]) -> Rows:
    from liaison.introductions.selectors import visible_interests, with_related

    qs = with_related(visible_interests(user)).order_by("-created_at", "-pk")
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    headers = [_("Opportunity"), _("Interested organization"), _("Organization of the opportunity"),
               _("Status"), _("Sent on"), _("Answered on"), _("Answered by")]

    def rows() -> Iterator[list[Any]]:
        for i in qs.iterator(chunk_size=500):
            identity = user.has_perm("introductions.view_identity", i)
            hidden = _("(not disclosed)")
            yield [i.opportunity.title,
                   i.from_organization.name if identity or i.from_organization_id in mine else hidden,
                   i.to_organization.name if identity or i.to_organization_id in mine else hidden,
                   i.get_status_display(), timezone.localtime(i.created_at).date(),
                   timezone.localtime(i.answered_at).date() if i.answered_at else None,
                   (i.answered_for_label if identity or i.to_organization_id in mine
                    else i.answered_by_office_label)]
    from liaison.accounts.predicates import member_organization_ids

    mine = member_organization_ids(user)
    return headers, rows(), qs.count()


def _event(user: User, params: dict[str, str]) -> Any:
    from liaison.events.access import event_for

    event = event_for(user, params.get("event"))
    if not (user.is_hq or user.has_perm("events.manage_event", event)):
        raise PermissionDenied
    return event


def participants_rows(user: User, params: dict[str, str]) -> Rows:
    event = _event(user, params)
    qs = (event.registrations.select_related("organization__ecosystem", "own_table")
          .prefetch_related("attendees").order_by("organization__name", "pk"))
    headers = [_("Organization"), _("Ecosystem"), _("Attendees"), _("E-mail"), _("Languages"),
               _("Table"), _("Remote"), _("Most meetings"), _("Checked in")]

    def rows() -> Iterator[list[Any]]:
        for r in qs:
            people = list(r.attendees.all())
            yield [r.organization.name, r.organization.ecosystem.label,
                   "; ".join(a.name for a in people), "; ".join(a.email for a in people if a.email),
                   "; ".join(sorted({code for a in people for code in a.languages})),
                   r.own_table.name if r.own_table else "", _("yes") if r.remote else _("no"),
                   r.max_meetings, _("yes") if r.checked_in_at else _("no")]
    return headers, rows(), qs.count()


def requests_rows(user: User, params: dict[str, str]) -> Rows:
    event = _event(user, params)
    qs = (event.requests.select_related("requester__organization", "recipient__organization")
          .order_by("pk"))
    headers = [_("From"), _("To"), _("Priority"), _("Status"), _("Message")]
    rows = ([r.requester.organization.name, r.recipient.organization.name,
             r.get_priority_display(), r.get_status_display(), r.message] for r in qs)
    return headers, iter(rows), qs.count()


def meetings_rows(user: User, params: dict[str, str]) -> Rows:
    event = _event(user, params)
    qs = (event.meetings.select_related("slot", "table", "a__organization", "b__organization",
                                        "interpreter")
          .order_by("slot__starts_at", "table__name", "pk"))
    tz = event.tz
    headers = [_("Starts"), _("Ends"), _("Table"), _("Participant"), _("Participant"), _("Status"),
               _("Interpreter"), _("Languages")]
    rows = ([m.slot.starts_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if m.slot else "",
             m.slot.ends_at.astimezone(tz).strftime("%H:%M") if m.slot else "",
             m.table.name if m.table else "", m.a.organization.name, m.b.organization.name,
             m.get_status_display(), m.interpreter.name if m.interpreter else "",
             " ↔ ".join(m.languages or [])] for m in qs)
    return headers, iter(rows), qs.count()


EXPORTS = {e.key: e for e in [
    Export("directory", gettext_lazy("Directory"), directory_rows),
    Export("contacts", gettext_lazy("Contacts"), contacts_rows),
    Export("opportunities", gettext_lazy("Opportunities"), opportunities_rows),
    Export("introductions", gettext_lazy("Introductions"), introductions_rows),
    Export("participants", gettext_lazy("Participants"), participants_rows),
    Export("meeting-requests", gettext_lazy("Meeting requests"), requests_rows),
    Export("meetings", gettext_lazy("Meetings"), meetings_rows),
]}


def build(what: str, fmt: str, user: User, params: dict[str, str],
          progress: Callable[[int, int], None] | None = None) -> bytes:
    export = EXPORTS[what]
    headers, rows, total = export.rows(user, params)
    collected = []
    for n, row in enumerate(rows, start=1):
        collected.append(row)
        if progress and n % 1000 == 0:
            progress(n, total)
    return render_file([dataset(headers, collected, title=str(export.title))], fmt)


def _filename(what: str, fmt: str) -> str:
    return f"liaison-{what}-{timezone.localdate():%Y%m%d}.{fmt}"


def _params(request: SignedInRequest) -> dict[str, str]:
    params = {k: request.GET.get(k, "").strip()[:200] for k in PARAMS if request.GET.get(k)}
    for key in ("organization", "event"):
        if key in params and valid_id(params[key]) is None:
            raise Http404
    return params


@login_required
def export(request: SignedInRequest, what: str, fmt: str) -> HttpResponse:
    if what not in EXPORTS or fmt not in CONTENT_TYPES:
        raise Http404
    user = request.user
    params = _params(request)
    headers, _rows, total = EXPORTS[what].rows(user, params)  # checks who may, counts
    if total > settings.LIAISON_EXPORT_INLINE_ROWS:
        job = ExportJob.objects.create(what=what, fmt=fmt, params=params, created_by=user,
                                       language=translation.get_language() or "en", total=total)
        from liaison.onboarding.tasks import export_task

        export_task.enqueue(job.pk)
        messages.info(request, _("This export is large: it is being made in the background."))
        return redirect("onboarding:export_job", pk=job.pk)
    response = HttpResponse(build(what, fmt, user, params), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_filename(what, fmt)}"'
    return response


@login_required
def export_job(request: SignedInRequest, pk: int) -> HttpResponse:
    job = get_for(request.user, ExportJob.objects.defer("content"), pk,
                  view="onboarding.view_export", perm="onboarding.view_export")
    if request.GET.get("download") and job.status == ExportJob.Status.DONE:
        content = ExportJob.objects.values_list("content", flat=True).get(pk=job.pk)
        response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[job.fmt])
        response["Content-Disposition"] = f'attachment; filename="{_filename(job.what, job.fmt)}"'
        return response
    template = "onboarding/_export_job.html" if request.htmx else "onboarding/export_job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job, "title": EXPORTS[job.what].title})


def run_export(job: ExportJob) -> str:
    """Make a large export (the task's body); the job shows its progress, then the file."""
    if job.created_by is None:
        return "skipped"

    def step(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done, total=max(total, 1))

    try:
        with translation.override(job.language):
            content = build(job.what, job.fmt, job.created_by, job.params, progress=step)
    except Exception as error:  # shown on the job's page
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED,
                                                   message=str(error)[:500])
        return "failed"
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, content=content,
                                               done=job.total, finished_at=timezone.now())
    return "done"


@login_required
def exports_page(request: SignedInRequest) -> HttpResponse:
    """What the user may export; for host officers and HQ, each event's lists too."""
    from liaison.events.models import Event

    user = request.user
    events = (Event.objects.all() if user.is_hq else
              Event.objects.filter(host_office_id=user.office_id or 0)).order_by("-pk")[:50]
    return render(request, "onboarding/exports.html", {"events": events})
