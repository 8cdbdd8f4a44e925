"""Matchmaking lists cost the same number of queries at 1 and at 3 matches: my
recommendations, the matches of an opportunity or an organization, the office portfolio, the
hybrid search (and the marketplace and directory searching with it), and the API lists.

Matches are stored rows: they are written here as the engine would, all of one kind of
target per test (a kind absent from a page skips its prefetch queries). The searches use
`tests/matchmaking/conftest.py`'s index with the cheap test embedder."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.matchmaking import services
from liaison.matchmaking.engine import opportunity_key, organization_key
from liaison.matchmaking.models import Match
from tests.factories import make_opportunity
from tests.matchmaking import conftest as matchmaking_fixtures
from tests.test_query_counts import assert_flat, firm

pytestmark = pytest.mark.django_db

match_index = matchmaking_fixtures.match_index

EXPLANATION = {"signals": {"dense": 0.9, "sectors": ["energy"], "language": "cross"},
               "shared_terms": ["battery", "储能"]}


def match_to(source: Any, world: Any, i: int, target: str) -> str:
    """A match of `source` (an opportunity or an organization) with a new Tel Aviv firm
    (`target` "organization") or its offer (`target` "opportunity"); the target's title."""
    org = firm(world, i)
    fields: dict[str, Any] = {"score": 0.9 - i / 100, "explanation": EXPLANATION}
    if hasattr(source, "organization_id"):
        fields.update(source_key=opportunity_key(source.pk), source_opportunity=source,
                      owner_organization=source.organization)
    else:
        fields.update(source_key=organization_key(source.pk), source_organization=source,
                      owner_organization=source)
    if target == "opportunity":
        offer = make_opportunity(org, status="published", language="he", type="technology_offer",
                                 title=f"Offer {i} of a Tel Aviv firm")
        Match.objects.create(target_key=opportunity_key(offer.pk), target_opportunity=offer, **fields)
        return offer.title
    Match.objects.create(target_key=organization_key(org.pk), target_organization=org, **fields)
    return org.name


def _request(world: Any) -> Any:
    return make_opportunity(world.home_firm, status="published", language="zh",
                            title="Battery management request")


TARGETS = ["opportunity", "organization"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("url", ["/matches/opportunity/{R}/", "/api/matches/opportunities/{R}"])
def test_opportunity_matches_query_count_does_not_grow_with_rows(
    world: Any, client_for: Any, url: str, target: str
) -> None:
    request = _request(world)
    assert_flat(client_for(world.member), url.format(R=request.pk),
                lambda i: match_to(request, world, i, target))


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("url", ["/matches/organization/{O}/", "/api/matches/organizations/{O}"])
def test_organization_matches_query_count_does_not_grow_with_rows(
    world: Any, client_for: Any, url: str, target: str
) -> None:
    assert_flat(client_for(world.member), url.format(O=world.home_firm.pk),
                lambda i: match_to(world.home_firm, world, i, target))


@pytest.mark.parametrize("target", TARGETS)
def test_my_recommendations_query_count_does_not_grow_with_rows(
    world: Any, client_for: Any, target: str
) -> None:
    assert_flat(client_for(world.member), "/matches/",
                lambda i: match_to(world.home_firm, world, i, target))


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("url", ["/matches/office/", "/api/matches/office"])
def test_office_portfolio_query_count_does_not_grow_with_rows(
    world: Any, client_for: Any, url: str, target: str
) -> None:
    # The requests of as many Beijing firms, each with one match.
    def add(i: int) -> str:
        request = make_opportunity(firm(world, i, ecosystem="beijing"), status="published",
                                   language="zh", title=f"Request {i}")
        return match_to(request, world, 10 + i, target)

    assert_flat(client_for(world.officer), url, add)


def _indexed_offer(world: Any, i: int) -> Any:
    offer = make_opportunity(firm(world, i), status="published", language="he",
                             type="technology_offer", title=f"Battery storage offer {i}",
                             description="battery storage for the grid")
    services.sync_opportunity(offer.pk)
    return offer


def _indexed_firm(world: Any, i: int) -> Any:
    org = firm(world, i, description="battery storage for the grid")
    services.sync_organization(org.pk)
    return org


@pytest.mark.usefixtures("match_index")
@pytest.mark.parametrize("url", ["/matches/search/?q=battery+storage",
                                 "/marketplace/?q=battery+storage"])
def test_opportunity_search_query_count_does_not_grow_with_hits(
    world: Any, client_for: Any, url: str
) -> None:
    assert_flat(client_for(world.member), url, lambda i: _indexed_offer(world, i).title)


@pytest.mark.usefixtures("match_index")
@pytest.mark.parametrize("url", ["/matches/search/?q=battery+storage&scope=organizations",
                                 "/directory/?q=battery+storage",
                                 "/api/organizations?q=battery+storage"])
def test_organization_search_query_count_does_not_grow_with_hits(
    world: Any, client_for: Any, url: str
) -> None:
    assert_flat(client_for(world.member), url, lambda i: _indexed_firm(world, i).name)


@pytest.mark.usefixtures("match_index")
def test_api_search_query_count_does_not_grow_with_hits(world: Any, client_for: Any) -> None:
    # The search answers ids only: each offer's id, as JSON writes it in the list.
    def add(i: int) -> str:
        return str(_indexed_offer(world, i).pk)

    assert_flat(client_for(world.member), "/api/matches/search?q=battery+storage", add)


def test_my_recommendations_query_count_does_not_grow_with_my_organizations(
    world: Any, client_for: Any
) -> None:
    from liaison.accounts.models import Membership

    # A consultant member of several firms: one section per firm.
    def add(i: int) -> str:
        org = firm(world, i, ecosystem="beijing")
        Membership.objects.create(user=world.outsider, organization=org, role="member")
        return match_to(org, world, 10 + i, "organization")

    assert_flat(client_for(world.outsider), "/matches/", add)
