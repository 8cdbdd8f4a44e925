"""The public /api/opportunities (no caller) computes each count and page once per change of
the opportunities or organizations; a signed-in caller's list is never the public one."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_opportunity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_cache")]




def listed(client: Any, url: str = "/api/opportunities") -> tuple[dict[str, Any], int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.json(), len(ctx.captured_queries)


def titles(page: dict[str, Any]) -> list[str]:
    return [item["title"] for item in page["items"]]


def test_the_public_list_is_reused_until_an_opportunity_changes(world: Any, client: Any) -> None:
    from liaison.opportunities.services import close_opportunity

    first = make_opportunity(world.partner_firm, status="published", title="Desalination membranes")
    page, cold = listed(client)
    assert titles(page) == [first.title] and page["count"] == 1
    page, warm = listed(client)
    assert titles(page) == [first.title] and warm < cold
    second = make_opportunity(world.partner_firm, status="published", title="Irrigation sensors")
    page, _ = listed(client)
    assert set(titles(page)) == {first.title, second.title} and page["count"] == 2
    close_opportunity(second, by=world.other_officer)
    page, _ = listed(client)
    assert titles(page) == [first.title] and page["count"] == 1
    # Another filter, another page of it: their own answers.
    assert titles(listed(client, "/api/opportunities?q=irrigation")[0]) == []
    assert titles(listed(client, "/api/opportunities?offset=1")[0]) == []


def test_a_signed_in_caller_never_gets_the_public_list(world: Any, client: Any, client_for: Any) -> None:
    public = make_opportunity(world.home_firm, status="published", title="Grid storage controllers")
    draft = make_opportunity(world.home_firm, status="draft", title="Unannounced battery recycling")
    assert titles(listed(client)[0]) == [public.title]
    mine = {item["title"]: item["organization"] for item in listed(client_for(world.owner))[0]["items"]}
    assert mine == {public.title: world.home_firm.pk, draft.title: world.home_firm.pk}
    # And the public list never names the firm, whoever asked before.
    page = listed(client)[0]
    assert [(item["title"], item["organization"]) for item in page["items"]] == [(public.title, None)]


def test_a_search_too_long_is_refused_before_any_cache(client: Any) -> None:
    response = client.get("/api/opportunities", {"q": "x" * 201})
    assert response.status_code == 422 and "q" in response.json()["errors"]


def test_a_page_kept_validated_answers_what_the_list_computed_afresh_answers(
        world: Any, client: Any, settings: Any) -> None:
    for n in range(5):
        make_opportunity(world.partner_firm, status="published", title=f"Water reuse pilot {n}")
    urls = ["/api/opportunities", "/api/opportunities?limit=2", "/api/opportunities?limit=2&offset=2",
            "/api/opportunities?offset=4&limit=100", "/api/opportunities?q=pilot&limit=3"]
    kept = [listed(client, url)[0] for url in urls] + [listed(client, url)[0] for url in urls]
    settings.LIAISON_LIST_CACHE_SECONDS = 0
    fresh = [listed(client, url)[0] for url in urls]
    assert kept == fresh + fresh
    assert [len(page["items"]) for page in fresh] == [5, 2, 2, 1, 3] and fresh[0]["count"] == 5
    # The page size and the offset keep their bounds.
    for url in ("/api/opportunities?limit=101", "/api/opportunities?limit=0", "/api/opportunities?offset=10001"):
        assert client.get(url).status_code == 422, url
