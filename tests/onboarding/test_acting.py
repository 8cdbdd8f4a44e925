"""Officers act for firms without logins (liaison.directory.actfor): recorded as "by officer X on
behalf of firm Y", shown to the other side, refused when the firm said "only we answer"."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.directory import actfor
from liaison.directory.models import ActingRecord
from liaison.introductions import services
from liaison.introductions.models import AuditAction
from tests.factories import make_opportunity, make_organization


@pytest.fixture
def offline_firm(world: Any) -> Any:
    """A Tel Aviv firm nobody at which can sign in (served by world.other_officer's office)."""
    return make_organization(world.sc, ecosystem="tel-aviv", name="Galilee Grid Systems",
                             description="Grid storage controllers")


@pytest.fixture
def interest(world: Any, offline_firm: Any) -> Any:
    offer = make_opportunity(offline_firm, status="published", type="technology_offer",
                             title="Grid storage controller for pilots")
    return services.express_interest(opportunity=offer, organization=world.home_firm,
                                     by=world.member, message="我们希望在北京试点。")


def test_the_office_accepts_for_a_firm_without_logins_and_the_other_side_sees_who_answered(
        world: Any, interest: Any, client_for: Any) -> None:
    response = client_for(world.other_officer).post(
        f"/introductions/{interest.pk}/answer/", {"action": "accept"})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == "accepted"
    assert interest.answered_by == world.other_officer
    assert interest.answered_for_office == world.sc.offices["tel-aviv"]
    entry = interest.audit.get(action=AuditAction.ACCEPTED)
    assert entry.actor == world.other_officer and entry.on_behalf_of == interest.to_organization
    record = ActingRecord.objects.get()
    assert (record.officer, record.organization.name, record.action) == (
        world.other_officer, "Galilee Grid Systems", "introductions.accept_interest")
    assert record.subject == f"introductions.interest:{interest.pk}"
    # The interested firm reads who answered, on the page and in its notification.
    page = client_for(world.member).get(f"/introductions/{interest.pk}/").content.decode()
    assert "accepted by Z-Park Tel Aviv Liaison Office for Galilee Grid Systems" in " ".join(
        page.replace("</span> <span id=\"answered-for\">", " ").split())
    note = world.member.notifications.filter(kind="interest.outcome").get()
    assert "Answered by Z-Park Tel Aviv Liaison Office for Galilee Grid Systems." in note.body
    # The office's own audit trail says on whose behalf.
    audit = client_for(world.other_officer).get(f"/introductions/{interest.pk}/").content.decode()
    assert "on behalf of Galilee Grid Systems" in audit


def test_the_office_declines_for_the_firm_with_the_same_record(world: Any, interest: Any) -> None:
    services.decline_interest(interest, by=world.other_officer, reason="Not before 2027")
    interest.refresh_from_db()
    assert (interest.status, interest.answered_for_office_id) == (
        "declined", world.sc.offices["tel-aviv"].pk)
    assert ActingRecord.objects.get().action == "introductions.decline_interest"


def test_only_the_responsible_office_acts_and_hq_never_does(world: Any, interest: Any,
                                                             client_for: Any) -> None:
    for user in (world.officer, world.hq, world.outsider, world.member):
        assert not user.has_perm("introductions.answer_interest", interest), user
    assert client_for(world.officer).post(f"/introductions/{interest.pk}/answer/",
                                          {"action": "accept"}).status_code == 403
    interest.refresh_from_db()
    assert interest.status == "pending"
    assert not ActingRecord.objects.exists()


def test_a_firm_that_says_only_we_answer_is_answered_only_by_its_members(
        world: Any, client_for: Any) -> None:
    from liaison.accounts.models import Membership
    from tests.factories import make_user

    firm = world.partner_firm  # has a member (world.other_member)
    owner = make_user("partner_boss")
    Membership.objects.create(user=owner, organization=firm, role="owner")
    offer = make_opportunity(firm, status="published", type="technology_offer")
    interest = services.express_interest(opportunity=offer, organization=world.home_firm,
                                         by=world.member, message="Hello")
    assert world.other_officer.has_perm("introductions.answer_interest", interest)
    # Only the owner may switch it; the member and the officer may not.
    for user in (world.other_member, world.other_officer):
        assert client_for(user).post(f"/organizations/{firm.pk}/acting/",
                                     {"only_members_answer": "on"}).status_code == 403
    assert client_for(owner).post(f"/organizations/{firm.pk}/acting/",
                                  {"only_members_answer": "on"}).status_code == 302
    firm.refresh_from_db()
    assert firm.only_members_answer
    other_officer = type(world.other_officer).objects.get(pk=world.other_officer.pk)
    assert not other_officer.has_perm("introductions.answer_interest", interest)
    assert not other_officer.has_perm("directory.change_organization", firm)
    assert not other_officer.has_perm("opportunities.change_opportunity", offer)
    assert client_for(other_officer).post(f"/introductions/{interest.pk}/answer/",
                                          {"action": "accept"}).status_code == 403
    owner = type(owner).objects.get(pk=owner.pk)
    services.accept_interest(interest, by=owner)
    interest.refresh_from_db()
    assert interest.status == "accepted" and interest.answered_for_office is None


def test_an_officer_who_is_also_a_member_answers_as_a_member_without_a_record(
        world: Any, interest: Any) -> None:
    from liaison.accounts.models import Membership

    Membership.objects.create(user=world.other_officer, organization=interest.to_organization,
                              role="owner")
    officer = type(world.other_officer).objects.get(pk=world.other_officer.pk)
    services.accept_interest(interest, by=officer)
    interest.refresh_from_db()
    assert interest.answered_for_office is None
    assert not ActingRecord.objects.exists()


def test_the_officer_dashboard_lists_what_waits_on_firms_without_logins(
        world: Any, interest: Any, client_for: Any) -> None:
    page = client_for(world.other_officer).get("/dashboard/").content.decode()
    assert "1 expression of interest waits on a firm without logins" in page
    assert "Grid storage controller for pilots" in page
    # The Beijing officer's firms have logins: nothing waits on them.
    other = client_for(world.officer).get("/dashboard/").content.decode()
    assert "0 expressions of interest wait on firms without logins" in other
    assert "Grid storage controller for pilots" not in other
    # And it is in the officer's to-do list.
    todo = client_for(world.other_officer).get("/introductions/?box=todo").content.decode()
    assert f"/introductions/{interest.pk}/" in todo


def test_profile_and_opportunity_edits_for_the_firm_are_recorded(world: Any, offline_firm: Any,
                                                                  client_for: Any) -> None:
    from liaison.directory import services as directory_services
    from liaison.opportunities import services as opportunity_services

    directory_services.update_organization(offline_firm, by=world.other_officer,
                                           data={"description": "Controllers for grid storage"})
    opportunity = opportunity_services.create_opportunity(
        organization=offline_firm, by=world.other_officer,
        data={"type": "technology_offer", "title": "Controllers", "summary": "For pilots",
              "language": "en", "sectors": list(offline_firm.sectors.all())})
    actions = sorted(ActingRecord.objects.values_list("action", flat=True))
    assert actions == ["directory.change_organization", "opportunities.add_opportunity"]
    assert actfor.records_for(opportunity).get().officer == world.other_officer
    assert actfor.officer_label(world.other_officer, offline_firm) == (
        "by officer other_officer on behalf of Galilee Grid Systems")


def test_a_decline_for_the_firm_keeps_it_anonymous_to_the_interested_side(
        world: Any, interest: Any, client_for: Any) -> None:
    services.decline_interest(interest, by=world.other_officer, reason="Not this year")
    page = client_for(world.member).get(f"/introductions/{interest.pk}/").content.decode()
    assert "by Z-Park Tel Aviv Liaison Office on the organization&#x27;s behalf" in page
    assert "Galilee Grid Systems" not in page
    note = world.member.notifications.get(kind="interest.outcome")
    assert "Galilee Grid Systems" not in note.body
    assert "Answered by Z-Park Tel Aviv Liaison Office on the organization's behalf." in note.body
    from liaison.onboarding import spreadsheet

    rows = spreadsheet.read(client_for(world.member).get(
        "/onboarding/exports/introductions.xlsx").content, "x.xlsx").sheets[0].rows
    assert "Galilee Grid Systems" not in str(rows)
    assert rows[0][6] == "by Z-Park Tel Aviv Liaison Office on the organization's behalf"
