"""The marketplace, the directory and the API search with the hybrid engine when an index
exists, and fall back to the database text search when none does."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.common.search import text_search
from liaison.opportunities.models import Opportunity

pytestmark = pytest.mark.django_db


def test_marketplace_finds_engine_hits_the_database_search_misses(market: Any, client: Any) -> None:
    query = "battery kosher"  # no single opportunity holds both words
    assert not text_search(Opportunity.objects.public(), query).exists()
    page = client.get("/marketplace/", {"q": query}).content.decode()
    assert market["offer"].title in page
    assert market["unrelated"].title in page
    api = client.get("/api/opportunities", {"q": query}).json()
    assert {i["id"] for i in api["items"]} >= {market["offer"].pk, market["unrelated"].pk}


def test_engine_hits_keep_the_page_filters(market: Any, client: Any) -> None:
    page = client.get("/marketplace/", {"q": "battery kosher", "type": "business_offer"}).content.decode()
    assert market["unrelated"].title in page
    assert market["offer"].title not in page


def test_directory_search_ranks_organizations_with_the_engine(market: Any, world: Any,
                                                              client_for: Any) -> None:
    query = "storage analytics kosher"  # no organization holds all three words
    html = client_for(world.other_member).get("/directory/", {"q": query}).content.decode()
    assert "Grid Storage Analytics" in html


def test_without_an_index_the_database_search_answers(world: Any, client: Any) -> None:
    from tests.factories import make_opportunity

    make_opportunity(world.partner_firm, status="published", title="Water reuse pilot")
    page = client.get("/marketplace/", {"q": "reuse"}).content.decode()
    assert "Water reuse pilot" in page
    assert "1 opportunity" in page
