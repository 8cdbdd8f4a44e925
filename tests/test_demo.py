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
