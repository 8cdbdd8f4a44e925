"""Planning and writing an import: rows to create, rows to update (matched by a stable key),
rows with errors (row, column, message) — then, only when there is no error, the writes.

`plan(kind, workbook, *, by, office, event)` reads every row and checks it with the same
service rules as a page (`validate_organization`, `validate_person`, `validate_opportunity`),
and writes nothing. `apply(plan)` writes a plan without errors in one transaction, in bulk
(thousands of rows in seconds), and asks for one reindex of the match index after the batch.
Re-importing the same file finds every row unchanged and writes nothing.

The keys that match a row to what Liaison already holds:
- organizations: the registry number; otherwise the website's domain; otherwise the name in
  its ecosystem;
- people: the e-mail address within the organization (otherwise the name);
- opportunities: the title within the organization;
- registrations: the organization within the event.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.common.errors import ValidationError
from liaison.common.text import search_document
from liaison.common.validation import messages_by_field
from liaison.directory.models import (
    Ecosystem,
    Office,
    Organization,
    OrganizationTranslation,
    Person,
    Sector,
)
from liaison.directory.services import validate_organization, validate_person
from liaison.onboarding.columns import COLUMNS, PEOPLE_SHEETS, Column, header_map, normalize_header
from liaison.onboarding.spreadsheet import Sheet, Workbook

Progress = Callable[[int, int], None]
LIST_SPLIT = re.compile(r"[;,，、；|\n]+")


@dataclass
class RowError:
    row: int
    column: str
    message: str
    sheet: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "sheet": self.sheet}


@dataclass
class Planned:
    """One row that will be written: created (existing is None) or updated."""

    row: int
    label: str
    matched_by: str = ""  # "registry", "domain", "name", "email", "title", "organization"
    existing: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    sheet: str = ""
    ref: Any = None  # what the row points to (an organization, planned or existing)
    obj: Any = None  # the written row, after apply


@dataclass
class Plan:
    kind: str
    creates: list[Planned] = field(default_factory=list)
    updates: list[Planned] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    people: Plan | None = None  # contacts imported with organizations (second sheet)
    by: User | None = None
    event: Any = None
    ctx: Any = None

    @property
    def ok(self) -> bool:
        return not self.all_errors()

    def all_errors(self) -> list[RowError]:
        return [*self.errors, *(self.people.errors if self.people else [])]

    def summary(self, limit: int = 500) -> dict[str, Any]:
        """What the preview page shows (JSON)."""
        language = translation.get_language() or "en"

        def label(kind: str, key: str) -> str:
            key = {"attendees": "attendee"}.get(key, key)
            column = next((c for c in COLUMNS[kind] if c.key == key), None)
            return column.header(language) if column else key

        def rows(items: list[Planned], kind: str = self.kind) -> list[dict[str, Any]]:
            return [{"row": p.row, "sheet": p.sheet, "label": p.label, "matched_by": p.matched_by,
                     "changed": [label(kind, f) for f in p.changed]} for p in items[:limit]]
        errors = self.all_errors()
        data: dict[str, Any] = {
            "kind": self.kind, "create": len(self.creates), "update": len(self.updates),
            "unchanged": self.unchanged, "error_count": len(errors),
            "errors": [e.as_dict() for e in errors[:limit]],
            "creates": rows(self.creates), "updates": rows(self.updates), "notes": self.notes,
        }
        if self.people is not None:
            data["people"] = {"create": len(self.people.creates), "update": len(self.people.updates),
                              "unchanged": self.people.unchanged,
                              "creates": rows(self.people.creates, "people"),
                              "updates": rows(self.people.updates, "people")}
        return data


# ------------------------------------------------------------------ reading cells
class CellError(Exception):
    pass


def text(value: Any) -> str:
    """A cell as text: numbers Excel stored for an identifier lose their ".0"; a formula is
    refused (it would be read as its last computed value, or not at all)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    result = str(value).strip()
    if result.startswith("="):
        raise CellError(_("This cell holds a formula: type its value instead."))
    return result


YES = {"yes", "y", "true", "1", "x", "是", "是的", "已审核", "כן", "✓"}
NO = {"no", "n", "false", "0", "否", "不", "未审核", "לא", ""}


def yes_no(value: Any) -> bool:
    raw = text(value).casefold()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(_("Write yes or no."))


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y",
                "%Y年%m月%d日", "%Y%m%d", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y")


def date(value: Any) -> dt.date | None:
    """A date from an Excel date cell or text in one of the usual ways of writing it
    (2027-06-30, 2027/6/30, 2027年6月30日, 30.06.2027, 30/06/2027 — day first, as in Israel,
    Europe and China's own Y/M/D order — 30 Jun 2027)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if not raw:
        return None
    raw = re.sub(r"\s+", " ", raw.replace("号", "日"))
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise CellError(_("Not a date: write it as 2027-06-30 (or 30.06.2027, 2027年6月30日)."))


def year(value: Any) -> int | str:
    if isinstance(value, dt.date):
        return value.year
    raw = text(value)
    if re.fullmatch(r"\d{4}([-/.年].*)?", raw):
        return int(raw[:4])
    return raw  # the service names what is wrong with it


def amount(value: Any) -> Decimal | str:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    raw = re.sub(r"[\s,，]", "", text(value))
    if not raw:
        return ""
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise CellError(_("Not an amount: write digits only, e.g. 1200000.")) from None


def items(value: Any) -> list[str]:
    return [part.strip() for part in LIST_SPLIT.split(text(value)) if part.strip()]


def domain_of(website: str) -> str:
    raw = website.strip().lower()
    if not raw:
        return ""
    host = urlsplit(raw if "://" in raw else f"https://{raw}").hostname or ""
    return host.removeprefix("www.")


def registry_key(value: str) -> str:
    return re.sub(r"[\s\-./]", "", value).upper()


# ------------------------------------------------------------------ reference data
class Lookup:
    """Codes and labels (in every UI language) → a row, with the nearest code suggested."""

    def __init__(self, rows: Iterable[Any], labels: Callable[[Any], Iterable[str]]) -> None:
        self.by_name: dict[str, Any] = {}
        self.codes: list[str] = []
        for row in rows:
            self.codes.append(row.code)
            for name in (row.code, *labels(row)):
                if name:
                    self.by_name.setdefault(name.casefold().strip(), row)

    def get(self, name: str) -> Any:
        return self.by_name.get(name.casefold().strip())

    def suggest(self, name: str) -> str:
        """The nearest code: one that starts with what was written (ai → ai-ml), else the
        closest spelling of a code, else of a label in any language."""
        wanted = name.casefold().strip()
        for code in self.codes:
            if len(wanted) >= 2 and (code.startswith(wanted) or wanted.startswith(code)):
                return code
        close = difflib.get_close_matches(wanted, self.codes, n=1, cutoff=0.6)
        if close:
            return close[0]
        labels = difflib.get_close_matches(wanted, list(self.by_name), n=1, cutoff=0.6)
        return self.by_name[labels[0]].code if labels else ""

    def unknown(self, name: str, what: str) -> str:
        nearest = self.suggest(name)
        if nearest:
            return _("Unknown %(what)s code “%(code)s”: did you mean “%(nearest)s”?") % {
                "what": what, "code": name, "nearest": nearest}
        return _("Unknown %(what)s code “%(code)s”.") % {"what": what, "code": name}


def _choice_lookup(choices: Any) -> dict[str, str]:
    """A choice's value or its label in any UI language → the value."""
    found: dict[str, str] = {}
    for language in ("en", "zh-hans", "he"):
        with translation.override(language):
            for value, label in choices:
                found.setdefault(str(value).casefold(), value)
                found.setdefault(str(label).casefold(), value)
    return found


@dataclass
class Context:
    by: User | None
    office: Office | None
    offices: Lookup
    ecosystems: Lookup
    sectors: Lookup
    now: dt.datetime

    @classmethod
    def load(cls, by: User | None, office: Office | None) -> Context:
        if by is not None and not by.is_hq:
            office = by.office  # an officer imports for their own office
        return cls(
            by=by, office=office,
            offices=Lookup(Office.objects.select_related("ecosystem"), lambda o: (o.name,)),
            ecosystems=Lookup(Ecosystem.objects.all(), lambda e: (e.name_en, e.name_zh, e.name_he)),
            sectors=Lookup(Sector.objects.all(), lambda s: (s.name_en, s.name_zh, s.name_he)),
            now=timezone.now(),
        )

    def may_write_for(self, office_id: int) -> bool:
        """HQ and the command line write for any office; an officer for their own."""
        return self.by is None or self.by.is_hq or self.by.office_id == office_id


# ------------------------------------------------------------------ rows of a sheet
class Rows:
    """The rows of a sheet as {column key: cell}, with the errors of its headers."""

    def __init__(self, sheet: Sheet, columns: tuple[Column, ...], plan: Plan) -> None:
        self.sheet, self.columns, self.plan = sheet, columns, plan
        errors_before = len(plan.errors)
        accepted = header_map(columns)
        self.index: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        ignored = []
        for position, header in enumerate(sheet.headers):
            key = accepted.get(normalize_header(header))
            if key is None:
                if header:
                    ignored.append(header)
                continue
            if key in self.index:
                self.error(1, header, _("This column appears twice."))
                continue
            self.index[key] = position
            self.headers[key] = header
        if ignored:
            plan.notes.append(_("Columns not read: %(names)s.") % {"names": ", ".join(ignored)})
        for column in columns:
            if column.required and column.key not in self.index:
                self.error(1, column.header(translation.get_language() or "en"),
                           _("This column is missing."))
        self.header_errors = len(plan.errors) - errors_before

    def header(self, key: str) -> str:
        if key in self.headers:
            return self.headers[key]
        for column in self.columns:
            if column.key == key:
                return column.header(translation.get_language() or "en")
        return key

    def error(self, row: int, column: str, message: str) -> None:
        self.plan.errors.append(RowError(row, column, str(message), self.sheet.title))

    def __iter__(self) -> Any:
        for offset, cells in enumerate(self.sheet.rows):
            if not any(c not in (None, "") for c in cells):
                continue
            values = {key: cells[pos] if pos < len(cells) else None
                      for key, pos in self.index.items()}
            yield self.sheet.first_row + offset, values

    def cell(self, row: int, values: dict[str, Any], key: str,
             read: Callable[[Any], Any] = text) -> Any:
        """The cell read by `read`; None (and an error for the row) when it cannot be read."""
        try:
            return read(values.get(key))
        except CellError as error:
            self.error(row, self.header(key), str(error))
            return None

    def service_errors(self, row: int, error: ValidationError, names: dict[str, str]) -> None:
        for name, messages in messages_by_field(error).items():
            column = self.header(names.get(name, name))
            for message in messages:
                self.error(row, column, message)


# ------------------------------------------------------------------ organizations
# In the index, a row of the file that has its own error: rows that refer to it (a contact of
# that organization) are not reported again — the cause is listed once, at its row.
FAILED_ROW = "failed-row"


class OrganizationIndex:
    """Existing (and planned) organizations by their stable keys."""

    def __init__(self) -> None:
        self.registry: dict[str, Any] = {}
        self.domain: dict[str, Any] = {}
        self.name: dict[tuple[int, str], Any] = {}
        self.name_any: dict[str, Any] = {}
        self.money: dict[int, tuple[Any, str]] = {}
        rows = Organization.objects.values_list("pk", "registry_number", "website", "name",
                                                "ecosystem_id", "turnover", "turnover_currency")
        for pk, registry, website, name, ecosystem_id, turnover, currency in rows:
            self.add(pk, registry, website, name, ecosystem_id)
            self.money[pk] = (turnover, currency)

    def add(self, target: Any, registry: str, website: str, name: str, ecosystem_id: int) -> None:
        if registry:
            self.registry.setdefault(registry_key(registry), target)
        if website and domain_of(website):
            self.domain.setdefault(domain_of(website), target)
        self.name.setdefault((ecosystem_id, name.casefold().strip()), target)
        self.name_any.setdefault(name.casefold().strip(), target)

    def match(self, registry: str, website: str, name: str, ecosystem_id: int | None
              ) -> tuple[Any, str]:
        if registry:
            return self.registry.get(registry_key(registry)), "registry"
        if website and domain_of(website):
            return self.domain.get(domain_of(website)), "domain"
        return self.name.get((ecosystem_id or 0, name.casefold().strip())), "name"

    def find(self, reference: str) -> Any:
        """An organization named by a people/opportunity row: registry number, website or name."""
        ref = reference.strip()
        return (self.registry.get(registry_key(ref))
                or (self.domain.get(domain_of(ref)) if "." in ref else None)
                or self.name_any.get(ref.casefold()))


ORG_FIELDS = ("kind", "name", "description", "language", "size", "stage", "founded_year",
              "turnover", "turnover_currency", "website", "registry_number")


def _choice(rows: Rows, row: int, values: dict[str, Any], key: str, lookup: dict[str, str]
            ) -> str | None:
    raw = rows.cell(row, values, key)
    if not raw:
        return None
    found = lookup.get(raw.casefold())
    if found is None:
        nearest = difflib.get_close_matches(raw.casefold(), list(lookup), n=1, cutoff=0.5)
        hint = (_(" Did you mean “%(nearest)s”?") % {"nearest": lookup[nearest[0]]}) if nearest else ""
        rows.error(row, rows.header(key), _("“%(value)s” is not one of: %(choices)s.") % {
            "value": raw, "choices": ", ".join(sorted(set(lookup.values())))} + hint)
    return found


def plan_organizations(workbook: Workbook, ctx: Context, plan: Plan,
                       progress: Progress | None = None) -> OrganizationIndex:
    sheet = workbook.sheets[0]
    rows = Rows(sheet, COLUMNS["organizations"], plan)
    index = OrganizationIndex()
    if rows.header_errors:  # a column is missing or twice: the rows cannot be read
        return index
    kinds = _choice_lookup(Organization.Kind.choices)
    sizes = _choice_lookup(Organization.Size.choices)
    stages = _choice_lookup(Organization.Stage.choices)
    languages = _choice_lookup([("en", "English"), ("zh", "Chinese"), ("he", "Hebrew"),
                                ("zh", "中文"), ("he", "עברית"), ("en", "英文"), ("he", "希伯来文"),
                                ("en", "אנגלית"), ("zh", "סינית"), ("zh", "中文简体")])
    seen: dict[tuple[str, str], int] = {}
    pending: list[Planned] = []
    identity: tuple[str, str]
    raw_keys: dict[int, tuple[str, str, str, int]] = {}
    total = len(sheet.rows)
    for count, (row, values) in enumerate(rows, start=1):
        if progress and count % 500 == 0:
            progress(count, total)
        errors_before = len(plan.errors)
        data: dict[str, Any] = {}
        for key in ("name", "name_en", "description", "description_en", "website",
                    "registry_number", "turnover_currency"):
            value = rows.cell(row, values, key)
            if value:
                data[key] = value
        for key, lookup in (("kind", kinds), ("size", sizes), ("stage", stages),
                            ("language", languages)):
            value = _choice(rows, row, values, key, lookup)
            if value:
                data[key] = value
        founded = rows.cell(row, values, "founded_year", year)
        if founded not in (None, ""):
            data["founded_year"] = founded
        turnover = rows.cell(row, values, "turnover", amount)
        if turnover not in (None, ""):
            data["turnover"] = turnover
        sector_names = rows.cell(row, values, "sectors", items) or []
        sectors = []
        for name in sector_names:
            sector = ctx.sectors.get(name)
            if sector is None:
                rows.error(row, rows.header("sectors"), ctx.sectors.unknown(name, _("sector")))
            elif sector not in sectors:  # "energy; Energy" names it once
                sectors.append(sector)
        if sectors:
            data["sectors"] = sectors
        office_name = rows.cell(row, values, "office")
        office = ctx.office
        if office_name:
            office = ctx.offices.get(office_name)
            if office is None:
                rows.error(row, rows.header("office"), ctx.offices.unknown(office_name, _("office")))
        if office is not None and not ctx.may_write_for(office.pk):
            rows.error(row, rows.header("office"),
                       _("You may import organizations only for your own office."))
        ecosystem_name = rows.cell(row, values, "ecosystem")
        ecosystem = office.ecosystem if office is not None else None
        if ecosystem_name:
            ecosystem = ctx.ecosystems.get(ecosystem_name)
            if ecosystem is None:
                rows.error(row, rows.header("ecosystem"),
                           ctx.ecosystems.unknown(ecosystem_name, _("ecosystem")))
        if office is None and not office_name:
            rows.error(row, rows.header("office"), _("Give the office (or choose it for the file)."))
        vetted = rows.cell(row, values, "vetted", yes_no)
        if vetted and ctx.by is not None and (office is None or ctx.by.office_id != office.pk):
            rows.error(row, rows.header("vetted"),
                       _("Only an officer of the organization's office vets it."))

        registry = data.get("registry_number", "")
        website = data.get("website", "")
        name = data.get("name", "")
        raw_keys[row] = (registry, website, name, ecosystem.pk if ecosystem else 0)
        target, matched_by = index.match(registry, website, name,
                                         ecosystem.pk if ecosystem else None)
        identity = (matched_by, registry_key(registry) if matched_by == "registry" else
               domain_of(website) if matched_by == "domain" else
               f"{ecosystem.pk if ecosystem else 0}:{name.casefold()}")
        if identity in seen or isinstance(target, Planned):
            rows.error(row, rows.header({"registry": "registry_number", "domain": "website",
                                         "name": "name"}[matched_by]),
                       _("The same organization as row %(row)d: each organization once per file.")
                       % {"row": seen.get(identity) or target.row})
            continue
        seen[identity] = row
        existing = target if isinstance(target, int) else None
        current = None
        if existing is not None:
            # validate_organization reads only the turnover and currency of the one it changes.
            turnover_now, currency_now = index.money[existing]
            current = Organization(pk=existing, turnover=turnover_now,
                                   turnover_currency=currency_now)
        try:
            cleaned = validate_organization(data, organization=current)
        except ValidationError as error:
            rows.service_errors(row, error, {})
            continue
        if len(plan.errors) > errors_before:
            continue
        item = Planned(row=row, label=name or str(registry), matched_by=matched_by,
                       existing=existing, sheet=sheet.title,
                       values={**cleaned, "office": office, "ecosystem": ecosystem,
                               "vetted": bool(vetted)})
        pending.append(item)
        index.add(item, registry, cleaned.get("website", website), name or "",
                  ecosystem.pk if ecosystem else 0)
    planned_rows = {item.row for item in pending}
    for row, (registry, website, name, ecosystem_id) in raw_keys.items():
        if row not in planned_rows:
            index.add(FAILED_ROW, registry, website, name, ecosystem_id)
    _split_changes(pending, plan, ctx)
    if progress:
        progress(total, total)
    return index


def _split_changes(pending: list[Planned], plan: Plan, ctx: Context) -> None:
    """Sort planned rows into creates, updates (with the fields that change) and unchanged."""
    ids = [p.existing for p in pending if p.existing is not None]
    existing: dict[int, Organization] = {}
    for start in range(0, len(ids), 900):  # under SQLite's limit of query parameters
        existing |= {o.pk: o for o in Organization.objects.filter(pk__in=ids[start:start + 900])
                     .select_related("office").prefetch_related("sectors", "translations")}
    for item in pending:
        if item.existing is None:
            plan.creates.append(item)
            continue
        org = existing[item.existing]
        item.existing = org
        if not ctx.may_write_for(org.office_id):
            plan.errors.append(RowError(item.row, _("Name"), _(
                "This organization belongs to another office (%(office)s): you may not change it.")
                % {"office": org.office.name}, item.sheet))
            continue
        v = item.values
        changed = [f for f in ORG_FIELDS if f in v and v[f] != getattr(org, f)
                   and not (v[f] in (None, "") and getattr(org, f) in (None, ""))]
        if item.values.get("office") is not None and v["office"].pk != org.office_id:
            changed.append("office")
        if v.get("ecosystem") is not None and v["ecosystem"].pk != org.ecosystem_id:
            changed.append("ecosystem")
        if "sectors" in v and {s.pk for s in v["sectors"]} != {s.pk for s in org.sectors.all()}:
            changed.append("sectors")
        english = next((t for t in org.translations.all() if t.language == "en"), None)
        if v.get("name_en") and (english is None or english.name != v["name_en"]):
            changed.append("name_en")
        if v.get("description_en") and (english is None or english.description != v["description_en"]):
            changed.append("description_en")
        if v.get("vetted") and org.vetted_at is None:
            changed.append("vetted")
        item.changed = changed
        if changed:
            plan.updates.append(item)
        else:
            plan.unchanged += 1


def apply_organizations(plan: Plan, ctx: Context) -> list[int]:
    """Write the planned organizations in bulk; returns the ids written."""
    through = Organization.sectors.through
    creates: list[Organization] = []
    for item in plan.creates:
        v = item.values
        org = Organization(
            ecosystem=v["ecosystem"], office=v["office"], source=_("Imported"),
            **{f: v[f] for f in ORG_FIELDS if f in v and v[f] is not None},
        )
        if v["vetted"]:
            org.vetted_by, org.vetted_by_user, org.vetted_at = v["office"], ctx.by, ctx.now
        org.search_document = search_document(org.name, org.description, v.get("name_en"),
                                              v.get("description_en"))
        creates.append(org)
        item.obj = org
    Organization.objects.bulk_create(creates, batch_size=500)
    through.objects.bulk_create(
        [through(organization_id=i.obj.pk, sector_id=s.pk)
         for i in plan.creates for s in i.values.get("sectors", [])], batch_size=1000)
    OrganizationTranslation.objects.bulk_create(
        [OrganizationTranslation(organization=i.obj, language="en",
                                 name=i.values.get("name_en") or i.obj.name,
                                 description=i.values.get("description_en") or "")
         for i in plan.creates if i.obj.language != "en"
         and (i.values.get("name_en") or i.values.get("description_en"))], batch_size=500)
    fields: set[str] = set()
    for item in plan.updates:
        org, v = item.existing, item.values
        # bulk_update writes updated_at as the object holds it (no auto_now): the change
        # marker of the pages rendered once per change.
        org.updated_at = ctx.now
        for f in item.changed:
            if f in ORG_FIELDS:
                setattr(org, f, v[f])
                fields.add(f)
        if "office" in item.changed:
            org.office = v["office"]
            fields.add("office")
        if "ecosystem" in item.changed:
            org.ecosystem = v["ecosystem"]
            fields.add("ecosystem")
        if "vetted" in item.changed:
            org.vetted_by, org.vetted_by_user, org.vetted_at = org.office, ctx.by, ctx.now
            fields |= {"vetted_by", "vetted_by_user", "vetted_at"}
        if "sectors" in item.changed:
            through.objects.filter(organization_id=org.pk).delete()
            through.objects.bulk_create([through(organization_id=org.pk, sector_id=s.pk)
                                         for s in v["sectors"]])
        if "name_en" in item.changed or "description_en" in item.changed:
            current = next((t for t in org.translations.all() if t.language == "en"), None)
            OrganizationTranslation.objects.update_or_create(
                organization=org, language="en",
                defaults={"name": v.get("name_en") or (current.name if current else org.name),
                          "description": v.get("description_en")
                          or (current.description if current else "")})
        english = [f"{t.name} {t.description}" for t in org.translations.all()]
        org.search_document = search_document(org.name, org.description, v.get("name_en"),
                                              v.get("description_en"), *english)
        fields.add("search_document")
        item.obj = org
    if plan.updates:
        Organization.objects.bulk_update([i.existing for i in plan.updates],
                                         sorted({*fields, "updated_at"}), batch_size=500)
    return [i.obj.pk for i in [*plan.creates, *plan.updates]]


# ------------------------------------------------------------------ people
def _organization_ref(rows: Rows, row: int, values: dict[str, Any], index: OrganizationIndex,
                      ctx: Context) -> Any:
    reference = rows.cell(row, values, "organization")
    if not reference:
        rows.error(row, rows.header("organization"), _("Name the organization (its registry "
                                                       "number, website or name)."))
        return None
    target = index.find(reference)
    if target == FAILED_ROW:
        return None  # that organization's row has its own error, listed once
    if target is None:
        rows.error(row, rows.header("organization"), _(
            "No organization “%(name)s” in Liaison or in this file (give its registry number, "
            "website or exact name).") % {"name": reference})
        return None
    return target


def _org_of(target: Any) -> tuple[int | None, int | None]:
    """(pk, office id) of an organization, planned or existing."""
    if isinstance(target, Planned):
        office = target.values.get("office")
        pk = target.existing.pk if isinstance(target.existing, Organization) else target.existing
        return pk, office.pk if office is not None else None
    return target, None


def plan_people(sheet: Sheet, ctx: Context, plan: Plan, index: OrganizationIndex | None = None,
                progress: Progress | None = None) -> None:
    rows = Rows(sheet, COLUMNS["people"], plan)
    if rows.header_errors:
        return
    index = index or OrganizationIndex()
    refs: list[tuple[int, dict[str, Any], Any]] = []
    for row, values in rows:
        target = _organization_ref(rows, row, values, index, ctx)
        refs.append((row, values, target))
    org_ids = {(_org_of(t)[0]) for _r, _v, t in refs if t is not None} - {None}
    offices: dict[int, int] = {}
    existing: dict[tuple[int, str], Person] = {}
    ids = sorted(i for i in org_ids if i is not None)
    for start in range(0, len(ids), 900):  # under SQLite's limit of query parameters
        chunk = ids[start:start + 900]
        offices |= dict(Organization.objects.filter(pk__in=chunk).values_list("pk", "office_id"))
        for known in Person.objects.filter(organization_id__in=chunk):
            existing.setdefault((known.organization_id, known.email.casefold() or
                                 f"name:{known.name.casefold()}"), known)
    seen: dict[tuple[Any, str], int] = {}
    for count, (row, values, target) in enumerate(refs, start=1):
        if progress and count % 500 == 0:
            progress(count, len(refs))
        errors_before = len(plan.errors)
        data = {key: rows.cell(row, values, key) for key in ("name", "job_title", "email", "phone")
                if key in rows.index}
        data = {k: v for k, v in data.items() if v is not None}
        languages = rows.cell(row, values, "languages", items)
        if languages:
            data["languages"] = [code.lower() for code in languages]
        if target is None:
            continue
        pk, planned_office = _org_of(target)
        office_id = planned_office or offices.get(pk or 0)
        if office_id is not None and not ctx.may_write_for(office_id):
            rows.error(row, rows.header("organization"),
                       _("This organization belongs to another office: you may not change its "
                         "contacts."))
            continue
        try:
            cleaned = validate_person({"name": "", **data})
        except ValidationError as error:
            rows.service_errors(row, error, {})
            continue
        if len(plan.errors) > errors_before:
            continue
        email = cleaned.get("email", "").casefold()
        key = email or f"name:{cleaned['name'].casefold()}"
        dedup = (pk if pk is not None else id(target), key)
        if dedup in seen:
            rows.error(row, rows.header("email" if email else "name"),
                       _("The same person as row %(row)d: each person once per file.")
                       % {"row": seen[dedup]})
            continue
        seen[dedup] = row
        person = existing.get((pk, key)) if pk is not None else None
        item = Planned(row=row, label=cleaned["name"], matched_by="email" if email else "name",
                       existing=person, values=cleaned, sheet=sheet.title, ref=target)
        if person is None:
            plan.creates.append(item)
            continue
        item.changed = [f for f, v in cleaned.items() if v not in ("", [], None)
                        and v != getattr(person, f)]
        if item.changed:
            plan.updates.append(item)
        else:
            plan.unchanged += 1


def apply_people(plan: Plan) -> None:
    creates = []
    for item in plan.creates:
        target = item.ref
        org_id = (target.obj.pk if isinstance(target, Planned) else target)
        creates.append(Person(organization_id=org_id, **item.values))
    Person.objects.bulk_create(creates, batch_size=1000)
    # bulk_update does not touch auto_now fields: updated_at is set here (the change marker
    # of the organization page's contact people).
    fields: set[str] = {"updated_at"}
    now = timezone.now()
    for item in plan.updates:
        for f in item.changed:
            setattr(item.existing, f, item.values[f])
            fields.add(f)
        item.existing.updated_at = now
    if plan.updates:
        Person.objects.bulk_update([i.existing for i in plan.updates], sorted(fields),
                                   batch_size=500)


# ------------------------------------------------------------------ entry points
def people_sheet(workbook: Workbook) -> Sheet | None:
    for sheet in workbook.sheets[1:]:
        if normalize_header(sheet.title) in {normalize_header(n) for n in PEOPLE_SHEETS}:
            return sheet
    return None


def plan(kind: str, workbook: Workbook, *, by: User | None, office: Office | None = None,
         event: Any = None, progress: Progress | None = None) -> Plan:
    """Read and check every row; write nothing. `by` None is the command line (any office)."""
    from liaison.onboarding import more_importers

    ctx = Context.load(by, office)
    result = Plan(kind=kind, by=by, event=event)
    if kind == "organizations":
        index = plan_organizations(workbook, ctx, result, progress)
        sheet = people_sheet(workbook)
        if sheet is not None:
            result.people = Plan(kind="people", by=by)
            plan_people(sheet, ctx, result.people, index)
    elif kind == "people":
        plan_people(workbook.sheets[0], ctx, result, progress=progress)
    elif kind == "opportunities":
        more_importers.plan_opportunities(workbook.sheets[0], ctx, result, progress)
    elif kind == "registrations":
        more_importers.plan_registrations(workbook.sheets[0], ctx, result, event, progress)
    else:
        raise ValueError(kind)
    result.errors.sort(key=lambda e: (e.sheet, e.row))
    result.ctx = ctx
    return result


@transaction.atomic
def apply(result: Plan) -> dict[str, int]:
    """Write a plan that has no error, in one transaction; after commit, one reindex of the
    match index when organizations or opportunities changed. Returns the counts written."""
    from liaison.onboarding import more_importers

    if not result.ok:
        raise ValidationError({"file": _("The file has errors: nothing was imported.")})
    ctx: Context = result.ctx
    reindex = False
    if result.kind == "organizations":
        reindex = bool(apply_organizations(result, ctx))
        if result.people is not None:
            apply_people(result.people)
    elif result.kind == "people":
        apply_people(result)
    elif result.kind == "opportunities":
        reindex = more_importers.apply_opportunities(result, ctx)
    elif result.kind == "registrations":
        more_importers.apply_registrations(result, ctx)
    if reindex:
        transaction.on_commit(_reindex)
    counts = {"created": len(result.creates), "updated": len(result.updates),
              "unchanged": result.unchanged}
    if result.people is not None:
        counts |= {"people_created": len(result.people.creates),
                   "people_updated": len(result.people.updates)}
    return counts


def _reindex() -> None:
    """One reindex of the match index after the batch (not one task per row)."""
    import logging

    from liaison.matchmaking.tasks import reindex_task

    try:
        reindex_task.enqueue()
    except Exception:  # the import stands; the nightly reindex will catch up
        logging.getLogger(__name__).exception("could not enqueue the reindex after an import")
