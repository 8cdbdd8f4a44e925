"""Fixtures of the introduction flow: A = world.home_firm (Beijing, member/owner), B =
world.partner_firm (Tel Aviv) with an owner and a published opportunity; the officer of A is
world.officer (Beijing), of B world.other_officer (Tel Aviv)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import make_opportunity, make_user


@pytest.fixture
def partner_owner(world: Any) -> Any:
    from liaison.accounts.models import Membership
    from liaison.directory.models import Person

    user = make_user("partner_owner")
    Membership.objects.create(user=user, organization=world.partner_firm, role="owner")
    Person.objects.create(organization=world.partner_firm, name="Noa Levi",
                          email="noa@negev.example", phone="+972 3 000 0000")
    Person.objects.create(organization=world.home_firm, name="陈静 Chen Jing",
                          email="chen@jinghua.example")
    return user


@pytest.fixture
def offer(world: Any, partner_owner: Any) -> Any:
    return make_opportunity(world.partner_firm, status="published", type="technology_offer",
                            title="Battery management analytics for grid storage")


@pytest.fixture
def vetting(world: Any) -> Any:
    """The Tel Aviv office vets interests before forwarding them."""
    from liaison.introductions.models import OfficePolicy

    return OfficePolicy.objects.create(office=world.sc.offices["tel-aviv"], vet_interests=True)


@pytest.fixture
def express(world: Any, offer: Any) -> Any:
    from liaison.introductions import services

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("opportunity", offer)
        kwargs.setdefault("organization", world.home_firm)
        kwargs.setdefault("by", world.member)
        kwargs.setdefault("message", "我们对贵公司的电池管理技术很感兴趣。")
        return services.express_interest(**kwargs)

    return make
