"""List pages must not issue a query per row (N+1): same count at 1 and 3 items."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_opportunity, make_organization

pytestmark = pytest.mark.django_db


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_marketplace_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    client = client_for(None)
    make_opportunity(world.partner_firm, status="published")
    one = _queries(client, "/marketplace/")
    for _ in range(2):
        make_opportunity(world.partner_firm, status="published", language="he", title="שותף להפצה")
    assert _queries(client, "/marketplace/") == one


def test_directory_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    client = client_for(world.other_member)
    one = _queries(client, "/directory/?ecosystem=tel-aviv")
    make_organization(world.sc, ecosystem="tel-aviv", name="A")
    make_organization(world.sc, ecosystem="tel-aviv", name="B")
    assert _queries(client, "/directory/?ecosystem=tel-aviv") == one


def test_api_list_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    make_opportunity(world.partner_firm, status="published")
    one = _queries(client, "/api/opportunities")
    make_opportunity(world.partner_firm, status="published")
    make_opportunity(world.home_firm, status="draft")
    assert _queries(client, "/api/opportunities") == one
