"""Invitations (signed, expiring, single-use links; no password by e-mail), re-send, revoke,
who joined; sign-up requests to the office's queue."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from liaison.accounts.models import Membership, User
from liaison.directory.models import Person
from liaison.notifications.models import OutboundEmail
from liaison.onboarding import invitations
from liaison.onboarding.models import Invitation, SignupRequest
from tests.factories import make_organization


@pytest.fixture
def offline_firm(world: Any) -> Any:
    firm = make_organization(world.sc, ecosystem="tel-aviv", name="Galilee Grid Systems")
    Person.objects.create(organization=firm, name="Dana Cohen", email="dana@galilee.example",
                          languages=["he", "en"])
    Person.objects.create(organization=firm, name="Yossi Levi", email="yossi@galilee.example")
    Person.objects.create(organization=firm, name="No Mail")
    return firm


def _link(email: OutboundEmail) -> str:
    match = re.search(r"http://\S+/onboarding/join/(\S+)/", email.body)
    assert match, email.body
    return f"/onboarding/join/{match.group(1)}/"


def test_an_officer_invites_the_imported_contacts_in_bulk_and_one_joins(
        world: Any, offline_firm: Any, client_for: Any) -> None:
    officer = client_for(world.other_officer)
    page = officer.get(f"/onboarding/organizations/{offline_firm.pk}/invitations/").content.decode()
    assert "Dana Cohen" in page and "No Mail" not in page
    people = list(offline_firm.people.values_list("pk", flat=True))
    officer.post(f"/onboarding/organizations/{offline_firm.pk}/invitations/",
                 {"form": "bulk", "person": [str(p) for p in people]})
    mails = {m.to: m for m in OutboundEmail.objects.all()}
    assert set(mails) == {"dana@galilee.example", "yossi@galilee.example"}
    dana = mails["dana@galilee.example"]
    assert "Galilee Grid Systems" in dana.subject or "Galilee Grid Systems" in dana.body
    link = _link(dana)
    visitor = client_for(None)
    assert "Galilee Grid Systems" in visitor.get(link).content.decode()
    response = visitor.post(link, {"password": "Negev-Storage-2031", "password_again":
                                   "Negev-Storage-2031", "accept_terms": "on"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    user = User.objects.get(email="dana@galilee.example")
    assert Membership.objects.get(user=user).organization == offline_firm
    assert user.preferred_language == "he"  # the contact's first language
    assert not any("Negev-Storage-2031" in m.body for m in OutboundEmail.objects.all())
    assert "Galilee Grid Systems" in visitor.get("/dashboard/").content.decode()
    # The link works once.
    again = client_for(None).get(link)
    assert again.status_code == 410 and "used already" in again.content.decode()
    # The officer sees who joined.
    page = officer.get(f"/onboarding/organizations/{offline_firm.pk}/invitations/").content.decode()
    assert "joined" in page


def test_a_weak_password_or_no_terms_is_refused_naming_the_field(
        world: Any, offline_firm: Any, client_for: Any) -> None:
    invitations.invite(offline_firm, by=world.other_officer, email="dana@galilee.example")
    link = _link(OutboundEmail.objects.get())
    page = client_for(None).post(link, {"password": "123", "password_again": "123"}).content.decode()
    assert "id_password-errors" in page and "id_accept_terms-errors" in page
    assert not User.objects.filter(email="dana@galilee.example").exists()


def test_resend_makes_a_new_link_and_the_old_one_stops_working(
        world: Any, offline_firm: Any, client_for: Any) -> None:
    invitation = invitations.invite(offline_firm, by=world.other_officer, email="dana@galilee.example")
    old = _link(OutboundEmail.objects.get())
    client_for(world.other_officer).post(f"/onboarding/invitations/{invitation.pk}/resend/")
    new = _link(OutboundEmail.objects.latest("pk"))
    assert new != old
    assert "not valid" in client_for(None).get(old).content.decode()
    assert client_for(None).get(new).status_code == 200


def test_revoked_expired_and_forged_links_are_refused(world: Any, offline_firm: Any,
                                                      client_for: Any) -> None:
    invitation = invitations.invite(offline_firm, by=world.other_officer, email="dana@galilee.example")
    link = _link(OutboundEmail.objects.get())
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    assert "expired" in client_for(None).get(link).content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))
    client_for(world.other_officer).post(f"/onboarding/invitations/{invitation.pk}/revoke/")
    assert "withdrawn" in client_for(None).get(link).content.decode()
    forged = link[:-5] + "AAAA/"
    assert "not valid" in client_for(None).get(forged).content.decode()


def test_who_may_invite(world: Any, offline_firm: Any, client_for: Any) -> None:
    url = f"/onboarding/organizations/{world.home_firm.pk}/invitations/"
    expected = {"hq": 403, "officer": 200, "other_officer": 403, "owner": 200, "member": 403,
                "other_member": 403, "outsider": 403}
    got = {role: client_for(user).get(url).status_code for role, user in world.users().items()}
    assert got == expected
    assert client_for(None).get(url).status_code == 302
    # The owner invites members, not owners.
    response = client_for(world.owner).post(url, {"form": "one", "email": "new@jinghua.example",
                                                  "role": "owner"})
    assert "Only the liaison office invites owners." in response.content.decode()
    client_for(world.owner).post(url, {"form": "one", "email": "new@jinghua.example",
                                       "role": "member"})
    assert Invitation.objects.get().role == "member"
    # Someone else's invitation cannot be resent or withdrawn.
    invitation = Invitation.objects.get()
    assert client_for(world.other_officer).post(
        f"/onboarding/invitations/{invitation.pk}/revoke/").status_code in (403, 404)


def test_a_bad_address_is_a_field_error(world: Any, offline_firm: Any, client_for: Any) -> None:
    response = client_for(world.other_officer).post(
        f"/onboarding/organizations/{offline_firm.pk}/invitations/",
        {"form": "one", "email": "not-an-address", "role": "member"})
    assert "id_email-errors" in response.content.decode()
    assert not OutboundEmail.objects.exists()


def test_a_sign_up_request_goes_to_the_office_queue_and_approval_invites(
        world: Any, client_for: Any) -> None:
    tel_aviv = world.sc.ecosystems["tel-aviv"]
    response = client_for(None).post("/onboarding/join/", {
        "name": "Avi Mizrahi", "email": "avi@newfirm.example", "organization_name": "New Firm Ltd",
        "ecosystem": tel_aviv.pk, "website": "newfirm.example", "message": "We build inverters."})
    assert "Your request is sent" in response.content.decode()
    request = SignupRequest.objects.get()
    assert request.office == world.sc.offices["tel-aviv"]
    assert world.other_officer.notifications.filter(kind="onboarding.signup").exists()
    assert client_for(world.officer).post(f"/onboarding/sign-up-requests/{request.pk}/",
                                          {"action": "approve"}).status_code in (403, 404)
    queue = client_for(world.other_officer).get("/onboarding/sign-up-requests/").content.decode()
    assert "New Firm Ltd" in queue
    client_for(world.other_officer).post(f"/onboarding/sign-up-requests/{request.pk}/",
                                         {"action": "approve"})
    request.refresh_from_db()
    assert request.status == "approved" and request.organization.name == "New Firm Ltd"
    assert not request.organization.is_vetted
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("avi@newfirm.example", "owner")
    assert OutboundEmail.objects.get().to == "avi@newfirm.example"


def test_a_sign_up_request_names_its_missing_fields(world: Any, client_for: Any) -> None:
    page = client_for(None).post("/onboarding/join/", {"name": "Avi", "email": "nope"}).content.decode()
    assert "id_email-errors" in page and "id_organization_name-errors" in page
    assert "id_ecosystem-errors" in page
    assert not SignupRequest.objects.exists()


def test_join_my_firm_is_recognized_by_the_office_without_listing_firms_to_visitors(
        world: Any, client_for: Any) -> None:
    from liaison.accounts.models import Membership

    world.partner_firm.website = "https://negev-labs.example.co.il"
    world.partner_firm.save()
    page = client_for(None).get("/onboarding/join/").content.decode()
    assert "Negev Battery Labs" not in page and "京华储能科技有限公司" not in page
    client_for(None).post("/onboarding/join/", {
        "name": "Yael Katz", "email": "yael@negev-labs.example.co.il",
        "organization_name": "Negev Labs", "website": "www.negev-labs.example.co.il/en",
        "ecosystem": world.sc.ecosystems["tel-aviv"].pk})
    request = SignupRequest.objects.get()
    assert request.organization == world.partner_firm
    queue = client_for(world.other_officer).get("/onboarding/sign-up-requests/").content.decode()
    assert "Negev Battery Labs" in queue
    invitation = invitations.approve_signup(request, by=world.other_officer)
    assert (invitation.organization, invitation.role) == (world.partner_firm, "member")
    assert Membership.objects.filter(organization=world.partner_firm).count() == 1  # until joined
