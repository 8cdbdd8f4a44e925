"""#13 item 1: no filter, sort, facet, count or error reveals an identity the viewer may not see.

The public view of an opportunity never names its organization; filtering the public list by
an organization's id must not tell which anonymous opportunities are that firm's own."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_opportunity, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous_offer(world: Any) -> Any:
    """A published opportunity of the home firm (Beijing): public, its owner hidden."""
    return make_opportunity(world.home_firm, status="published", type="technology_offer",
                            title="Grid storage controllers")


def _listed(client: Any, organization: int) -> tuple[list[int], int]:
    response = client.get("/api/opportunities", {"organization": organization})
    assert response.status_code == 200, response.content
    body = response.json()
    return [o["id"] for o in body["items"]], body["count"]


def test_the_public_list_filtered_by_a_firm_does_not_tell_its_anonymous_opportunities(
        world: Any, anonymous_offer: Any, client_for: Any) -> None:
    # The opportunity is public, and anonymous in the list...
    body = client_for(None).get("/api/opportunities").json()
    assert [o["organization"] for o in body["items"] if o["id"] == anonymous_offer.pk] == [None]
    # ...so asking for the firm's id answers nothing, not "these are its own".
    for who in (None, world.other_member, world.outsider, world.other_officer):
        assert _listed(client_for(who), world.home_firm.pk) == ([], 0), who


def test_the_filter_by_organization_works_for_those_who_may_know_the_owner(
        world: Any, anonymous_offer: Any, client_for: Any) -> None:
    for who in (world.owner, world.member, world.officer, world.hq):
        assert _listed(client_for(who), world.home_firm.pk) == ([anonymous_offer.pk], 1), who


def test_an_accepted_introduction_lets_the_counterpart_filter_by_the_owner(
        world: Any, anonymous_offer: Any, client_for: Any) -> None:
    from liaison.introductions import services

    partner_owner = make_user("partner_owner")
    world.partner_firm.memberships.create(user=partner_owner, role="owner")
    interest = services.express_interest(opportunity=anonymous_offer, organization=world.partner_firm,
                                         by=partner_owner, message="Interested in your controllers.")
    assert _listed(client_for(partner_owner), world.home_firm.pk) == ([], 0)
    services.accept_interest(interest, by=world.owner)
    assert _listed(client_for(partner_owner), world.home_firm.pk) == ([anonymous_offer.pk], 1)


def test_the_marketplace_page_takes_no_organization_filter(
        world: Any, anonymous_offer: Any, client_for: Any) -> None:
    other = make_opportunity(world.partner_firm, status="published", title="Negev analytics offer")
    response = client_for(None).get("/marketplace/", {"organization": world.home_firm.pk})
    shown = {o.pk for o in response.context["page"].object_list}
    assert shown == {anonymous_offer.pk, other.pk}
