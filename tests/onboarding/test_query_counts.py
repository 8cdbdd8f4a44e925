"""The onboarding lists cost the same number of queries at 1 and at 3 items."""

from __future__ import annotations

from typing import Any

from liaison.directory.models import Person
from liaison.introductions import services
from liaison.onboarding import invitations
from liaison.onboarding.models import ImportJob, SignupRequest
from tests.factories import make_opportunity
from tests.test_query_counts import assert_flat, firm


def test_invitations_page(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        person = Person.objects.create(organization=world.home_firm, name=f"Contact {i}",
                                       email=f"c{i}@jinghua.example")
        invitations.invite(world.home_firm, by=world.officer, email=person.email, person=person)
        return f"c{i}@jinghua.example"
    assert_flat(client_for(world.officer), f"/onboarding/organizations/{world.home_firm.pk}/invitations/", add)


def test_sign_up_queue(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        SignupRequest.objects.create(name=f"Person {i}", email=f"p{i}@x.example",
                                     organization_name=f"Org {i}", office=world.sc.offices["tel-aviv"],
                                     ecosystem=world.sc.ecosystems["tel-aviv"])
        return f"Org {i}"
    assert_flat(client_for(world.other_officer), "/onboarding/sign-up-requests/", add)


def test_import_page_recent_imports(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        ImportJob.objects.create(kind="organizations", file_name=f"file{i}.xlsx", content=b"x",
                                 created_by=world.other_officer)
        return f"file{i}.xlsx"
    assert_flat(client_for(world.other_officer), "/onboarding/import/", add)


def test_officer_dashboard_offline_lists(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        offer = make_opportunity(firm(world, i), status="published", title=f"Offer number {i}")
        services.express_interest(opportunity=offer, organization=world.home_firm, by=world.member,
                                  message="Hello")
        return f"Offer number {i}"
    assert_flat(client_for(world.other_officer), "/dashboard/", add)
