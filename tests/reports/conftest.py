"""A small, exactly known activity for the reports tests: one accepted introduction between the
Beijing home firm and the Tel Aviv partner firm, one held meeting and one no-show at a Tel Aviv
event, two outcomes (one confidential, one public) and rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import make_opportunity

YEAR = timezone.now().year


@pytest.fixture(autouse=True)
def _fresh_report_cache() -> None:
    # Reports and charts are cached between requests; each test starts without them.
    from django.core.cache import cache

    cache.clear()


@dataclass
class Activity:
    opportunity: Any
    interest: Any
    pending: Any
    event: Any
    meeting: Any
    no_show: Any
    confidential: Any
    public: Any
    unconfirmed: Any


def make_interest(opportunity: Any, from_org: Any, *, status: str = "accepted", by: Any = None) -> Any:
    from liaison.introductions.models import Interest

    now = timezone.now()
    return Interest.objects.create(
        opportunity=opportunity, from_organization=from_org, to_organization=opportunity.organization,
        created_by=by, message="Interested", status=status, expires_at=now + dt.timedelta(days=30),
        answered_at=now if status == "accepted" else None,
    )


def make_meeting(event: Any, org_a: Any, org_b: Any, *, outcome: str = "held") -> Any:
    from liaison.events.models import Meeting, Registration

    a, _ = Registration.objects.get_or_create(event=event, organization=org_a)
    b, _ = Registration.objects.get_or_create(event=event, organization=org_b)
    return Meeting.objects.create(event=event, a=a, b=b, status="scheduled", outcome=outcome)


@pytest.fixture
def activity(world: Any) -> Activity:
    from liaison.events.models import Event
    from liaison.reports.models import ExchangeRate, Outcome
    from tests.factories import make_organization

    today = timezone.localdate()
    ExchangeRate.objects.create(currency="USD", date=dt.date(YEAR, 1, 1), rate=Decimal("7.1000"))
    ExchangeRate.objects.create(currency="ILS", date=dt.date(YEAR, 1, 1), rate=Decimal("1.9000"))
    ExchangeRate.objects.create(currency="USD", date=dt.date(YEAR - 1, 1, 1), rate=Decimal("6.9000"))
    opportunity = make_opportunity(world.partner_firm, status="published", title="Grid analytics partner")
    interest = make_interest(opportunity, world.home_firm, by=world.owner)
    third = make_organization(world.sc, ecosystem="tel-aviv", name="Haifa Sensors")
    pending = make_interest(opportunity, third, status="pending")
    event = Event.objects.create(title="Tel Aviv energy days", host_office=world.sc.offices["tel-aviv"],
                                 start_date=today, end_date=today, status="running")
    meeting = make_meeting(event, world.home_firm, world.partner_firm, outcome="held")
    no_show = make_meeting(event, third, world.partner_firm, outcome="no_show")
    tel_aviv = world.sc.offices["tel-aviv"]
    common = {"initiator": world.home_firm, "counterpart": world.partner_firm, "office": tel_aviv,
              "confirmed_at": timezone.now(), "date": today}
    confidential = Outcome.objects.create(
        kind="pilot", title="Grid pilot", stage="signed", value=Decimal("100000.00"), currency="USD",
        interest=interest, **common)
    public = Outcome.objects.create(
        kind="mou", title="Energy MoU", stage="completed", value=Decimal("50000.00"), currency="ILS",
        value_public=True, meeting=meeting, **common)
    confidential.sectors.set([world.sc.sectors["energy"]])
    public.sectors.set([world.sc.sectors["energy"]])
    unconfirmed = Outcome.objects.create(
        kind="licensing", title="Licence", stage="signed", value=Decimal("1200.50"), currency="EUR",
        interest=interest, initiator=world.home_firm, counterpart=world.partner_firm, office=tel_aviv,
        date=today, reported_by=world.owner)
    return Activity(opportunity, interest, pending, event, meeting, no_show, confidential, public,
                    unconfirmed)
