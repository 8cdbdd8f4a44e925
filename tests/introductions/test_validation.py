"""One validation path for interests: the services hold the rules; the page and the API
show the same field errors. A decision is one of two values: a typo such as "approved" is
refused naming the field, never taken as a refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages

from liaison.introductions import services
from liaison.introductions.models import Interest
from tests.fronts import api_errors, page_errors, send_json, service_errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("message", "error"), [
    ("   ", "Write a few words to introduce your interest."),
    ("x" * 4001, "Keep the message under 4,000 characters."),
])
def test_a_bad_message_gets_the_same_field_error_from_page_api_and_service(
        world: Any, offer: Any, client_for: Any, message: str, error: str) -> None:
    client = client_for(world.member)
    page = page_errors(client.post(f"/introductions/new/{offer.pk}/", {
        "organization": world.home_firm.pk, "message": message}))
    api = api_errors(send_json(client, "post", "/api/introductions", {
        "opportunity": offer.pk, "organization": world.home_firm.pk, "message": message}))
    service = service_errors(lambda: services.express_interest(
        opportunity=offer, organization=world.home_firm, by=world.member, message=message))
    assert page == api == service == {"message": [error]}
    assert not Interest.objects.exists()


def test_a_page_without_an_organization_names_the_field(world: Any, offer: Any, client_for: Any) -> None:
    page = page_errors(client_for(world.member).post(f"/introductions/new/{offer.pk}/", {
        "organization": "", "message": ""}))
    assert page == {"organization": ["Choose the organization you act for."],
                    "message": ["Write a few words to introduce your interest."]}


def test_a_typo_in_the_vetting_decision_is_refused_naming_the_field_on_every_front(
        world: Any, vetting: Any, express: Any, client_for: Any) -> None:
    interest = express()
    client = client_for(world.other_officer)
    response = send_json(client, "post", f"/api/introductions/{interest.pk}/vet",
                         {"action": "approved", "reason": "Looks good"})
    assert list(api_errors(response)) == ["action"]
    page = client.post(f"/introductions/{interest.pk}/vet/", {"action": "approved"})
    assert page.status_code == 302
    assert [str(m) for m in get_messages(page.wsgi_request)] == ["Choose one of the two answers."]
    assert service_errors(lambda: services.vet_interest(
        interest, by=world.other_officer, decision="approved")) == {
        "action": ["Choose one of the two answers."]}
    interest.refresh_from_db()
    assert (interest.status, interest.refusal_reason) == ("vetting", "")
    assert not interest.audit.filter(action="refused").exists()

    approved = send_json(client, "post", f"/api/introductions/{interest.pk}/vet", {"action": "approve"})
    assert approved.status_code == 200 and approved.json()["status"] == "pending"


def test_a_typo_in_the_answer_is_refused_naming_the_field_on_every_front(
        world: Any, partner_owner: Any, express: Any, client_for: Any) -> None:
    interest = express()
    client = client_for(partner_owner)
    response = send_json(client, "post", f"/api/introductions/{interest.pk}/answer", {"action": "accepted"})
    assert list(api_errors(response)) == ["action"]
    page = client.post(f"/introductions/{interest.pk}/answer/", {"action": "yes"})
    assert [str(m) for m in get_messages(page.wsgi_request)] == ["Choose one of the two answers."]
    assert list(service_errors(lambda: services.answer_interest(
        interest, by=partner_owner, decision="accepted"))) == ["action"]
    interest.refresh_from_db()
    assert interest.status == "pending"

    declined = send_json(client, "post", f"/api/introductions/{interest.pk}/answer", {"action": "decline"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"


def test_a_reason_longer_than_the_form_allows_is_refused_by_the_api_too(
        world: Any, vetting: Any, express: Any, client_for: Any) -> None:
    interest = express()
    response = send_json(client_for(world.other_officer), "post", f"/api/introductions/{interest.pk}/vet",
                         {"action": "refuse", "reason": "x" * 2001})
    assert api_errors(response) == {"reason": ["Keep the reason under 2,000 characters."]}
    interest.refresh_from_db()
    assert interest.status == "vetting"
