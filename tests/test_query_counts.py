"""List pages must not issue a query per row (N+1): the same count at 1 and at 3 items.

This module: the directory and opportunities pages and their API lists. The other apps'
lists are in `test_query_counts_<app>.py`. Items are in Chinese or Hebrew, so pages viewed in
English look up their translations: a missing prefetch shows as a query per row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.directory.models import Person
from tests.factories import make_opportunity, make_organization

pytestmark = pytest.mark.django_db


def queries(client: Any, url: str, shown: list[str]) -> list[str]:
    """The SQL of one GET of `url`, which answers 200 and shows each of `shown`."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    missing = [text for text in shown if text not in body]
    assert not missing, f"{url} does not show {missing}"
    return [q["sql"] for q in ctx.captured_queries]


def assert_flat(client: Any, url: str, add: Callable[[int], str], *, warm: bool = False) -> None:
    """`add(i)` creates the i-th item and returns a text `url` shows for it: the page costs
    the same number of queries with items 0 and with items 0, 1, 2. `warm`: visit once
    before each count, for a page whose first visit records something."""
    first = add(0)
    if warm:
        queries(client, url, [first])
    one = queries(client, url, [first])
    shown = [first, add(1), add(2)]
    if warm:
        queries(client, url, shown)
    three = queries(client, url, shown)
    assert len(three) == len(one), "\n".join(["With 3 items:", *(q[:160] for q in three)])


def firm(world: Any, i: int, *, ecosystem: str = "tel-aviv", **fields: Any) -> Any:
    """A Hebrew-speaking (Tel Aviv) or Chinese-speaking (Beijing) firm, one per item."""
    language = "zh" if ecosystem == "beijing" else "he"
    return make_organization(world.sc, ecosystem=ecosystem, name=f"Firm {i} of {ecosystem}",
                             language=language, **fields)


# Pages


def test_home_query_count_does_not_grow_with_latest_opportunities(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        return make_opportunity(firm(world, i), status="published", language="he",
                                title=f"Public offer {i}").title

    assert_flat(client_for(None), "/", add)


def test_marketplace_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        return make_opportunity(firm(world, i), status="published", language="he",
                                title=f"Market offer {i}").title

    assert_flat(client_for(None), "/marketplace/", add)


def test_directory_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        return firm(world, i, ecosystem="beijing").name

    assert_flat(client_for(world.officer), "/directory/?ecosystem=beijing", add)


def test_my_opportunities_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    # The firm owner's dashboard lists the firm's opportunities, whatever their status.
    def add(i: int) -> str:
        return make_opportunity(world.home_firm, status=("draft", "submitted", "rejected")[i],
                                language="zh", title=f"Own request {i}").title

    assert_flat(client_for(world.owner), "/dashboard/", add)


def test_office_dashboard_query_count_does_not_grow_with_queue(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        org = firm(world, i, ecosystem="beijing", vetted=False)
        return make_opportunity(org, status="submitted", language="zh", title=f"Waiting {i}").title

    assert_flat(client_for(world.officer), "/dashboard/", add)


def test_hq_dashboard_query_count_does_not_grow_with_organizations(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        make_opportunity(firm(world, i), status="published")
        return "Tel Aviv"

    assert_flat(client_for(world.hq), "/dashboard/", add)


def test_validation_queue_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        org = firm(world, i, ecosystem="beijing")
        return make_opportunity(org, status="submitted", language="zh", title=f"To check {i}").title

    assert_flat(client_for(world.officer), "/validation/", add)


def test_organization_page_query_count_does_not_grow_with_opportunities_and_people(
    world: Any, client_for: Any
) -> None:
    def add(i: int) -> str:
        Person.objects.create(organization=world.home_firm, name=f"Contact {i}")
        return make_opportunity(world.home_firm, status="published", language="zh",
                                title=f"Firm offer {i}").title

    assert_flat(client_for(world.officer), f"/organizations/{world.home_firm.pk}/", add)


def test_opportunity_history_query_count_does_not_grow_with_changes(world: Any, client_for: Any) -> None:
    from liaison.opportunities.models import StatusChange

    opportunity = make_opportunity(world.home_firm, status="submitted", language="zh")
    actors = [world.owner, world.member, world.officer]

    def add(i: int) -> str:
        StatusChange.objects.create(opportunity=opportunity, from_status="draft",
                                    to_status="submitted", actor=actors[i], note=f"Change {i}")
        return f"Change {i}"

    assert_flat(client_for(world.officer), f"/opportunities/{opportunity.pk}/", add)


@pytest.mark.parametrize("url", ["/dashboard/", "/opportunities/new/"])
def test_my_organizations_query_count_does_not_grow_with_memberships(
    world: Any, client_for: Any, url: str
) -> None:
    from liaison.accounts.models import Membership

    # The owner of the home firm joins other Beijing firms: the dashboard lists them, a new
    # opportunity asks for which.
    def add(i: int) -> str:
        org = firm(world, i, ecosystem="beijing")
        Membership.objects.create(user=world.owner, organization=org, role="owner")
        make_opportunity(org, language="zh", title=f"Draft of firm {i}")
        return org.name

    assert_flat(client_for(world.owner), url, add)


def test_api_tokens_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    from liaison.accounts.models import ApiToken

    def add(i: int) -> str:
        return ApiToken.issue(world.owner, f"Script {i}")[0].name

    assert_flat(client_for(world.owner), "/account/", add)


# API


def test_api_organization_list_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        return firm(world, i, ecosystem="beijing").name

    assert_flat(client_for(world.officer), "/api/organizations?ecosystem=beijing", add)


# A firm member is shown an opportunity's organization once introduced to it: the list asks
# the rule of the whole page in one query (api.views.opportunities_out).
@pytest.mark.parametrize("user", ["hq", "officer", "owner", None])
def test_api_opportunity_list_query_count_does_not_grow_with_rows(
    world: Any, client_for: Any, user: str | None
) -> None:
    def add(i: int) -> str:
        return make_opportunity(firm(world, i, ecosystem="beijing"), status="published",
                                language="zh", title=f"Listed offer {i}").title

    viewer = world.users()[user] if user else None
    assert_flat(client_for(viewer), "/api/opportunities", add)
