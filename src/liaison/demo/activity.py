"""Two years of fictional activity for the demo, so the dashboards show trends.

The funnel follows pairs of organizations from a match shown to a signed outcome, so the demo
shows matches to firms (most not followed up), has every expression of interest follow a
match shown a few days before, and brings a share of the introductions to a matchmaking day.

Everything made here is fictional demo data: outcomes carry `is_demo_data`; expressions of
interest say so in their message; events in their title; exchange rates in their source
(approximate monthly values, not official fixings). The demo's opportunities (already marked
`is_demo_data`) get publication dates, and its organizations onboarding and vetting dates,
spread over the two years. Idempotent: does nothing once demo outcomes exist.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone

from liaison.directory.models import Office, Organization
from liaison.events.models import Event, Meeting, Registration
from liaison.introductions.models import Interest
from liaison.matchmaking.models import MatchImpression
from liaison.opportunities.models import Opportunity
from liaison.reports.models import ExchangeRate, Outcome, OutcomeKind

DEMO = "fictional demo data"
# Approximate CNY per unit, for a plausible demo only.
RATES = {"USD": "7.15", "ILS": "1.95", "EUR": "7.80", "GBP": "9.10", "JPY": "0.048",
         "KRW": "0.0053", "SGD": "5.30", "CAD": "5.25"}
KIND_WEIGHTS = [("mou", 5), ("partnership", 3), ("pilot", 4), ("distribution", 2), ("licensing", 2),
                ("investment", 1), ("joint_rd", 2), ("programme", 1), ("other", 1)]
STAGE_WEIGHTS = [("negotiation", 3), ("signed", 4), ("completed", 2), ("abandoned", 1)]
VALUES = {"mou": None, "programme": (50_000, 400_000), "pilot": (100_000, 1_500_000),
          "partnership": (200_000, 3_000_000), "distribution": (300_000, 5_000_000),
          "licensing": (100_000, 2_000_000), "investment": (1_000_000, 20_000_000),
          "joint_rd": (200_000, 4_000_000), "other": (50_000, 500_000)}


def _when(rng: random.Random, start: dt.datetime, days: int) -> dt.datetime:
    return start + dt.timedelta(days=rng.randrange(days), hours=rng.randrange(8, 18))


def _set_dates(model: Any, field: str, dates: dict[int, dt.datetime]) -> None:
    """One UPDATE per batch of rows (auto_now_add fields cannot be set on create)."""
    items = list(dates.items())
    for i in range(0, len(items), 500):
        chunk = dict(items[i:i + 500])
        model.objects.filter(pk__in=chunk).update(**{field: Case(
            *[When(pk=pk, then=Value(when)) for pk, when in chunk.items()],
            output_field=DateTimeField())})


@transaction.atomic
def seed_demo_activity(*, seed: int = 2026, months: int = 24) -> dict[str, int]:
    """Rates, interests, introductions, events with meetings and outcomes over `months`."""
    if Outcome.objects.filter(is_demo_data=True).exists():
        return {}
    rng = random.Random(seed)
    now = timezone.now()
    start = (now - dt.timedelta(days=30 * months)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    span = (now - start).days
    counts: dict[str, int] = {}

    # Monthly exchange rates with a little drift.
    rates = []
    day = start.date()
    while day <= now.date():
        for currency, base in RATES.items():
            drift = Decimal(1) + Decimal(rng.randint(-30, 30)) / Decimal(1000)
            rates.append(ExchangeRate(currency=currency, date=day, rate=(Decimal(base) * drift)
                                      .quantize(Decimal("0.000001")), source=DEMO))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    ExchangeRate.objects.bulk_create(rates, ignore_conflicts=True)
    counts["rates"] = len(rates)

    # Publication and onboarding dates spread over the period (demo rows only).
    published = dict(Opportunity.objects.filter(is_demo_data=True, published_at__isnull=False)
                     .values_list("pk", "published_at"))
    _set_dates(Opportunity, "published_at", {pk: _when(rng, start, span) for pk in published})
    # Onboarding dates of every organization of the demo (imported ones included).
    orgs = list(Organization.objects.values_list("pk", "vetted_at"))
    _set_dates(Organization, "created_at", {pk: _when(rng, start, span) for pk, _v in orgs})
    _set_dates(Organization, "vetted_at", {pk: _when(rng, start, span) for pk, v in orgs if v})

    # Expressions of interest across the border, a third accepted.
    opportunities = list(Opportunity.objects.filter(is_demo_data=True, status="published")
                         .values_list("pk", "organization_id", "organization__ecosystem_id",
                                      "published_at")[:3000])
    by_ecosystem: dict[int, list[int]] = {}
    for pk, eco in Organization.objects.filter(vetted_at__isnull=False).values_list("pk", "ecosystem_id"):
        by_ecosystem.setdefault(eco, []).append(pk)
    home_ecosystem = Office.objects.filter(is_home=True).values_list("ecosystem_id", flat=True).first() or 0
    interests: list[Interest] = []
    created: dict[int, dt.datetime] = {}
    seen: set[tuple[int, int]] = set()
    for opp, owner, eco, published_at in rng.sample(opportunities, min(len(opportunities), 900)):
        # Home-park firms answer partner opportunities and the other way round.
        other_eco = home_ecosystem if eco != home_ecosystem else rng.choice(
            [e for e in by_ecosystem if e != home_ecosystem] or [eco])
        candidates = by_ecosystem.get(other_eco) or []
        if not candidates:
            continue
        sender = rng.choice(candidates)
        if (opp, sender) in seen or sender == owner:
            continue
        seen.add((opp, sender))
        when = _when(rng, max(published_at or start, start), 20)
        when = min(when, now - dt.timedelta(hours=1))
        status = rng.choices(["accepted", "declined", "expired", "pending"], [35, 25, 20, 20])[0]
        interests.append(Interest(
            opportunity_id=opp, from_organization_id=sender, to_organization_id=owner,
            message=f"({DEMO}) We would like to discuss this opportunity.", status=status,
            expires_at=when + dt.timedelta(days=30),
            answered_at=min(when + dt.timedelta(days=rng.randint(1, 12)), now) if status in ("accepted", "declined") else None,
        ))
    Interest.objects.bulk_create(interests)
    for pk, expires_at in Interest.objects.filter(message__startswith=f"({DEMO})").values_list(
            "pk", "expires_at"):
        created[pk] = expires_at - dt.timedelta(days=30)
    _set_dates(Interest, "created_at", created)
    counts["interests"] = len(created)

    # Matches shown to firms: one before each interest, three times as many not followed up.
    shown: list[MatchImpression] = []
    keys: set[tuple[str, str]] = set()

    def show(owner: int, opportunity: int, counterpart: int, when: dt.datetime) -> None:
        key = (f"org-{owner}", f"opp-{opportunity}")
        if key not in keys:
            keys.add(key)
            shown.append(MatchImpression(source_key=key[0], target_key=key[1], owner_organization_id=owner,
                                         counterpart_id=counterpart, first_shown_at=max(when, start)))

    for pk, sender, opp, owner in Interest.objects.filter(pk__in=created).values_list(
            "pk", "from_organization_id", "opportunity_id", "to_organization_id"):
        show(sender, opp, owner, created[pk] - dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 20)))
    for opp, owner, eco, _published_at in rng.choices(opportunities, k=3 * len(created)) if opportunities else []:
        other_eco = home_ecosystem if eco != home_ecosystem else rng.choice(
            [e for e in by_ecosystem if e != home_ecosystem] or [eco])
        if by_ecosystem.get(other_eco):
            show(rng.choice(by_ecosystem[other_eco]), opp, owner, _when(rng, start, span))
    MatchImpression.objects.bulk_create(shown, ignore_conflicts=True)
    counts["matches_shown"] = len(shown)
    accepted = list(Interest.objects.filter(message__startswith=f"({DEMO})", status="accepted")
                    .select_related("to_organization", "from_organization"))
    counts["introductions"] = len(accepted)

    # A matchmaking day per quarter in Tel Aviv and in two other offices, with meetings.
    offices = {o.code: o for o in Office.objects.all()}
    meetings: list[Meeting] = []
    quarter = start.date()
    while quarter <= now.date():
        for code in ["tel-aviv", rng.choice([c for c in offices if c not in ("tel-aviv", "beijing")])]:
            office = offices.get(code)
            if office is None:
                continue
            day = quarter + dt.timedelta(days=rng.randint(20, 70))
            if day > now.date():
                continue
            event = Event.objects.create(
                title=f"{office.name}: matchmaking day {day:%Y-%m} ({DEMO})", kind="matchmaking",
                host_office=office, direction="inbound" if office.is_home else "outbound",
                partner_ecosystem=office.ecosystem, start_date=day, end_date=day, status="closed",
                timezone=office.ecosystem.timezone or "UTC")
            locals_ = rng.sample(by_ecosystem.get(office.ecosystem_id, []), k=min(8, len(by_ecosystem.get(office.ecosystem_id, []))))
            visitors = rng.sample(by_ecosystem.get(home_ecosystem, []), k=min(8, len(by_ecosystem.get(home_ecosystem, []))))
            regs_a = [Registration.objects.create(event=event, organization_id=o) for o in visitors]
            regs_b = [Registration.objects.create(event=event, organization_id=o) for o in locals_]
            for a in regs_a:
                for b in rng.sample(regs_b, k=min(3, len(regs_b))):
                    meetings.append(Meeting(event=event, a=a, b=b, status="scheduled",
                                            outcome=rng.choices(["held", "no_show"], [88, 12])[0]))
        quarter = (quarter + dt.timedelta(days=95)).replace(day=1)
    # Half of the introductions meet at the next matchmaking day after their acceptance.
    days = sorted(Event.objects.filter(title__endswith=f"({DEMO})"), key=lambda e: e.start_date)
    met: set[int] = set()
    for interest in accepted:
        answered = (interest.answered_at or now).date()
        day_after = next((e for e in days if e.start_date >= answered), None)
        if day_after is None or rng.random() >= 0.5:
            continue
        a, _new = Registration.objects.get_or_create(event=day_after, organization_id=interest.from_organization_id)
        b, _new = Registration.objects.get_or_create(event=day_after, organization_id=interest.to_organization_id)
        took_place = rng.random() < 0.9
        meetings.append(Meeting(event=day_after, a=a, b=b, status="scheduled",
                                outcome="held" if took_place else "no_show"))
        if took_place:
            met.add(interest.pk)
    Meeting.objects.bulk_create(meetings)
    counts["meetings"] = len(meetings)

    # Outcomes of a share of the introductions and held meetings.
    outcomes: list[Outcome] = []
    kinds = [k for k, w in KIND_WEIGHTS for _ in range(w)]
    stages = [s for s, w in STAGE_WEIGHTS for _ in range(w)]

    def outcome(initiator: Any, counterpart: Any, office: Any, when: dt.date, **source: Any) -> Outcome:
        kind = rng.choice(kinds)
        value_range = VALUES[kind]
        currency = rng.choice(["CNY", "USD", "ILS", "EUR"])
        value = None
        if value_range is not None and rng.random() < 0.8:
            value = Decimal(rng.randrange(*value_range) // 1000 * 1000)
        label = dict(OutcomeKind.choices)[kind]
        return Outcome(
            kind=kind, title=f"{str(label).capitalize()} ({DEMO})", initiator_id=initiator,
            counterpart_id=counterpart, office=office, date=when, stage=rng.choice(stages),
            value=value, currency=currency if value is not None else "",
            value_public=rng.random() < 0.2, confirmed_at=timezone.now(), is_demo_data=True, **source)

    for interest in accepted:
        if rng.random() < (0.6 if interest.pk in met else 0.2):
            signed = min((interest.answered_at or now) + dt.timedelta(days=rng.randint(20, 150)), now)
            outcomes.append(outcome(interest.from_organization_id, interest.to_organization_id,
                                    interest.to_organization.office, signed.date(), interest=interest))
    held = Meeting.objects.filter(event__title__endswith=f"({DEMO})", outcome="held").select_related(
        "a", "b", "event__host_office")
    for meeting in held:
        if rng.random() < 0.12:
            signed_on = min(meeting.event.start_date + dt.timedelta(days=rng.randint(30, 200)), now.date())
            outcomes.append(outcome(meeting.a.organization_id, meeting.b.organization_id,
                                    meeting.event.host_office, signed_on, meeting=meeting))
    Outcome.objects.bulk_create(outcomes)
    through = Outcome.sectors.through
    org_sectors: dict[int, list[int]] = {}
    for org, sector in Organization.sectors.through.objects.filter(
            organization_id__in={o.counterpart_id for o in outcomes}).values_list("organization_id", "sector_id"):
        org_sectors.setdefault(org, []).append(sector)
    links = [through(outcome_id=o.pk, sector_id=s)
             for o in Outcome.objects.filter(is_demo_data=True) for s in org_sectors.get(o.counterpart_id, [])[:2]]
    through.objects.bulk_create(links, ignore_conflicts=True)
    counts["outcomes"] = len(outcomes)
    return counts
