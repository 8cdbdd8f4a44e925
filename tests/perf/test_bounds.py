"""Bounded work per request: the search text's length, the API's page size and offset, the
pages' depth, counts of large sets, and the directory's facet counts within a time budget."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection

from liaison.common import paging
from liaison.common.text import MAX_QUERY_LENGTH
from liaison.opportunities.models import Opportunity
from tests.factories import make_opportunity

pytestmark = pytest.mark.django_db

LONG = "储能" * (MAX_QUERY_LENGTH // 2) + "x"


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def slow_query() -> None:
    """A query that takes seconds on either database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(3)")
        else:
            cursor.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                           "WHERE x < 300000000) SELECT count(*) FROM c")
        cursor.fetchall()


def test_a_search_text_too_long_is_a_422_naming_q(world: Any, client: Any, client_for: Any) -> None:
    for c, url in ((client, "/api/opportunities"), (client_for(world.officer), "/api/organizations")):
        response = c.get(url, {"q": LONG})
        assert response.status_code == 422
        assert list(response.json()["errors"]) == ["q"]
        assert str(MAX_QUERY_LENGTH) in response.json()["errors"]["q"][0]
    assert client.get("/api/opportunities", {"q": LONG[:MAX_QUERY_LENGTH]}).status_code == 200


@pytest.mark.parametrize("path", ["/marketplace/", "/directory/"])
def test_a_search_text_too_long_is_a_field_error_on_the_page(world: Any, client_for: Any, path: str) -> None:
    make_opportunity(world.partner_firm, status="published", title="Listed offer")
    response = client_for(world.officer).get(path, {"q": LONG})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Search with at most {MAX_QUERY_LENGTH} characters (this text has {len(LONG)})." in html
    assert 'aria-invalid="true" aria-describedby="q-error"' in html
    # The list is shown without the refused search.
    assert ("Listed offer" if path == "/marketplace/" else "Negev Battery Labs") in html


def test_the_api_page_size_and_offset_are_capped(world: Any, client: Any) -> None:
    make_opportunity(world.partner_firm, status="published", title="Listed offer")
    assert client.get("/api/opportunities", {"limit": paging.MAX_LIMIT}).status_code == 200
    too_many = client.get("/api/opportunities", {"limit": paging.MAX_LIMIT + 1})
    assert too_many.status_code == 422 and list(too_many.json()["errors"]) == ["limit"]
    too_deep = client.get("/api/opportunities", {"offset": paging.MAX_OFFSET + 1})
    assert too_deep.status_code == 422 and list(too_deep.json()["errors"]) == ["offset"]


def test_the_api_default_page_is_the_pages_size(world: Any, client: Any, settings: Any) -> None:
    for i in range(settings.PAGE_SIZE + 1):
        make_opportunity(world.partner_firm, status="published", title=f"Offer {i}")
    body = client.get("/api/opportunities").json()
    assert (len(body["items"]), body["count"]) == (settings.PAGE_SIZE, settings.PAGE_SIZE + 1)


def test_pages_stop_at_the_deepest_row(world: Any, client: Any, settings: Any,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PAGE_SIZE = 1
    monkeypatch.setattr(paging, "MAX_OFFSET", 2)
    for i in range(4):
        make_opportunity(world.partner_firm, status="published", title=f"Offer number {i}")
    html = client.get("/marketplace/", {"page": 4}).content.decode()
    assert "Page 2 of 2" in html
    assert "Lists stop here: narrow the search to see more." in html
    assert "4 opportunities" in html
    assert client.get("/marketplace/", {"page": 10**30}).status_code == 200


def test_a_large_count_is_cached_a_small_one_is_fresh(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 2)
    for i in range(2):
        make_opportunity(world.partner_firm, status="published", title=f"Offer {i}")
    assert paging.count_rows(Opportunity.objects.public()) == 2
    make_opportunity(world.partner_firm, status="published", title="Offer 2")
    assert paging.count_rows(Opportunity.objects.public()) == 3  # fresh: it was small
    make_opportunity(world.partner_firm, status="published", title="Offer 3")
    assert paging.count_rows(Opportunity.objects.public()) == 3  # large: cached for a minute
    # Another filter is another count.
    assert paging.count_rows(Opportunity.objects.public().filter(title__startswith="Offer")) == 4


def test_work_over_its_time_budget_stops_and_the_connection_still_answers(world: Any) -> None:
    with pytest.raises(paging.BudgetExceeded), paging.time_budget(50):
        slow_query()
    assert Opportunity.objects.filter(organization=world.partner_firm).count() == 0


def test_facet_counts_over_budget_leave_the_numbers_out(world: Any, client_for: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison.directory import selectors

    monkeypatch.setattr(selectors, "FACET_BUDGET_MS", 50)
    monkeypatch.setattr(selectors, "_facet_counts", lambda qs: slow_query())
    response = client_for(world.officer).get("/directory/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Counting took too long, so the numbers are left out; the filters still work." in html
    assert "Negev Battery Labs" in html
    assert "?ecosystem=tel-aviv" in html


def test_facet_counts_within_budget_are_shown(world: Any, client_for: Any) -> None:
    html = client_for(world.officer).get("/directory/").content.decode()
    assert "Counting took too long" not in html
    assert '<span class="n">1</span>' in html
