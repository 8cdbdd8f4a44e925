"""The figures of the reports, exactly, from a known small activity (see conftest)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liaison.reports.kpis import Filters, build_report
from liaison.reports.services import report_outcome
from tests.reports.conftest import YEAR


def _year(**kw: Any) -> Filters:
    return Filters(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), **kw)


def test_tel_aviv_figures(world: Any, activity: Any) -> None:
    tel_aviv = world.sc.offices["tel-aviv"]
    report = build_report(_year(office=tel_aviv))
    row = report.rows[tel_aviv.pk]
    assert row["opportunities_published"] == 1
    assert (row["interests"], row["introductions"]) == (2, 1)
    assert (row["meetings_held"], row["no_shows"]) == (1, 1)
    assert (row["outcomes"], row["outcomes_won"]) == (2, 2)
    # 100,000 USD × 7.1 + 50,000 ILS × 1.9, with the rates of 1 January.
    assert row["value_won"] == Decimal("805000.00")
    assert [(r.currency, r.date) for r in report.rates] == [
        ("ILS", dt.date(YEAR, 1, 1)), ("USD", dt.date(YEAR, 1, 1))]


def test_an_introduction_between_two_offices_counts_for_each_and_once_in_the_network(
        world: Any, activity: Any) -> None:
    report = build_report(_year())
    beijing, tel_aviv = world.sc.home.pk, world.sc.offices["tel-aviv"].pk
    assert report.rows[beijing]["introductions"] == 1
    assert report.rows[tel_aviv]["introductions"] == 1
    assert report.total["introductions"] == 1
    assert report.total["interests"] == 2


def test_funnel_gives_conversion_rates(world: Any, activity: Any) -> None:
    from tests.reports.test_funnel import show

    show(world.home_firm, world.partner_firm)
    show(activity.pending.from_organization, world.partner_firm)
    steps = {s["key"]: s for s in build_report(_year()).funnel}
    assert steps["interests"]["value"] == 2 and steps["interests"]["rate"] == Decimal("100.0")
    assert steps["introductions"]["value"] == 1 and steps["introductions"]["rate"] == Decimal("50.0")
    assert steps["outcomes_won"]["value"] == 1  # two outcomes of one pair


def test_unconfirmed_outcomes_stay_out_of_the_figures(world: Any, activity: Any) -> None:
    report_outcome(activity.interest, by=world.owner, data={
        "kind": "investment", "title": "Seed round", "date": timezone.localdate(), "stage": "signed",
        "value": Decimal("1000000"), "currency": "USD"})
    assert build_report(_year()).total["outcomes"] == 2


def test_direction_and_sector_breakdown(world: Any, activity: Any) -> None:
    report = build_report(_year())
    assert report.directions["outbound"] == 1  # Beijing firm → Tel Aviv opportunity
    assert report.directions["outbound_won"] == 2
    energy = [s for s in report.sectors if s["label"] == str(world.sc.sectors["energy"])][0]
    assert (energy["opportunities_published"], energy["interests"], energy["outcomes_won"]) == (1, 2, 2)


def test_sector_filter(world: Any, activity: Any) -> None:
    other = [s for code, s in world.sc.sectors.items() if code != "energy"][0]
    report = build_report(_year(sector=other))
    assert report.total["outcomes"] == 0 and report.total["interests"] == 0
    assert build_report(_year(sector=world.sc.sectors["energy"])).total["outcomes"] == 2


def test_monthly_series_put_the_activity_in_its_month(world: Any, activity: Any) -> None:
    report = build_report(_year())
    month = timezone.localdate().month - 1
    assert report.series["outcomes_won"][month] == 2
    assert sum(report.series["interests"]) == 2


def test_dashboard_query_count_does_not_grow_with_the_data(world: Any, activity: Any,
                                                          client_for: Any) -> None:
    client = client_for(world.hq)
    client.get("/reports/")  # charts drawn once

    def count() -> int:
        from django.core.cache import cache

        cache.clear()  # the report's own queries, not a cached report
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reports/").status_code == 200
        return len(queries)

    before = count()
    from tests.factories import make_opportunity, make_organization
    from tests.reports.conftest import make_interest

    for i in range(3):
        org = make_organization(world.sc, ecosystem="tokyo", name=f"Tokyo firm {i}")
        make_interest(make_opportunity(org, status="published", title=f"T{i}"), world.home_firm)
    assert count() == before
    assert before <= 35  # session, user, notifications badge and the report's own ~23


def test_a_delegation_outcome_credits_both_offices_and_counts_once_in_the_network(
        world: Any, activity: Any) -> None:
    # The MoU came out of a meeting at a Tel Aviv-hosted event between the Beijing home firm
    # and the Tel Aviv partner firm (#17 item 1): Tel Aviv brokered it, Beijing shares it.
    report = build_report(_year())
    beijing, tel_aviv = world.sc.home.pk, world.sc.offices["tel-aviv"].pk
    assert (report.rows[tel_aviv]["outcomes"], report.rows[tel_aviv]["outcomes_won"]) == (2, 2)
    assert (report.rows[beijing]["outcomes"], report.rows[beijing]["outcomes_won"]) == (1, 1)
    assert report.rows[beijing]["value_won"] == Decimal("95000.00")  # 50,000 ILS × 1.9
    assert (report.total["outcomes"], report.total["outcomes_won"]) == (2, 2)
    assert report.total["value_won"] == Decimal("805000.00")
    # the Beijing office's own report shows it too; the introduction's pilot is Tel Aviv's alone
    own = build_report(_year(office=world.sc.home))
    assert own.rows[beijing]["outcomes"] == 1 and own.total["outcomes"] == 1
