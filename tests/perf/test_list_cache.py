"""The marketplace's and directory's rendered results are reused until a row changes, and
never shown to a viewer who may see other rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_opportunity, make_organization

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_cache")]




def get(client: Any, url: str, **params: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_the_marketplace_reuses_its_results_until_an_opportunity_changes(world: Any, client: Any) -> None:
    first = make_opportunity(world.partner_firm, status="published", title="Desalination membranes")
    html, cold = get(client, "/marketplace/")
    assert first.title in html
    html, warm = get(client, "/marketplace/")
    assert first.title in html and warm < cold
    # Published a moment later: on the next view, not a minute later.
    second = make_opportunity(world.partner_firm, status="published", title="Irrigation sensors")
    assert second.title in get(client, "/marketplace/")[0]
    # Closed: gone at once.
    from liaison.opportunities.services import close_opportunity

    close_opportunity(second, by=world.other_officer)
    assert second.title not in get(client, "/marketplace/")[0]
    # Another search, another language: their own results.
    assert first.title not in get(client, "/marketplace/", q="irrigation")[0]


def test_the_directory_never_shows_one_viewers_results_to_another(world: Any, client_for: Any) -> None:
    # Unvetted: only its office (Beijing) sees it.
    make_organization(world.sc, ecosystem="beijing", name="Unvetted Beijing Co", vetted=False)
    assert "Unvetted Beijing Co" in get(client_for(world.officer), "/directory/")[0]
    assert "Unvetted Beijing Co" not in get(client_for(world.other_officer), "/directory/")[0]
    assert "Unvetted Beijing Co" not in get(client_for(world.other_member), "/directory/")[0]
    assert "Unvetted Beijing Co" in get(client_for(world.hq), "/directory/")[0]
