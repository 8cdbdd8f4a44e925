"""Storing the lists a change touches (#15 item 9): however many lists a new offer enters,
the worker stores them with the same number of database queries (one round trip each on
PostgreSQL), and a stored match keeps its row and its marks when its score is updated."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.matchmaking import services
from liaison.matchmaking.engine import opportunity_key
from liaison.matchmaking.models import Match


def _request(world: Any, n: int) -> Any:
    from tests.factories import make_opportunity

    request = make_opportunity(
        world.home_firm, status="published", language="zh", type="technology_request",
        title=f"寻求储能电池管理系统 battery management {n}",
        description="电池管理系统 battery management thermal runaway 储能",
    )
    services.sync_opportunity(request.pk)
    return request


def _offer(world: Any, title: str) -> Any:
    from tests.factories import make_opportunity

    return make_opportunity(world.partner_firm, status="published", type="technology_offer",
                            title=title, description="battery management thermal runaway sensors")


def _sync_counting(opportunity_id: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        services.sync_opportunity(opportunity_id)
    return len(queries)


def test_an_offer_entering_four_lists_costs_the_queries_of_one(world: Any, match_index: Any) -> None:
    first_request = _request(world, 1)
    first = _offer(world, "Battery management early warning")
    one_list = _sync_counting(first.pk)
    assert Match.objects.filter(target_key=opportunity_key(first.pk),
                                source_key=opportunity_key(first_request.pk)).exists()

    requests = [first_request] + [_request(world, n) for n in (2, 3, 4)]
    second = _offer(world, "Battery management thermal runaway")
    four_lists = _sync_counting(second.pk)
    holding = set(Match.objects.filter(target_key=opportunity_key(second.pk))
                  .values_list("source_key", flat=True))
    assert {opportunity_key(r.pk) for r in requests} <= holding
    assert four_lists == one_list


def test_a_saved_match_keeps_its_row_and_mark_when_its_score_changes(
    world: Any, match_index: Any
) -> None:
    request = _request(world, 1)
    offer = _offer(world, "Battery management early warning")
    services.sync_opportunity(offer.pk)
    match = Match.objects.get(source_key=opportunity_key(request.pk),
                              target_key=opportunity_key(offer.pk))
    services.save_match(match, by=world.member)
    offer.description = "battery management thermal runaway sensors 储能 电池管理系统 grid storage"
    offer.save(update_fields=["description"])
    services.sync_opportunity(offer.pk)
    again = Match.objects.get(source_key=opportunity_key(request.pk),
                              target_key=opportunity_key(offer.pk))
    assert again.pk == match.pk
    assert again.saved_at is not None
    assert again.created_at == match.created_at
    assert again.score != match.score
    assert again.updated_at > match.updated_at
