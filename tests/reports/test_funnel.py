"""The funnel follows one cohort, pairs of organizations first shown a match in the period, so
each step is part of the step before and no conversion rate passes 100 %; the stand-alone
counts (every meeting held, no-shows) stay in the table of figures."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone

from liaison.reports.kpis import Filters, build_report
from tests.reports.conftest import YEAR, make_meeting


def _year(**kw: Any) -> Filters:
    return Filters(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), **kw)


def show(owner: Any, counterpart: Any, *, source: str = "", target: str = "", when: Any = None) -> Any:
    from liaison.matchmaking.models import MatchImpression

    return MatchImpression.objects.create(
        source_key=source or f"org-{owner.pk}", target_key=target or f"org-{counterpart.pk}",
        owner_organization=owner, counterpart=counterpart, first_shown_at=when or timezone.now())


def _more_meetings_than_introductions(world: Any, activity: Any) -> Any:
    """Two more held meetings between a pair never introduced, a third pair only shown."""
    from tests.factories import make_organization

    third = activity.pending.from_organization  # Haifa Sensors: interest pending
    make_meeting(activity.event, third, world.partner_firm, outcome="held")
    other = make_organization(world.sc, ecosystem="tel-aviv", name="Jaffa Robotics")
    make_meeting(activity.event, other, world.partner_firm, outcome="held")
    show(world.home_firm, world.partner_firm)
    # The same pair shown a second match (an opportunity of the partner): still one pair.
    show(world.home_firm, world.partner_firm, target=f"opp-{activity.opportunity.pk}")
    show(third, world.partner_firm)
    show(world.home_firm, other)
    return third


def test_funnel_steps_are_subsets_where_the_old_counts_passed_100_percent(world: Any, activity: Any) -> None:
    _more_meetings_than_introductions(world, activity)
    report = build_report(_year())
    # Stand-alone figures: three meetings held for one accepted introduction (300 % before).
    assert report.total["introductions"] == 1
    assert report.total["meetings_held"] == 3
    assert report.total["no_shows"] == 1
    steps = [(s["key"], s["value"], s["rate"]) for s in report.funnel]
    assert steps == [
        ("matches_shown", 3, None),
        ("interests", 2, Decimal("66.7")),  # home firm → partner (accepted), Haifa → partner (pending)
        ("introductions", 1, Decimal("50.0")),
        ("meetings_held", 1, Decimal("100.0")),  # the Haifa and Jaffa meetings are outside the cohort
        ("outcomes_won", 1, Decimal("100.0")),  # two outcomes, one pair
    ]
    values = [v for _k, v, _r in steps]
    assert values == sorted(values, reverse=True)


def test_a_pair_shown_a_match_after_the_period_is_not_in_its_cohort(world: Any, activity: Any) -> None:
    show(world.home_firm, world.partner_firm, when=timezone.now().replace(year=YEAR + 1))
    assert [s["value"] for s in build_report(_year()).funnel] == [0, 0, 0, 0, 0]


def test_an_outcome_without_a_meeting_between_the_pair_stops_at_the_introduction(
        world: Any, activity: Any) -> None:
    activity.meeting.delete()
    show(world.home_firm, world.partner_firm)
    assert [s["value"] for s in build_report(_year()).funnel] == [1, 1, 1, 0, 0]


def test_office_and_sector_filters_narrow_the_cohort(world: Any, activity: Any) -> None:
    from tests.factories import make_organization

    _more_meetings_than_introductions(world, activity)
    tokyo_a = make_organization(world.sc, ecosystem="tokyo", name="Tokyo A")
    tokyo_b = make_organization(world.sc, ecosystem="tokyo", name="Tokyo B")
    show(tokyo_a, tokyo_b)
    assert build_report(_year()).funnel[0]["value"] == 4
    assert build_report(_year(office=world.sc.offices["tel-aviv"])).funnel[0]["value"] == 3
    # Every organization here is in energy; only the home firm also in another sector.
    other = next(s for code, s in world.sc.sectors.items() if code != "energy")
    world.home_firm.sectors.add(other)
    assert [s["value"] for s in build_report(_year(sector=other)).funnel] == [2, 1, 1, 1, 1]


def test_dashboard_shows_the_cohort_funnel_with_rates_up_to_100(world: Any, activity: Any,
                                                                client_for: Any) -> None:
    _more_meetings_than_introductions(world, activity)
    page = client_for(world.hq).get(f"/reports/?year={YEAR}").content.decode()
    section = re.search(r'id="table-funnel">(.*?)</section>', page, re.S)
    assert section is not None
    rows = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in re.findall(r"<tr>(.*?)</tr>", section.group(1).split("<tbody>")[-1], re.S)]
    assert [r[1:] for r in rows] == [["3", ""], ["2", "66.7"], ["1", "50.0"], ["1", "100.0"], ["1", "100.0"]]
    assert "pairs shown a match" in rows[0][0]
