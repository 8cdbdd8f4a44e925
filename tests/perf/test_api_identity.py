"""/api/opportunities asks who may know each organization once per page (not once per row)
and still names it exactly to those the rule `opportunities.view_identity` allows."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_opportunity, make_user

pytestmark = pytest.mark.django_db


def named(client: Any) -> dict[int, int | None]:
    return {o["id"]: o["organization"] for o in client.get("/api/opportunities").json()["items"]}


def test_the_list_names_the_organization_to_those_who_may_know_it(world: Any, client_for: Any) -> None:
    from liaison.introductions import services

    mine = make_opportunity(world.home_firm, status="published", title="Grid storage controllers")
    theirs = make_opportunity(world.partner_firm, status="published", title="Negev analytics offer")
    partner_owner = make_user("partner_owner")
    world.partner_firm.memberships.create(user=partner_owner, role="owner")
    expected = {
        None: {mine.pk: None, theirs.pk: None},
        world.outsider: {mine.pk: None, theirs.pk: None},
        world.owner: {mine.pk: world.home_firm.pk, theirs.pk: None},
        world.officer: {mine.pk: world.home_firm.pk, theirs.pk: None},
        world.other_officer: {mine.pk: None, theirs.pk: world.partner_firm.pk},
        world.hq: {mine.pk: world.home_firm.pk, theirs.pk: world.partner_firm.pk},
        partner_owner: {mine.pk: None, theirs.pk: world.partner_firm.pk},
    }
    for who, names in expected.items():
        assert named(client_for(who)) == names, who
    interest = services.express_interest(opportunity=mine, organization=world.partner_firm,
                                         by=partner_owner, message="Interested in your controllers.")
    services.accept_interest(interest, by=world.owner)
    assert named(client_for(partner_owner)) == {mine.pk: world.home_firm.pk, theirs.pk: world.partner_firm.pk}
