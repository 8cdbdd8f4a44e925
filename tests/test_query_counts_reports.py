"""Reports cost the same number of queries at 1 and at 3 items: the network and office
reports and their CSV export (grown by a sector's activity each), the outcomes list, the
exchange rates, and the API's KPIs, outcomes and rates.

Amounts are all in one currency: a report reads the latest rate of each currency it converts
with a query apiece, on purpose (`reports.rates.rates_on`: a handful of currencies)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from liaison.reports.models import ExchangeRate, Outcome
from tests.factories import make_opportunity
from tests.reports.conftest import make_interest
from tests.test_query_counts import assert_flat, firm, queries

pytestmark = pytest.mark.django_db

SECTORS = ["ai-ml", "aerospace", "fintech"]


@pytest.fixture(autouse=True)
def _fresh_report_cache() -> None:
    # Reports are cached while the data stays the same; each test starts without them.
    from django.core.cache import cache

    cache.clear()


def won_deal(world: Any, i: int, **fields: Any) -> Outcome:
    """A new Beijing firm's accepted introduction to a new Tel Aviv firm's offer in the i-th
    sector, and the confirmed licence signed from it (in US dollars, brokered in Tel Aviv)."""
    sector = world.sc.sectors[SECTORS[i]]
    beijing = firm(world, i, ecosystem="beijing", sectors=(sector.code,))
    tel_aviv = firm(world, i, sectors=(sector.code,))
    offer = make_opportunity(tel_aviv, status="published", language="he", sectors=(sector.code,),
                             title=f"Offer {i}")
    interest = make_interest(offer, beijing, by=world.member)
    fields = {"confirmed_at": timezone.now(), "stage": "signed", **fields}
    outcome = Outcome.objects.create(
        kind="licensing", title=f"Licence {i}", interest=interest, initiator=beijing,
        counterpart=tel_aviv, office=world.sc.offices["tel-aviv"], date=timezone.localdate(),
        value=Decimal("1000.00") * (i + 1), currency="USD", **fields)
    outcome.sectors.set([sector])
    return outcome


@pytest.fixture
def usd(world: Any) -> None:
    ExchangeRate.objects.create(currency="USD", date=dt.date(timezone.now().year, 1, 1),
                                rate=Decimal("7.1000"))


@pytest.mark.usefixtures("usd")
@pytest.mark.parametrize(("user", "url"), [
    ("hq", "/reports/"),
    ("officer", "/reports/beijing/"),
    ("hq", "/reports/tel-aviv/"),
    ("hq", "/reports/export.csv"),
])
def test_report_query_count_does_not_grow_with_activity(
    world: Any, client_for: Any, user: str, url: str
) -> None:
    # Each deal adds a row to the sectors table (and a pair of firms to the funnel).
    def add(i: int) -> str:
        return str(won_deal(world, i).sectors.get())

    assert_flat(client_for(world.users()[user]), url, add)


@pytest.mark.usefixtures("usd")
def test_api_kpis_query_count_does_not_grow_with_activity(world: Any, client_for: Any) -> None:
    # The answer has figures only: the network's count of outcomes tells the deals apart.
    client = client_for(world.hq)
    won_deal(world, 0)
    one = queries(client, "/api/reports/kpis", ['"outcomes": 1'])
    won_deal(world, 1)
    won_deal(world, 2)
    three = queries(client, "/api/reports/kpis", ['"outcomes": 3'])
    assert len(three) == len(one), "\n".join(["With 3 items:", *(q[:160] for q in three)])


@pytest.mark.parametrize("url", ["/reports/outcomes/", "/api/reports/outcomes"])
@pytest.mark.parametrize("user", ["hq", "officer", "other_officer", "member"])
def test_outcome_list_query_count_does_not_grow_with_rows(
    world: Any, client_for: Any, user: str, url: str
) -> None:
    # Confirmed and waiting outcomes, confidential and public values; the member's firm is
    # a party to each.
    def add(i: int) -> str:
        outcome = won_deal(world, i, value_public=bool(i % 2),
                           confirmed_at=timezone.now() if i else None)
        Outcome.objects.filter(pk=outcome.pk).update(initiator=world.home_firm)
        return outcome.title

    assert_flat(client_for(world.users()[user]), url, add)


@pytest.mark.parametrize("url", ["/reports/rates/", "/api/reports/rates"])
def test_rate_list_query_count_does_not_grow_with_rows(world: Any, client_for: Any, url: str) -> None:
    def add(i: int) -> str:
        rate = ExchangeRate.objects.create(currency=("USD", "ILS", "EUR")[i], updated_by=world.hq,
                                           date=dt.date(2026, 1, 1 + i), rate=Decimal(f"{i + 1}.2345"))
        return f"{rate.rate}"

    assert_flat(client_for(world.hq), url, add)
