"""Opportunities and event registrations from a spreadsheet (see `importers` for the frame).

Opportunities are matched by their title within their organization; one imported as
"published" is published at once by the importing officer (validating is their job), others are
drafts. Registrations are grouped by organization (one row per attendee) and matched by the
organization within the event; they are made through the events service (`register`), whose
rules they follow: the host office's officers register any organization.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.common.errors import ValidationError
from liaison.common.text import search_document
from liaison.onboarding.columns import COLUMNS
from liaison.onboarding.importers import (
    CellError,
    Context,
    OrganizationIndex,
    Plan,
    Planned,
    Progress,
    Rows,
    _choice,
    _choice_lookup,
    _organization_ref,
    date,
    items,
    yes_no,
)
from liaison.onboarding.spreadsheet import Sheet
from liaison.opportunities.models import (
    Opportunity,
    OpportunityTranslation,
    OpportunityType,
    Status,
    StatusChange,
)
from liaison.opportunities.services import validate_opportunity

OPP_FIELDS = ("type", "title", "summary", "description", "language", "expires_on")
IMPORT_STATUSES = {"draft": Status.DRAFT, "published": Status.PUBLISHED, "草稿": Status.DRAFT,
                   "发布": Status.PUBLISHED, "已发布": Status.PUBLISHED, "טיוטה": Status.DRAFT,
                   "פורסם": Status.PUBLISHED}


def plan_opportunities(sheet: Sheet, ctx: Context, plan: Plan, progress: Progress | None) -> None:
    rows = Rows(sheet, COLUMNS["opportunities"], plan)
    if rows.header_errors:
        return
    index = OrganizationIndex()
    types = _choice_lookup(OpportunityType.choices)
    languages = _choice_lookup([("en", "English"), ("zh", "Chinese"), ("he", "Hebrew"),
                                ("zh", "中文"), ("he", "עברית")])
    parsed: list[tuple[int, int, dict[str, Any], str]] = []
    status: str | None
    total = len(sheet.rows)
    for count, (row, values) in enumerate(rows, start=1):
        if progress and count % 500 == 0:
            progress(count, total)
        errors_before = len(plan.errors)
        target = _organization_ref(rows, row, values, index, ctx)
        data: dict[str, Any] = {}
        for key in ("title", "summary", "description", "title_en", "summary_en"):
            value = rows.cell(row, values, key)
            if value:
                data[key] = value
        for key, lookup in (("type", types), ("language", languages)):
            value = _choice(rows, row, values, key, lookup)
            if value:
                data[key] = value
        expires = rows.cell(row, values, "expires_on", date)
        if expires:
            data["expires_on"] = expires
        sectors = []
        for name in rows.cell(row, values, "sectors", items) or []:
            sector = ctx.sectors.get(name)
            if sector is None:
                rows.error(row, rows.header("sectors"), ctx.sectors.unknown(name, _("sector")))
            elif sector not in sectors:  # "energy; Energy" names it once
                sectors.append(sector)
        data["sectors"] = sectors
        status_text = (rows.cell(row, values, "status") or "draft").casefold()
        status = IMPORT_STATUSES.get(status_text)
        if status is None:
            rows.error(row, rows.header("status"), _("Write draft or published."))
        if target is None or len(plan.errors) > errors_before:
            continue
        if not isinstance(target, int):
            rows.error(row, rows.header("organization"),
                       _("Import the organization first, then its opportunities."))
            continue
        try:
            cleaned = validate_opportunity(data)
        except ValidationError as error:
            rows.service_errors(row, error, {})
            continue
        parsed.append((row, target, cleaned, status or Status.DRAFT))
    orgs = {o.pk: o for o in _organizations([p[1] for p in parsed])}
    existing: dict[tuple[int, str], Opportunity] = {}
    for opp in Opportunity.objects.filter(organization_id__in=list(orgs)).prefetch_related(
            "sectors", "translations"):
        existing.setdefault((opp.organization_id, opp.title.casefold().strip()), opp)
    seen: dict[tuple[int, str], int] = {}
    for row, org_id, cleaned, status in parsed:
        org = orgs[org_id]
        if not ctx.may_write_for(org.office_id):
            rows.error(row, rows.header("organization"),
                       _("This organization belongs to another office: you may not import its "
                         "opportunities."))
            continue
        dedup = (org_id, cleaned["title"].casefold())
        if dedup in seen:
            rows.error(row, rows.header("title"), _(
                "The same opportunity as row %(row)d: each title once per organization.")
                % {"row": seen[dedup]})
            continue
        seen[dedup] = row
        cleaned.setdefault("expires_on", timezone.localdate() + dt.timedelta(days=365))
        item = Planned(row=row, label=cleaned["title"], matched_by="title",
                       existing=existing.get(dedup), values={**cleaned, "status": status},
                       sheet=sheet.title, ref=org)
        opp = item.existing
        if opp is None:
            plan.creates.append(item)
            continue
        item.changed = [f for f in OPP_FIELDS if cleaned.get(f) not in (None, "")
                        and cleaned[f] != getattr(opp, f)]
        if {s.pk for s in cleaned["sectors"]} != {s.pk for s in opp.sectors.all()}:
            item.changed.append("sectors")
        if status == Status.PUBLISHED and opp.status != Status.PUBLISHED:
            rows.error(row, rows.header("status"), _(
                "This opportunity exists already (%(status)s): publish it from its page.")
                % {"status": opp.get_status_display()})
            continue
        if item.changed:
            plan.updates.append(item)
        else:
            plan.unchanged += 1
    plan.errors.sort(key=lambda e: e.row)


def _organizations(ids: list[int]) -> list[Any]:
    from liaison.directory.models import Organization

    found = []
    unique = sorted(set(ids))
    for start in range(0, len(unique), 900):
        found += list(Organization.objects.filter(pk__in=unique[start:start + 900]))
    return found


def apply_opportunities(plan: Plan, ctx: Context) -> bool:
    now = timezone.now()
    creates = []
    for item in plan.creates:
        v = item.values
        opp = Opportunity(organization=item.ref, created_by=ctx.by, status=v["status"],
                          **{f: v[f] for f in OPP_FIELDS if v.get(f) not in (None, "")})
        if v["status"] == Status.PUBLISHED:
            opp.submitted_at = opp.published_at = now
            opp.validated_by = ctx.by
        opp.search_document = search_document(opp.title, opp.summary, opp.description,
                                              v.get("title_en"), v.get("summary_en"))
        creates.append(opp)
        item.obj = opp
    Opportunity.objects.bulk_create(creates, batch_size=500)
    through = Opportunity.sectors.through
    through.objects.bulk_create([through(opportunity_id=i.obj.pk, sector_id=s.pk)
                                 for i in plan.creates for s in i.values["sectors"]], batch_size=1000)
    OpportunityTranslation.objects.bulk_create(
        [OpportunityTranslation(opportunity=i.obj, language="en",
                                title=i.values.get("title_en") or i.obj.title,
                                summary=i.values.get("summary_en") or i.obj.summary)
         for i in plan.creates if i.obj.language != "en"
         and (i.values.get("title_en") or i.values.get("summary_en"))], batch_size=500)
    StatusChange.objects.bulk_create(
        [StatusChange(opportunity=i.obj, from_status="", to_status=i.obj.status, actor=ctx.by,
                      note=_("Imported")) for i in plan.creates], batch_size=1000)
    for item in plan.updates:
        opp, v = item.existing, item.values
        for f in item.changed:
            if f in OPP_FIELDS:
                setattr(opp, f, v[f])
        if "sectors" in item.changed:
            opp.sectors.set(v["sectors"])
        opp.search_document = search_document(opp.title, opp.summary, opp.description,
                                              *[f"{t.title} {t.summary}" for t in opp.translations.all()])
        opp.save()
    return bool(plan.creates or plan.updates)


# ------------------------------------------------------------------ registrations
def plan_registrations(sheet: Sheet, ctx: Context, plan: Plan, event: Any,
                       progress: Progress | None) -> None:
    from liaison.events.services import registration_errors

    rows = Rows(sheet, COLUMNS["registrations"], plan)
    if rows.header_errors:
        return
    if event is None:
        rows.error(1, "", _("Choose the event the registrations are for."))
        return
    if ctx.by is None or not ctx.by.has_perm("events.manage_event", event):
        rows.error(1, "", _("Only an officer of the event's host office imports its registrations."))
        return
    index = OrganizationIndex()
    sessions = {s.name.casefold(): s for s in event.sessions.all()}
    groups: dict[int, dict[str, Any]] = defaultdict(lambda: {"attendees": [], "rows": []})
    for row, values in rows:
        errors_before = len(plan.errors)
        target = _organization_ref(rows, row, values, index, ctx)
        attendee: dict[str, Any] = {"name": rows.cell(row, values, "attendee") or "",
                                    "email": rows.cell(row, values, "email") or "",
                                    "languages": [c.lower() for c in
                                                  rows.cell(row, values, "languages", items) or []]}
        unavailable = []
        for name in rows.cell(row, values, "unavailable", items) or []:
            session = sessions.get(name.casefold())
            if session is None:
                rows.error(row, rows.header("unavailable"), _(
                    "No session “%(name)s” in this event (sessions: %(names)s).")
                    % {"name": name, "names": ", ".join(s.name for s in sessions.values())})
            else:
                unavailable.append(session)
        attendee["unavailable_sessions"] = unavailable or None
        most = rows.cell(row, values, "max_meetings")
        remote = rows.cell(row, values, "remote", yes_no)
        if most:
            try:
                most_value = int(float(most))
                if not 0 < most_value <= 100:
                    raise CellError
            except (ValueError, CellError):
                rows.error(row, rows.header("max_meetings"), _("A whole number from 1 to 100."))
                most_value = None
        else:
            most_value = None
        if target is None or len(plan.errors) > errors_before:
            continue
        if not isinstance(target, int):
            rows.error(row, rows.header("organization"),
                       _("Import the organization first, then its registrations."))
            continue
        group = groups[target]
        group["attendees"].append(attendee)
        group["rows"].append(row)
        if most_value:
            group["max_meetings"] = most_value
        if remote:
            group["remote"] = True
    orgs = {o.pk: o for o in _organizations(list(groups))}
    registered = {r.organization_id: r for r in event.registrations.prefetch_related("attendees")}
    for org_id, group in groups.items():
        first = group["rows"][0]
        org = orgs[org_id]
        existing = registered.get(org_id)
        if existing is not None:
            known = {(a.email.casefold() or a.name.casefold()) for a in existing.attendees.all()}
            new = [a for a in group["attendees"]
                   if (a["email"].casefold() or a["name"].casefold()) not in known]
            item = Planned(row=first, label=org.display_name, matched_by="organization",
                           existing=existing, values={"attendees": new}, sheet=sheet.title, ref=org,
                           changed=["attendees"] if new else [])
            added_errors = registration_errors(event, by=ctx.by, organization=None,
                                               attendees=new) if new else {}
            for messages in added_errors.values():
                for message in messages:
                    rows.error(first, rows.header("attendee"), str(message))
            if added_errors:
                continue
            if new:
                plan.updates.append(item)
            else:
                plan.unchanged += 1
            continue
        errors = registration_errors(event, by=ctx.by, organization=org,
                                     attendees=group["attendees"])
        for field_name, messages in errors.items():
            for message in messages:
                rows.error(first, rows.header({"attendees": "attendee"}.get(field_name, field_name)),
                           str(message))
        if not errors:
            plan.creates.append(Planned(row=first, label=org.display_name, matched_by="organization",
                                        values=group, sheet=sheet.title, ref=org))
    plan.errors.sort(key=lambda e: e.row)


def apply_registrations(plan: Plan, ctx: Context) -> None:
    from liaison.events.models import Attendee
    from liaison.events.services import register

    assert ctx.by is not None and plan.event is not None
    for item in plan.creates:
        v = item.values
        item.obj = register(plan.event, by=ctx.by, organization=item.ref, attendees=v["attendees"],
                            remote=v.get("remote", False), max_meetings=v.get("max_meetings"))
    for item in plan.updates:
        for a in item.values["attendees"]:
            attendee = Attendee.objects.create(
                registration=item.existing, name=a["name"], email=a["email"],
                languages=sorted(set(a["languages"])))
            attendee.unavailable_sessions.set(a["unavailable_sessions"]
                                              or item.existing.unavailable_sessions.all())

