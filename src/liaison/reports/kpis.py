"""Key figures of the offices, aggregated in the database.

Every figure is one grouped query (`values(...).annotate(Count/Sum)`, conditional counts with
`filter=Q(...)`, a month function of the database for series); Python only reshapes the grouped rows (a few per
office, month, sector or currency), never loops over records.

Attribution: organizations to their responsible office (vetting to the vetting office),
opportunities to the office of their organization, matches shown (first shown to a member of
the organization they were made for) to that organization's office, meetings to the event's host
office, outcomes to the brokering office (and an outcome of a delegation meeting also to the
offices of the two firms that met: shared credit, once in the network total). An expression of interest or an introduction
involves two offices and counts in the report of each (once in the network total).
Outcomes count once confirmed; their value is that of signed or completed ones.

The funnel is a cohort, so each step is part of the one before: the pairs of organizations
first shown a match in the period; of those, the pairs where the organization shown the
match expressed interest in the other; whose introduction was accepted; that then held a
meeting (either side first); that signed an outcome (confirmed, signed or completed) — every
step by the end of the period. The stand-alone counts (all meetings held, no-shows) stay in
the table of figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, Exists, F, Func, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from liaison.common.bounds import (
    DATE_MAX,
    DATE_MIN,
    REPORT_MAX_DAYS,
    YEAR_MAX,
    YEAR_MIN,
    date_error,
    period_errors,
)
from liaison.directory.models import Ecosystem, Office, Organization, Sector
from liaison.events.models import Meeting
from liaison.introductions.models import Interest
from liaison.matchmaking.models import MatchImpression
from liaison.opportunities.models import Opportunity
from liaison.reports.models import BASE_CURRENCY, Outcome, OutcomeKind, OutcomeStage
from liaison.reports.rates import RateUsed, available_rates, convert

WON = (OutcomeStage.SIGNED, OutcomeStage.COMPLETED)

# The figures of one office, in the order of the tables (key, label).
FIGURES: list[tuple[str, Any]] = [
    ("organizations_onboarded", _("organizations onboarded")),
    ("organizations_vetted", _("organizations vetted")),
    ("opportunities_published", _("opportunities published")),
    ("matches_shown", _("matches shown")),
    ("interests", _("expressions of interest")),
    ("introductions", _("introductions accepted")),
    ("meetings_held", _("meetings held")),
    ("no_shows", _("no-shows")),
    ("outcomes", _("outcomes")),
    ("outcomes_won", _("outcomes signed or completed")),
    ("value_won", _("value signed")),
]

# The cohort funnel: pairs of organizations (see the module's docstring).
FUNNEL: list[tuple[str, Any]] = [
    ("matches_shown", _("pairs shown a match")),
    ("interests", _("… then interest expressed")),
    ("introductions", _("… then introduction accepted")),
    ("meetings_held", _("… then a meeting held")),
    ("outcomes_won", _("… then an outcome signed")),
]

SERIES: list[tuple[str, Any]] = [
    ("opportunities_published", _("opportunities published")),
    ("interests", _("expressions of interest")),
    ("introductions", _("introductions accepted")),
    ("meetings_held", _("meetings held")),
    ("outcomes_won", _("outcomes signed or completed")),
]


def report_period(*, start: dt.date | None, end: dt.date | None, year: int | None,
                  today: dt.date) -> tuple[dt.date, dt.date]:
    """The period a report covers: from `start` to `end` when both are given (within the date
    window, in order, at most ten years), else the calendar `year` (by default this one).

    Raises ValidationError naming `start`, `end` or `year`."""
    if start is not None and end is not None:
        errors = period_errors(start, end, start_field="start", end_field="end",
                               max_days=REPORT_MAX_DAYS)
        if errors:
            raise ValidationError(errors)
        return start, end
    y = today.year if year is None else year
    if not YEAR_MIN <= y <= YEAR_MAX:
        raise ValidationError({"year": [_("Give a year between %(first)d and %(last)d.") % {
            "first": YEAR_MIN, "last": YEAR_MAX}]})
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def report_month(month: str | None, *, today: dt.date) -> dt.date:
    """The first day of the month named "YYYY-MM" (this month when None or empty).

    Raises ValidationError naming `month` when it names no month within the date window."""
    if not month:
        return today.replace(day=1)
    try:
        first: dt.date | None = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        first = None
    if first is None or len(month) != 7 or date_error(first):
        raise ValidationError({"month": [_("Give a month as YYYY-MM between %(first)s and %(last)s.") % {
            "first": DATE_MIN.strftime("%Y-%m"), "last": DATE_MAX.strftime("%Y-%m")}]})
    return first


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date  # inclusive
    office: Office | None = None
    sector: Sector | None = None

    @property
    def after(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=dt.UTC)

    @property
    def before(self) -> dt.datetime:
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)

    def during(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.after, f"{name}__lt": self.before})

    def on_days(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.start, f"{name}__lte": self.end})


@dataclass
class Report:
    filters: Filters
    offices: list[Office]
    rows: dict[int, dict[str, Any]]  # office id -> figure -> number
    total: dict[str, Any]
    funnel: list[dict[str, Any]]
    months: list[dt.date]
    series: dict[str, list[int]]
    kinds: list[dict[str, Any]]
    sectors: list[dict[str, Any]]
    flows: list[dict[str, Any]]
    directions: dict[str, int]
    rates: list[RateUsed] = field(default_factory=list)
    missing_rates: list[str] = field(default_factory=list)
    base_currency: str = BASE_CURRENCY

    @property
    def rate_date(self) -> dt.date | None:
        dates = [r.date for r in self.rates if r.date is not None]
        return max(dates) if dates else None


def _grouped(qs: QuerySet[Any], key: str, **figures: Any) -> dict[Any, dict[str, int]]:
    out: dict[Any, dict[str, int]] = {}
    for row in qs.values(key).annotate(**figures).order_by():
        out[row[key]] = {name: row[name] for name in figures}
    return out


def _distinct(qs: QuerySet[Any], filters: Filters, path: str) -> tuple[QuerySet[Any], bool]:
    if filters.sector is None:
        return qs, False
    return qs.filter(**{path: filters.sector}), True


def _count(distinct: bool, condition: Q | None = None) -> Count:
    return Count("pk", distinct=distinct, filter=condition)


def _interest_scope(filters: Filters) -> Q:
    if filters.office is None:
        return Q()
    return Q(from_organization__office=filters.office) | Q(to_organization__office=filters.office)


def office_figures(
    filters: Filters,
) -> tuple[dict[int, dict[str, Any]], dict[str, Any], list[RateUsed], list[str]]:
    """Every figure per office and for the whole network (or the filtered office)."""
    rows: dict[int, dict[str, Any]] = defaultdict(
        lambda: {k: (Decimal("0.00") if k == "value_won" else 0) for k, _l in FIGURES})

    def add(grouped: dict[Any, dict[str, int]]) -> None:
        for office_id, figures in grouped.items():
            if office_id is not None:
                rows[office_id].update(figures)

    orgs, d = _distinct(Organization.objects.all(), filters, "sectors")
    add(_grouped(orgs.filter(filters.during("created_at")), "office_id",
                 organizations_onboarded=_count(d)))
    add(_grouped(orgs.filter(filters.during("vetted_at")), "vetted_by_id",
                 organizations_vetted=_count(d)))
    for office_id, n in opportunities_by_office(filters).items():
        rows[office_id]["opportunities_published"] = n
    shown, d = _distinct(MatchImpression.objects.all(), filters, "owner_organization__sectors")
    add(_grouped(shown.filter(filters.during("first_shown_at")), "owner_organization__office_id",
                 matches_shown=_count(d)))

    # Interests and introductions: each of the two offices involved counts them.
    interests, d = _distinct(Interest.objects.all(), filters, "opportunity__sectors")
    in_period = filters.during("created_at")
    accepted = Q(status=Interest.Status.ACCEPTED) & filters.during("answered_at")
    interests = interests.filter(in_period | accepted)
    figures = {"interests": _count(d, in_period), "introductions": _count(d, accepted)}
    sent = _grouped(interests, "from_organization__office_id", **figures)
    received = _grouped(
        interests.exclude(from_organization__office_id=F("to_organization__office_id")),
        "to_organization__office_id", **figures,
    )
    for office_id in set(sent) | set(received):
        a, b = sent.get(office_id, {}), received.get(office_id, {})
        rows[office_id].update({k: a.get(k, 0) + b.get(k, 0) for k in figures})

    meetings = Meeting.objects.filter(filters.on_days("event__start_date"))
    d = False
    if filters.sector is not None:
        meetings = meetings.filter(Q(a__organization__sectors=filters.sector)
                                   | Q(b__organization__sectors=filters.sector))
        d = True
    add(_grouped(meetings, "event__host_office_id",
                 meetings_held=_count(d, Q(outcome=Meeting.Outcome.HELD)),
                 no_shows=_count(d, Q(outcome=Meeting.Outcome.NO_SHOW))))

    outcomes = _outcomes(filters)
    # Shared credit: an outcome of a delegation meeting counts for the brokering office and
    # for the offices of the two firms that met (each office once; the network total once).
    credited = _credited_outcomes(outcomes)
    once: dict[str, Any] = {"outcomes": 0, "outcomes_won": 0, "value_won": Decimal("0.00")}
    grouped_values = []  # one query per way of crediting: counts and amounts by currency
    for key, qs in credited:
        grouped_values += [(key, v) for v in qs.values(key, "currency").annotate(
            n=Count("pk"), won=Count("pk", filter=Q(stage__in=WON)),
            amount=Sum("value", filter=Q(stage__in=WON, value__isnull=False))).order_by()]
    rates, missing = available_rates({v["currency"] for _k, v in grouped_values if v["amount"] is not None},
                                     filters.end)
    for key, v in grouped_values:
        office_id = v[key]
        amount = (convert(v["amount"], rates[v["currency"]])
                  if v["amount"] is not None and v["currency"] in rates else Decimal("0.00"))
        if office_id is not None:
            rows[office_id]["outcomes"] += v["n"]
            rows[office_id]["outcomes_won"] += v["won"]
            rows[office_id]["value_won"] += amount
        if key == "office_id":
            once["outcomes"] += v["n"]
            once["outcomes_won"] += v["won"]
            once["value_won"] += amount

    if filters.office is not None:
        only = rows[filters.office.pk]
        rows.clear()
        rows[filters.office.pk] = only
    total = {k: sum((r[k] for r in rows.values()), Decimal("0.00") if k == "value_won" else 0)
             for k, _l in FIGURES}
    # Interests between two offices and shared outcomes appear in several rows; the total
    # counts each once.
    if filters.office is None:
        both = interests.aggregate(**figures)
        total.update(both)
        total.update(once)
    else:
        total.update(rows[filters.office.pk])
    return rows, total, sorted(rates.values(), key=lambda r: r.currency), missing


def _published(filters: Filters) -> tuple[QuerySet[Opportunity], bool]:
    # Every opportunity published in the period is now published, expired or closed; naming
    # the statuses lets the database use the (status, published_at) index.
    qs = Opportunity.objects.filter(
        filters.during("published_at"),
        status__in=[Opportunity.Status.PUBLISHED, Opportunity.Status.EXPIRED, Opportunity.Status.CLOSED],
    )
    return _distinct(qs, filters, "sectors")


def _opportunities_by_office_and_month(filters: Filters) -> dict[tuple[int, str], int]:
    """One scan of the opportunities for both the office figures and the monthly series."""
    cache = getattr(filters, "_opportunity_counts", None)
    if cache is None:
        qs, d = _published(filters)
        if filters.office is not None:
            qs = qs.filter(organization_id__in=Organization.objects.filter(office=filters.office).values("pk"))
        cache = {
            (r["organization__office_id"], r["m"]): r["n"]
            for r in qs.annotate(m=MonthOf("published_at")).values("organization__office_id", "m")
            .annotate(n=Count("pk", distinct=d)).order_by()
        }
        object.__setattr__(filters, "_opportunity_counts", cache)
    return cache


def opportunities_by_office(filters: Filters) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for (office_id, _month), n in _opportunities_by_office_and_month(filters).items():
        out[office_id] += n
    return out


def opportunities_by_month(filters: Filters, months: list[dt.date]) -> list[int]:
    out: dict[str, int] = defaultdict(int)
    for (office_id, month), n in _opportunities_by_office_and_month(filters).items():
        if filters.office is None or office_id == filters.office.pk:
            out[month] += n
    return [out.get(m.strftime("%Y-%m"), 0) for m in months]


def _credited_outcomes(outcomes: QuerySet[Outcome]) -> list[tuple[str, QuerySet[Outcome]]]:
    """(office key, outcomes) for each way an office is credited: the brokering office; the
    office of the meeting's first firm when it is another; the second firm's when it is
    neither. An office is credited once per outcome."""
    a, b = "meeting__a__organization__office_id", "meeting__b__organization__office_id"
    met = outcomes.filter(meeting__isnull=False)
    return [
        ("office_id", outcomes),
        (a, met.exclude(**{a: F("office_id")})),
        (b, met.exclude(**{b: F("office_id")}).exclude(**{b: F(a)})),
    ]


def _outcomes(filters: Filters) -> QuerySet[Outcome]:
    qs = Outcome.objects.filter(confirmed_at__isnull=False).filter(filters.on_days("date"))
    if filters.office is not None:  # its own, and the delegation outcomes it shares
        qs = qs.filter(Q(office=filters.office) | Q(meeting__a__organization__office=filters.office)
                       | Q(meeting__b__organization__office=filters.office))
    if filters.sector is not None:
        # A sector filter keeps an outcome if one of its sectors matches (no duplicates).
        qs = Outcome.objects.filter(pk__in=qs.filter(sectors=filters.sector).values("pk"))
    return qs


class MonthOf(Func):
    """'YYYY-MM' of a date or a UTC timestamp, computed by the database itself (Django's
    TruncMonth calls back into Python for every row on SQLite: 1 s at 100,000 rows)."""

    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps dates and UTC timestamps as ISO text: the month is its first seven
        # characters (substr is three times faster than strftime over 100,000 rows).
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"substr({sql}, 1, 7)", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        expression = self.get_source_expressions()[0]
        sql, params = compiler.compile(expression)
        if expression.output_field.get_internal_type() != "DateField":
            sql = f"({sql}) AT TIME ZONE 'UTC'"
        return f"to_char({sql}, %s)", (*params, "YYYY-MM")


def months_of(filters: Filters) -> list[dt.date]:
    months, day = [], filters.start.replace(day=1)
    while day <= filters.end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _monthly(qs: QuerySet[Any], field_name: str, distinct: bool, months: list[dt.date]) -> list[int]:
    by_month = {
        row["m"]: row["n"]
        for row in qs.annotate(m=MonthOf(field_name)).values("m")
        .annotate(n=Count("pk", distinct=distinct)).order_by()
    }
    return [by_month.get(m.strftime("%Y-%m"), 0) for m in months]


def monthly_series(filters: Filters) -> tuple[list[dt.date], dict[str, list[int]]]:
    months = months_of(filters)
    office = filters.office
    interests, d2 = _distinct(Interest.objects.filter(_interest_scope(filters)), filters,
                              "opportunity__sectors")
    meetings = Meeting.objects.filter(filters.on_days("event__start_date"), outcome=Meeting.Outcome.HELD)
    d3 = False
    if office is not None:
        meetings = meetings.filter(event__host_office=office)
    if filters.sector is not None:
        meetings = meetings.filter(Q(a__organization__sectors=filters.sector)
                                   | Q(b__organization__sectors=filters.sector))
        d3 = True
    series = {
        "opportunities_published": opportunities_by_month(filters, months),
        "interests": _monthly(interests.filter(filters.during("created_at")), "created_at", d2, months),
        "introductions": _monthly(
            interests.filter(filters.during("answered_at"), status=Interest.Status.ACCEPTED),
            "answered_at", d2, months),
        "meetings_held": _monthly(meetings, "event__start_date", d3, months),
        "outcomes_won": _monthly(_outcomes(filters).filter(stage__in=WON), "date", False, months),
    }
    return months, series


def outcome_kinds(filters: Filters) -> list[dict[str, Any]]:
    """Confirmed outcomes by kind, with a count per stage."""
    stages = {s: Count("pk", filter=Q(stage=s)) for s in OutcomeStage.values}
    grouped = {r["kind"]: r for r in _outcomes(filters).values("kind").annotate(**stages).order_by()}
    out = []
    for kind, label in OutcomeKind.choices:
        r = grouped.get(kind, {})
        out.append({"kind": kind, "label": label, **{s: r.get(s, 0) for s in OutcomeStage.values},
                    "total": sum(r.get(s, 0) for s in OutcomeStage.values)})
    return out


def sector_breakdown(filters: Filters) -> list[dict[str, Any]]:
    """Per sector: opportunities published, expressions of interest, outcomes won."""
    office = filters.office
    opps, _d = _published(filters)
    interests = Interest.objects.filter(filters.during("created_at")).filter(_interest_scope(filters))
    outcomes = _outcomes(filters).filter(stage__in=WON)
    if office is not None:
        opps = opps.filter(organization_id__in=Organization.objects.filter(office=office).values("pk"))
    sectors = Sector.objects.all()
    if filters.sector is not None:
        # Only the chosen sector's row (the filtered querysets would also count co-sectors).
        sectors = sectors.filter(pk=filters.sector.pk)
    per = {
        "opportunities_published": _grouped(opps, "sectors", n=Count("pk")),
        "interests": _grouped(interests, "opportunity__sectors", n=Count("pk")),
        "outcomes_won": _grouped(Outcome.objects.filter(pk__in=outcomes.values("pk")), "sectors",
                                 n=Count("pk")),
    }
    out: list[dict[str, Any]] = []
    for sector in sectors:
        row: dict[str, Any] = {"sector": sector, "label": str(sector), **{k: per[k].get(sector.pk, {}).get("n", 0)
                                                           for k in per}}
        if any(row[k] for k in per):
            out.append(row)
    out.sort(key=lambda r: (-r["opportunities_published"], -r["interests"], r["label"]))
    return out


def ecosystem_flows(filters: Filters) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Interests and won outcomes from one ecosystem to another, and the two directions
    (home park → partner ecosystems, and back)."""
    interests, d = _distinct(
        Interest.objects.filter(filters.during("created_at")).filter(_interest_scope(filters)),
        filters, "opportunity__sectors")
    pairs: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: {"interests": 0, "outcomes_won": 0})
    for r in (interests.values("from_organization__ecosystem_id", "to_organization__ecosystem_id")
              .annotate(n=Count("pk", distinct=d)).order_by()):
        pairs[(r["from_organization__ecosystem_id"], r["to_organization__ecosystem_id"])]["interests"] = r["n"]
    for r in (_outcomes(filters).filter(stage__in=WON)
              .values("initiator__ecosystem_id", "counterpart__ecosystem_id")
              .annotate(n=Count("pk")).order_by()):
        pairs[(r["initiator__ecosystem_id"], r["counterpart__ecosystem_id"])]["outcomes_won"] = r["n"]
    ecosystems = {e.pk: e for e in Ecosystem.objects.filter(
        pk__in={i for pair in pairs for i in pair})}
    home = Office.objects.filter(is_home=True).values_list("ecosystem_id", flat=True).first()
    flows, directions = [], {"outbound": 0, "inbound": 0, "outbound_won": 0, "inbound_won": 0}
    ranked = sorted(pairs.items(), key=lambda kv: -(int(kv[1]["interests"]) + int(kv[1]["outcomes_won"])))
    for (src, dst), n in ranked:
        direction = "outbound" if src == home != dst else ("inbound" if dst == home != src else "other")
        flows.append({"from": ecosystems[src], "to": ecosystems[dst], "direction": direction, **n})
        if src == home and dst != home:
            directions["outbound"] += n["interests"]
            directions["outbound_won"] += n["outcomes_won"]
        elif dst == home and src != home:
            directions["inbound"] += n["interests"]
            directions["inbound_won"] += n["outcomes_won"]
    return flows, directions


def cohort(filters: Filters) -> dict[str, int]:
    """The funnel's steps (see the module's docstring), counted as distinct pairs of
    organizations by one query: a conditional COUNT(DISTINCT pair) over the matches first
    shown in the period, each later step an EXISTS on the same pair AND the steps before."""
    shown = MatchImpression.objects.filter(filters.during("first_shown_at"))
    if filters.office is not None:
        shown = shown.filter(Q(owner_organization__office=filters.office)
                             | Q(counterpart__office=filters.office))
    if filters.sector is not None:
        shown = shown.filter(owner_organization__sectors=filters.sector)
    owner, other = OuterRef("owner_organization_id"), OuterRef("counterpart_id")
    interest = Interest.objects.filter(from_organization_id=owner, to_organization_id=other,
                                       created_at__lt=filters.before)
    accepted = interest.filter(status=Interest.Status.ACCEPTED, answered_at__lt=filters.before)
    met = Meeting.objects.filter(
        Q(a__organization_id=owner, b__organization_id=other)
        | Q(a__organization_id=other, b__organization_id=owner),
        outcome=Meeting.Outcome.HELD, event__start_date__lte=filters.end)
    won = Outcome.objects.filter(
        Q(initiator_id=owner, counterpart_id=other) | Q(initiator_id=other, counterpart_id=owner),
        confirmed_at__isnull=False, stage__in=WON, date__lte=filters.end)
    pair = Concat(Cast("owner_organization_id", CharField()), Value("-"),
                  Cast("counterpart_id", CharField()), output_field=CharField())
    # An accepted introduction is an expressed interest: each condition contains the one before.
    conditions = {
        "interests": Q(Exists(interest)),
        "introductions": Q(Exists(accepted)),
        "meetings_held": Q(Exists(accepted)) & Q(Exists(met)),
        "outcomes_won": Q(Exists(accepted)) & Q(Exists(met)) & Q(Exists(won)),
    }
    figures = {"matches_shown": Count(pair, distinct=True)}
    figures.update({k: Count(pair, distinct=True, filter=c) for k, c in conditions.items()})
    return {k: int(v or 0) for k, v in shown.aggregate(**figures).items()}


def funnel(counts: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    previous: int | None = None
    for key, label in FUNNEL:
        n = int(counts.get(key, 0))
        rate: Decimal | None = None if not previous else (Decimal(n) * 100 / previous).quantize(Decimal("0.1"))
        steps.append({"key": key, "label": label, "value": n, "rate": rate})
        previous = n
    return steps


def build_report(filters: Filters) -> Report:
    offices = list(Office.objects.all()) if filters.office is None else [filters.office]
    rows, total, rates, missing = office_figures(filters)
    months, series = monthly_series(filters)
    flows, directions = ecosystem_flows(filters)
    return Report(
        filters=filters, offices=offices, rows={o.pk: rows[o.pk] for o in offices}, total=total,
        funnel=funnel(cohort(filters)), months=months, series=series, kinds=outcome_kinds(filters),
        sectors=sector_breakdown(filters), flows=flows, directions=directions, rates=rates,
        missing_rates=missing,
    )
