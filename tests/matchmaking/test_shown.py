"""A match counts as shown once a member of its organization saw it listed (page or API):
stored matches nobody opened are not "matches shown" in the reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liaison.matchmaking.models import Match, MatchImpression
from liaison.reports.kpis import Filters, build_report


def _shown_in_network() -> int:
    year = timezone.now().year
    return int(build_report(Filters(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))).total["matches_shown"])


def test_a_stored_match_counts_as_shown_once_the_owner_opens_the_matches_page(
        world: Any, market: dict[str, Any], client_for: Any) -> None:
    request = market["request"]
    stored = Match.objects.filter(source_key=f"opp-{request.pk}", dismissed_at__isnull=True).count()
    assert stored >= 3
    assert _shown_in_network() == 0  # stored, not yet shown
    assert client_for(world.owner).get(f"/matches/opportunity/{request.pk}/").status_code == 200
    assert _shown_in_network() == stored
    beijing = world.sc.home.pk
    year = timezone.now().year
    report = build_report(Filters(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)))
    assert report.rows[beijing]["matches_shown"] == stored  # the office of the firm shown them
    # Opened again, the same matches are not counted twice.
    client_for(world.member).get(f"/matches/opportunity/{request.pk}/")
    assert _shown_in_network() == stored
    shown = MatchImpression.objects.get(target_key=f"opp-{market['offer'].pk}")
    assert (shown.owner_organization, shown.counterpart) == (world.home_firm, world.partner_firm)


def test_officers_and_hq_looking_at_a_firms_matches_do_not_count_as_shown(
        world: Any, market: dict[str, Any], client_for: Any) -> None:
    url = f"/matches/opportunity/{market['request'].pk}/"
    for user in (world.officer, world.hq):
        assert client_for(user).get(url).status_code == 200
    assert client_for(world.officer).get("/matches/office/").status_code == 200
    assert client_for(world.outsider).get(url).status_code in (403, 404)
    assert _shown_in_network() == 0


def test_the_recommendations_home_and_the_api_record_what_they_list(
        world: Any, market: dict[str, Any], client_for: Any) -> None:
    client = client_for(world.member)
    assert client.get("/matches/").status_code == 200
    home = MatchImpression.objects.count()
    # one card per counterpart: a firm's several matches are one card, shown once
    from liaison.matchmaking import selectors
    from liaison.matchmaking.cards import one_per_counterpart

    cards = one_per_counterpart(selectors.matches_of(f"org-{world.home_firm.pk}")[:20])
    assert home == min(5, len(cards)) > 0
    response = client.get(f"/api/matches/opportunities/{market['request'].pk}")
    assert response.status_code == 200
    assert MatchImpression.objects.count() == home + len(response.json())


def test_recording_what_a_page_shows_is_one_query(world: Any, market: dict[str, Any],
                                                  client_for: Any) -> None:
    client = client_for(world.owner)
    url = f"/matches/opportunity/{market['request'].pk}/"
    client.get(url)
    MatchImpression.objects.all().delete()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    touching = [q["sql"] for q in ctx.captured_queries if "matchmaking_matchimpression" in q["sql"]]
    # One read of the pairs already kept and one INSERT for the whole page, not one per match.
    assert [q.split()[0] for q in touching] == ["SELECT", "INSERT"]
    assert MatchImpression.objects.count() >= 3


def test_a_page_shown_again_writes_nothing(world: Any, market: dict[str, Any], client_for: Any) -> None:
    url = f"/matches/opportunity/{market['request'].pk}/"
    client = client_for(world.owner)

    def inserts() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries if "matchmaking_matchimpression" in q["sql"]
                and q["sql"].lstrip().upper().startswith("INSERT")]

    assert len(inserts()) == 1  # the first showing is kept
    kept = MatchImpression.objects.count()
    assert kept >= 3
    assert inserts() == []  # shown again: read, not written
    assert MatchImpression.objects.count() == kept
