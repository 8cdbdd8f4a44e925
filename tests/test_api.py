"""JSON API: validation per field, the same rules as the pages, the OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

import pytest

from liaison.opportunities.models import Opportunity
from tests.factories import make_opportunity

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_openapi_document_is_served(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()
    assert "/api/opportunities" in doc["paths"]
    assert "/api/organizations/{pk}" in doc["paths"]
    assert client.get("/api/docs").status_code == 200


def test_create_update_submit_through_the_api(world: Any, client_for: Any) -> None:
    client = client_for(world.member)
    created = _post(client, "/api/opportunities", {
        "organization": world.home_firm.pk, "type": "technology_offer", "title": "储能安全监测算法",
        "summary": "热失控预警", "language": "zh", "sectors": ["energy"],
        "target_ecosystems": ["tel-aviv"], "cooperation_kinds": ["licensing"]})
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["target_ecosystems"], body["sectors"]) == ("draft", ["tel-aviv"], ["energy"])
    patched = client.patch(f"/api/opportunities/{body['id']}", data=json.dumps({"summary": "热失控预警与寿命预测"}),
                           content_type="application/json")
    assert patched.json()["summary"] == "热失控预警与寿命预测"
    assert patched.json()["title"] == "储能安全监测算法"
    submitted = client.post(f"/api/opportunities/{body['id']}/submit")
    assert submitted.json()["status"] == "submitted"


def test_bad_input_names_each_field_and_saves_nothing(world: Any, client_for: Any) -> None:
    client = client_for(world.member)
    response = _post(client, "/api/opportunities", {
        "organization": world.home_firm.pk, "type": "nonsense", "title": "abc", "summary": "",
        "language": "xx", "sectors": ["energy", "no-such-sector"], "cooperation_kinds": ["bribery"]})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"type", "title", "summary", "language", "sectors", "cooperation_kinds"}
    assert "no-such-sector" in errors["sectors"][0]
    assert not Opportunity.objects.exists()


def test_patch_with_bad_value_leaves_the_opportunity_unchanged(world: Any, client_for: Any) -> None:
    opp = make_opportunity(world.home_firm, title="Original title")
    response = client_for(world.member).patch(
        f"/api/opportunities/{opp.pk}", data=json.dumps({"title": "New title", "expires_on": "2000-01-01"}),
        content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["expires_on"]
    opp.refresh_from_db()
    assert opp.title == "Original title"


def test_reject_without_reason_is_refused(world: Any, client_for: Any) -> None:
    opp = make_opportunity(world.home_firm, status="submitted")
    response = _post(client_for(world.officer), f"/api/opportunities/{opp.pk}/reject", {"reason": " "})
    assert response.status_code == 422
    assert "reason" in response.json()["errors"]
    opp.refresh_from_db()
    assert opp.status == "submitted"


def test_anonymous_list_shows_only_public_opportunities(world: Any, client: Any) -> None:
    public = make_opportunity(world.home_firm, status="published", title="Public one")
    make_opportunity(world.home_firm, status="draft", title="Private draft")
    make_opportunity(world.home_firm, status="published", title="Expired one", expires_in_days=-2)
    items = client.get("/api/opportunities").json()["items"]
    assert [(i["id"], i["organization"]) for i in items] == [(public.pk, None)]


def test_list_filters_by_type_and_text(world: Any, client_for: Any) -> None:
    make_opportunity(world.home_firm, status="published", title="储能系统分销", type="business_offer")
    make_opportunity(world.partner_firm, status="published", title="Water reuse pilot", type="technology_offer")
    client = client_for(world.outsider)
    assert [i["title"] for i in client.get("/api/opportunities?type=business_offer").json()["items"]] == ["储能系统分销"]
    assert [i["title"] for i in client.get("/api/opportunities?q=reuse").json()["items"]] == ["Water reuse pilot"]
    assert client.get("/api/opportunities?limit=1").json()["count"] == 2


def test_create_organization_validates_fields(world: Any, client_for: Any) -> None:
    response = _post(client_for(world.officer), "/api/organizations", {
        "name": "", "ecosystem": "beijing", "founded_year": 1500, "website": "not a url"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"name", "founded_year", "website"}
