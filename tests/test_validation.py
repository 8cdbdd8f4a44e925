"""One validation path per write: the service holds the rules of an opportunity and of an
organization profile; the page form and the API schema only parse, and both show the
service's field errors. The same bad input gets the same errors from the page, the API and
the service, and nothing is saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from liaison.directory import services as directory_services
from liaison.directory.models import Sector
from liaison.opportunities import services as opportunity_services
from liaison.opportunities.models import Opportunity
from tests.factories import make_opportunity
from tests.fronts import api_errors, page_errors, send_json, service_errors

pytestmark = pytest.mark.django_db


def test_a_bad_opportunity_gets_the_same_field_errors_from_page_api_and_service(
        world: Any, client_for: Any) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    bad = {"type": "nonsense", "title": "abc", "summary": " ", "language": "xx",
           "cooperation_kinds": ["bribery"], "expires_on": yesterday.isoformat()}
    energy = Sector.objects.get(code="energy")
    client = client_for(world.member)

    page = page_errors(client.post(f"/opportunities/new/?organization={world.home_firm.pk}",
                                   {**bad, "sectors": [energy.pk]}))
    api = api_errors(send_json(client, "post", "/api/opportunities", {
        **bad, "organization": world.home_firm.pk, "sectors": ["energy"]}))
    service = service_errors(lambda: opportunity_services.create_opportunity(
        organization=world.home_firm, by=world.member,
        data={**bad, "expires_on": yesterday, "sectors": [energy]}))

    assert page == api == service == {
        "type": ["Value 'nonsense' is not a valid choice."],
        "title": ["Give a title of at least 5 characters."],
        "summary": ["This field cannot be blank."],
        "language": ["Value 'xx' is not a valid choice."],
        "cooperation_kinds": ["Choose the kinds of cooperation from the list."],
        "expires_on": ["The expiry date must be in the future."],
    }
    assert not Opportunity.objects.exists()


def test_an_opportunity_needs_a_sector_and_a_title_within_200_characters_on_every_front(
        world: Any, client_for: Any) -> None:
    opp = make_opportunity(world.home_firm, title="Original title")
    bad = {"title": "x" * 201, "sectors": []}
    client = client_for(world.member)
    form = {"type": opp.type, "summary": opp.summary, "language": opp.language, **bad}

    page = page_errors(client.post(f"/opportunities/{opp.pk}/edit/", form))
    api = api_errors(send_json(client, "patch", f"/api/opportunities/{opp.pk}", bad))
    service = service_errors(lambda: opportunity_services.update_opportunity(
        opp, by=world.member, data=bad))

    assert page == api == service == {
        "title": ["Ensure this value has at most 200 characters (it has 201)."],
        "sectors": ["Choose at least one sector."],
    }
    opp.refresh_from_db()
    assert (opp.title, [s.code for s in opp.sectors.all()]) == ("Original title", ["energy"])


def test_a_code_that_names_nothing_is_reported_with_the_services_errors(
        world: Any, client_for: Any) -> None:
    response = send_json(client_for(world.member), "post", "/api/opportunities", {
        "organization": world.home_firm.pk, "type": "technology_offer", "title": "ok",
        "summary": "A summary", "language": "en", "sectors": ["no-such-sector"]})
    assert api_errors(response) == {
        "sectors": ["Unknown sectors code(s): no-such-sector"],
        "title": ["Give a title of at least 5 characters."],
    }


def test_a_bad_profile_gets_the_same_field_errors_from_page_api_and_service(
        world: Any, client_for: Any) -> None:
    org = world.home_firm
    bad = {"name": "", "founded_year": 1500, "website": "not a url", "turnover": "1e30"}
    client = client_for(world.owner)

    page = page_errors(client.post(f"/organizations/{org.pk}/edit/", {
        "kind": "firm", "language": "zh", **bad}))
    api = api_errors(send_json(client, "patch", f"/api/organizations/{org.pk}", bad))
    service = service_errors(lambda: directory_services.update_organization(
        org, by=world.owner, data={**bad, "turnover": Decimal("1e30")}))

    assert page == api == service == {
        "name": ["This field cannot be blank."],
        "founded_year": ["Ensure this value is greater than or equal to 1800."],
        "website": ["Give a web address starting with http:// or https://."],
        "turnover": ["Ensure that there are no more than 15 digits in total."],
    }
    org.refresh_from_db()
    assert (org.name, org.turnover) == ("京华储能科技有限公司", None)


@pytest.mark.parametrize("turnover", ["NaN", "-5"])
def test_a_turnover_is_a_finite_non_negative_amount_with_its_currency_on_every_front(
        world: Any, client_for: Any, turnover: str) -> None:
    org = world.home_firm
    client = client_for(world.owner)
    page = page_errors(client.post(f"/organizations/{org.pk}/edit/", {
        "kind": "firm", "name": org.name, "language": "zh", "turnover": turnover}))
    api = api_errors(send_json(client, "patch", f"/api/organizations/{org.pk}", {"turnover": turnover}))
    service = service_errors(lambda: directory_services.update_organization(
        org, by=world.owner, data={"turnover": Decimal(turnover)}))
    assert page == api == service
    assert list(service) == ["turnover"]
    missing_currency = {"turnover": "1000", "turnover_currency": ""}
    assert api_errors(send_json(client, "patch", f"/api/organizations/{org.pk}", missing_currency)) == {
        "turnover_currency": ["Give the currency of the turnover."]}
    org.refresh_from_db()
    assert org.turnover is None


def test_the_api_still_assumes_https_for_a_website_without_a_scheme(world: Any, client_for: Any) -> None:
    response = send_json(client_for(world.owner), "patch", f"/api/organizations/{world.home_firm.pk}",
                         {"website": "jinghua.example"})
    assert response.status_code == 200
    assert response.json()["website"] == "https://jinghua.example"


def test_a_patch_keeps_the_english_version_it_does_not_name(world: Any, client_for: Any) -> None:
    client = client_for(world.owner)
    send_json(client, "patch", f"/api/organizations/{world.home_firm.pk}",
              {"name_en": "Jinghua Energy Storage", "description_en": "Grid storage"})
    send_json(client, "patch", f"/api/organizations/{world.home_firm.pk}", {"name_en": "Jinghua Storage"})
    english = world.home_firm.translations.get(language="en")
    assert (english.name, english.description) == ("Jinghua Storage", "Grid storage")


def test_a_schema_error_is_a_422_naming_the_field_like_a_service_error(world: Any, client_for: Any) -> None:
    response = send_json(client_for(world.member), "post", "/api/opportunities", {
        "organization": world.home_firm.pk, "type": "technology_offer", "title": "A fine title",
        "summary": "A summary", "language": "en", "sectors": ["energy"], "expires_on": "soon"})
    assert list(api_errors(response)) == ["expires_on"]
    assert not Opportunity.objects.exists()
