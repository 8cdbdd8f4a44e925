"""A firm's data: edit/remove contacts, download everything, ask for deletion, erase
(personal data gone; report counts and the audit trail's existence kept)."""

from __future__ import annotations

from typing import Any

from liaison.accounts.models import User
from liaison.directory.models import Person
from liaison.introductions import services
from liaison.introductions.models import AuditEntry, Interest
from liaison.onboarding import spreadsheet
from liaison.onboarding.models import DeletionRequest
from tests.factories import make_opportunity


def test_contacts_are_changed_and_removed_by_the_firm_and_its_officer(world: Any,
                                                                       client_for: Any) -> None:
    person = Person.objects.create(organization=world.home_firm, name="陈静", email="chen@x.example")
    base = f"/organizations/{world.home_firm.pk}/people/{person.pk}"
    response = client_for(world.member).post(f"{base}/edit/", {"name": "陈静 Chen Jing",
                                                               "email": "chen@jinghua.example"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.email) == ("陈静 Chen Jing", "chen@jinghua.example")
    bad = client_for(world.member).post(f"{base}/edit/", {"name": "", "email": "nope"})
    assert bad.status_code == 200 and "id_email-errors" in bad.content.decode()
    for role in ("other_officer", "other_member", "outsider", "hq"):
        assert client_for(getattr(world, role)).post(f"{base}/remove/").status_code in (403, 404)
    assert client_for(world.officer).post(f"{base}/remove/").status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


def test_the_owner_downloads_everything_about_the_firm(world: Any, client_for: Any) -> None:
    Person.objects.create(organization=world.home_firm, name="陈静", email="chen@jinghua.example")
    url = f"/onboarding/organizations/{world.home_firm.pk}/data.xlsx"
    got = {role: client_for(u).get(url).status_code for role, u in world.users().items()}
    assert got == {"hq": 200, "officer": 200, "other_officer": 403, "owner": 200, "member": 403,
                   "other_member": 403, "outsider": 403}
    book = spreadsheet.read(client_for(world.owner).get(url).content, "d.xlsx")
    titles = [s.title for s in book.sheets]
    assert titles[:3] == ["Organization", "Contacts", "Members"]
    assert book.sheets[1].rows[0][:3] == ["陈静", None, "chen@jinghua.example"]
    assert {r[0] for r in book.sheets[2].rows} == {"owner", "member"}


def test_deletion_keeps_counts_and_the_audit_trail_but_not_the_people(
        world: Any, client_for: Any) -> None:
    firm = world.partner_firm
    Person.objects.create(organization=firm, name="Noa Levi", email="noa@negev.example")
    offer = make_opportunity(firm, status="published", title="Battery analytics offer")
    interest = services.express_interest(opportunity=offer, organization=world.home_firm,
                                         by=world.member, message="We would like to talk")
    services.accept_interest(interest, by=world.other_officer, note="Happy to")
    # The firm's member may not erase, nor may its officer before the firm asked.
    url = f"/onboarding/organizations/{firm.pk}/deletion/"
    assert client_for(world.other_member).post(url, {"action": "erase"}).status_code == 403
    client_for(world.other_officer).post(url, {"action": "erase"})
    firm.refresh_from_db()
    assert firm.name == "Negev Battery Labs"
    # Its owner asks; the office is told and carries it out.
    from liaison.accounts.models import Membership

    Membership.objects.filter(user=world.other_member, organization=firm).update(role="owner")
    assert client_for(world.other_member).post(url, {"action": "ask"}).status_code == 302
    assert DeletionRequest.objects.get().done_at is None
    assert world.other_officer.notifications.filter(kind="onboarding.deletion").exists()
    client_for(world.other_officer).post(url, {"action": "erase"})
    firm.refresh_from_db()
    assert firm.name == f"Deleted organization {firm.pk}" and firm.description == ""
    assert not firm.people.exists() and not firm.memberships.exists()
    gone = User.objects.get(pk=world.other_member.pk)
    assert not gone.is_active and gone.email == "" and gone.username == f"deleted-{gone.pk}"
    offer.refresh_from_db()
    assert offer.title == "Deleted opportunity" and offer.status == "closed"
    # What reports count stays: the interest, its status and dates; the audit entries exist.
    kept = Interest.objects.get(pk=interest.pk)
    assert kept.status == "accepted" and kept.to_organization_id == firm.pk
    assert AuditEntry.objects.filter(interest=kept).count() >= 3
    assert not AuditEntry.objects.filter(interest=kept).exclude(note="").exists()
    assert DeletionRequest.objects.get().done_by == world.other_officer
