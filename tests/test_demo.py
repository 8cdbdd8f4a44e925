"""The demo scenario and the synthetic seed."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from liaison.directory.models import Ecosystem, Office, Organization
from liaison.opportunities.models import Opportunity


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_seeds_the_zpark_scenario_with_the_real_tech_map(client: Any) -> None:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out, stderr=StringIO())
    assert Office.objects.filter(is_home=False).count() == 11
    tel_aviv = Ecosystem.objects.get(code="tel-aviv")
    assert Organization.objects.filter(ecosystem=tel_aviv, source__startswith="Israeli Tech Map").count() == 7950
    assert Organization.objects.filter(ecosystem__code="beijing", is_demo_data=True, language="zh").count() >= 600
    languages = set(Opportunity.objects.values_list("language", flat=True))
    types = set(Opportunity.objects.values_list("type", flat=True))
    assert languages == {"en", "zh", "he"}
    assert len(types) == 7
    assert 1400 <= Opportunity.objects.count() <= 1600
    printed = out.getvalue()
    for login in ("hq", "officer-telaviv", "officer-beijing", "owner-beijing", "owner-telaviv"):
        assert login in printed
    assert client.login(username="owner-beijing", password="liaison-demo")
    # The demo's firms without logins can complete introductions: their office answers.
    from liaison.accounts.models import User
    from liaison.directory.actfor import may_act_for

    officers = {u.office_id: u for u in User.objects.filter(office__isnull=False, is_active=True)}
    public = Opportunity.objects.public().select_related("organization")
    unanswerable = [o.pk for o in public if not o.organization.memberships.exists()
                    and not may_act_for(officers.get(o.organization.office_id), o.organization)]
    assert public.count() > 1000 and unanswerable == []
    # a second run changes nothing
    call_command("demo", "--no-serve", stdout=StringIO(), stderr=StringIO())
    assert Organization.objects.filter(ecosystem=tel_aviv).count() == 7950 + 0


@pytest.mark.django_db
def test_seed_adds_the_requested_numbers(world: Any) -> None:
    before = Organization.objects.count()
    out = StringIO()
    call_command("seed", "--organizations", "30", "--opportunities", "120", stdout=out, stderr=StringIO())
    assert Organization.objects.count() == before + 30
    assert Opportunity.objects.count() == 120
    assert "Seeded 30 organizations and 120 opportunities" in out.getvalue()
    published = Opportunity.objects.filter(status="published").first()
    assert published is not None and published.sectors.exists() and published.history.count() == 3


@pytest.mark.django_db
def test_demo_opportunities_are_about_what_their_organization_does(world: Any) -> None:
    import random

    from liaison.demo.scenario import generate_opportunities
    from tests.factories import make_organization

    firm = make_organization(world.sc, ecosystem="tel-aviv", name="CartiHeal", sectors=("health",),
                             description="CartiHeal develops an FDA-approved medical device for "
                                         "addressing joint surface lesions in the knee.",
                             source="Israeli Tech Map #1")
    beijing = make_organization(world.sc, ecosystem="beijing", name="京华储能", language="zh",
                                sectors=("energy",), description="电网级储能")
    generate_opportunities(world.sc, 60, organization_ids=[firm.pk, beijing.pk], rng=random.Random(3))
    from liaison.demo import content

    for opp in Opportunity.objects.select_related("organization").prefetch_related("sectors"):
        code = "health" if opp.organization == firm else "energy"
        assert [s.code for s in opp.sectors.all()] == [code]  # the organization's own sector
        if opp.organization == firm:
            assert "CartiHeal" not in opp.title + opp.summary + opp.description  # anonymous
            if opp.language == "en":
                assert "medical device for addressing joint surface lesions in the knee" in opp.description
        else:
            subjects = [s[{"en": 0, "zh": 1, "he": 2}[opp.language]] for s in content.SUBJECTS["energy"]]
            assert any(s in opp.title for s in subjects)
    firm_types = set(Opportunity.objects.filter(organization=firm).values_list("type", flat=True))
    assert firm_types <= {"technology_offer", "business_offer", "investment_request", "cooperation_request"}
    assert Opportunity.objects.filter(organization=firm, language="en",
                                      title__startswith="Technology for licensing in China: ").exists()
