"""Every page and endpoint against every role: HQ, officer, officer of another office, owner,
member, member of another organization, a signed-in outsider and an anonymous visitor."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.factories import make_opportunity, make_organization

ROLES = ["anon", "hq", "officer", "other_officer", "owner", "member", "other_member", "outsider"]


def _expect(row: str) -> dict[str, int]:
    return dict(zip(ROLES, (int(x) for x in row.split()), strict=True))


@pytest.fixture
def objects(world: Any) -> dict[str, Any]:
    unvetted = make_organization(world.sc, ecosystem="beijing", name="Unvetted Beijing Co", vetted=False)
    return {
        "O": world.home_firm,
        "U": unvetted,
        "D": make_opportunity(world.home_firm, status="draft", title="Draft storage request"),
        "S": make_opportunity(world.home_firm, status="submitted", title="Submitted storage request"),
        "P": make_opportunity(world.home_firm, status="published", title="Published storage request"),
    }


def _user(world: Any, role: str) -> Any:
    return None if role == "anon" else world.users()[role]


#                                        anon  hq  off oth own mem om  out
PAGES = [
    ("get", "/", "", "200 200 200 200 200 200 200 200"),
    ("get", "/marketplace/", "", "200 200 200 200 200 200 200 200"),
    ("get", "/dashboard/", "", "302 200 200 200 200 200 200 200"),
    ("get", "/account/", "", "302 200 200 200 200 200 200 200"),
    ("get", "/directory/", "", "302 200 200 200 200 200 200 200"),
    ("get", "/organizations/{O}/", "", "302 200 200 200 200 200 200 200"),
    ("get", "/organizations/{U}/", "", "302 200 200 404 404 404 404 404"),
    ("get", "/organizations/{O}/edit/", "", "302 200 200 403 200 200 403 403"),
    ("post", "/organizations/{U}/vet/", "", "302 403 302 404 404 404 404 404"),
    ("get", "/organizations/new/", "", "302 200 200 200 403 403 403 403"),
    ("get", "/organizations/{O}/people/new/", "", "302 403 200 403 200 200 403 403"),
    ("get", "/opportunities/{P}/", "", "200 200 200 200 200 200 200 200"),
    ("get", "/opportunities/{D}/", "", "404 200 200 404 200 200 404 404"),
    ("get", "/opportunities/{D}/edit/", "", "302 403 200 404 200 200 404 404"),
    ("get", "/opportunities/new/?organization={O}", "", "302 403 200 403 200 200 403 403"),
    ("post", "/opportunities/{D}/submit/", "", "302 403 302 404 302 302 404 404"),
    ("post", "/opportunities/{S}/publish/", "", "302 403 302 404 403 403 404 404"),
    ("post", "/opportunities/{S}/reject/", "reason=Too+vague", "302 403 302 404 403 403 404 404"),
    ("post", "/opportunities/{P}/close/", "", "302 403 302 403 302 302 403 403"),
    ("get", "/validation/", "", "302 403 200 200 403 403 403 403"),
    ("get", "/admin/", "", "302 200 302 302 302 302 302 302"),
    ("get", "/admin/opportunities/opportunity/", "", "302 200 302 302 302 302 302 302"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "body", "row"), PAGES, ids=[f"{m} {u}" for m, u, _b, _r in PAGES])
def test_page_access(world: Any, objects: dict[str, Any], client_for: Any, role: str,
                     method: str, url: str, body: str, row: str) -> None:
    client = client_for(_user(world, role))
    path = url.format(**{k: v.pk for k, v in objects.items()})
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == _expect(row)[role]
    if role == "anon" and response.status_code == 302 and not path.startswith("/admin"):
        assert response["Location"].startswith("/login/")


#                                                        anon  hq  off oth own mem om  out
ENDPOINTS = [
    ("get", "/api/opportunities/{P}", None, "200 200 200 200 200 200 200 200"),
    ("get", "/api/opportunities/{D}", None, "404 200 200 404 200 200 404 404"),
    ("patch", "/api/opportunities/{D}", {"title": "A better title"}, "401 403 200 404 200 200 404 404"),
    ("post", "/api/opportunities/{D}/submit", None, "401 403 200 404 200 200 404 404"),
    ("post", "/api/opportunities/{S}/publish", None, "401 403 200 404 403 403 404 404"),
    ("post", "/api/opportunities/{S}/reject", {"reason": "Too vague"}, "401 403 200 404 403 403 404 404"),
    ("post", "/api/opportunities/{P}/close", None, "401 403 200 403 200 200 403 403"),
    ("post", "/api/opportunities", "create", "401 403 201 403 201 201 403 403"),
    ("get", "/api/organizations", None, "401 200 200 200 200 200 200 200"),
    ("get", "/api/organizations/{U}", None, "401 200 200 404 404 404 404 404"),
    ("patch", "/api/organizations/{O}", {"website": "https://example.org"}, "401 200 200 403 200 200 403 403"),
    ("post", "/api/organizations/{U}/vet", None, "401 403 200 404 404 404 404 404"),
    ("post", "/api/organizations", {"name": "New Co", "ecosystem": "beijing", "sectors": ["energy"]},
     "401 201 201 201 403 403 403 403"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "payload", "row"), ENDPOINTS,
                         ids=[f"{m} {u}" for m, u, _p, _r in ENDPOINTS])
def test_endpoint_access(world: Any, objects: dict[str, Any], client_for: Any, role: str,
                         method: str, url: str, payload: Any, row: str) -> None:
    client = client_for(_user(world, role))
    path = url.format(**{k: v.pk for k, v in objects.items()})
    if payload == "create":
        payload = {"organization": objects["O"].pk, "type": "business_offer", "title": "Distributors wanted",
                   "summary": "We look for distributors.", "language": "en", "sectors": ["energy"]}
    response = getattr(client, method)(
        path, data=json.dumps(payload) if payload is not None else None,
        content_type="application/json",
    )
    assert response.status_code == _expect(row)[role], response.content


def test_public_opportunity_hides_the_organization_from_outsiders(world: Any, objects: dict[str, Any], client_for: Any) -> None:
    published = objects["P"]
    for role in ("anon", "other_officer", "other_member", "outsider"):
        client = client_for(_user(world, role))
        page = client.get(f"/opportunities/{published.pk}/").content.decode()
        assert world.home_firm.name not in page
        assert client.get(f"/api/opportunities/{published.pk}").json()["organization"] is None
    for role in ("hq", "officer", "owner", "member"):
        client = client_for(_user(world, role))
        assert world.home_firm.name in client.get(f"/opportunities/{published.pk}/").content.decode()
        assert client.get(f"/api/opportunities/{published.pk}").json()["organization"] == world.home_firm.pk


def test_contacts_are_shown_only_to_the_organization_its_office_and_hq(world: Any, client_for: Any) -> None:
    from liaison.directory.models import Person

    Person.objects.create(organization=world.home_firm, name="Zhao Lei", email="zhao@example.cn")
    url = f"/organizations/{world.home_firm.pk}/"
    for role in ("hq", "officer", "owner", "member"):
        assert "zhao@example.cn" in client_for(_user(world, role)).get(url).content.decode()
    for role in ("other_officer", "other_member", "outsider"):
        assert "zhao@example.cn" not in client_for(_user(world, role)).get(url).content.decode()


def test_token_authentication_acts_as_the_token_owner(world: Any, objects: dict[str, Any], client: Any) -> None:
    from liaison.accounts.models import ApiToken

    _token, raw = ApiToken.issue(world.owner, "ERP")
    ok = client.get(f"/api/opportunities/{objects['D'].pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert ok.status_code == 200
    assert ok.json()["organization"] == world.home_firm.pk
    bad = client.get("/api/organizations", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert bad.status_code == 401


def test_back_office_lists_every_model_for_hq(world: Any, client_for: Any) -> None:
    from django.contrib import admin

    client = client_for(world.hq)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url
    assert client_for(world.officer).get("/admin/directory/organization/").status_code == 302
