"""#13 item 7: one limit per field, the same through page and API, answered 422 naming the
field — never a 500 from a value the database cannot hold."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.factories import make_opportunity
from tests.fronts import api_errors, send_json, service_errors

pytestmark = pytest.mark.django_db

HUGE = str(2**70)


@pytest.mark.parametrize(("url", "query", "field"), [
    ("/api/opportunities", {"limit": "1000"}, "limit"),
    ("/api/opportunities", {"limit": "0"}, "limit"),
    ("/api/opportunities", {"offset": HUGE}, "offset"),
    ("/api/opportunities", {"organization": HUGE}, "organization"),
    ("/api/opportunities/" + HUGE, {}, "pk"),
    ("/api/organizations", {"offset": HUGE}, "offset"),
    ("/api/organizations/" + HUGE, {}, "pk"),
    ("/api/notifications", {"limit": HUGE}, "limit"),
    ("/api/events/" + HUGE, {}, "event_id"),
    ("/api/introductions/" + HUGE, {}, "pk"),
])
def test_an_integer_past_its_bound_is_a_422_naming_the_parameter(
        world: Any, client_for: Any, url: str, query: dict[str, str], field: str) -> None:
    assert field in api_errors(client_for(world.officer).get(url, query))


def test_the_public_list_is_cut_at_the_page_size_limit(world: Any, client_for: Any) -> None:
    for i in range(3):
        make_opportunity(world.home_firm, status="published", title=f"Storage offer {i}")
    body = client_for(None).get("/api/opportunities", {"limit": "100", "offset": "1"}).json()
    assert body["count"] == 3 and len(body["items"]) == 2


def test_notification_ids_past_64_bits_are_a_422_naming_ids(world: Any, client_for: Any) -> None:
    response = send_json(client_for(world.owner), "post", "/api/notifications/read", {"ids": [2**70]})
    assert "ids" in api_errors(response)


def test_a_registration_for_an_organization_past_64_bits_is_a_422(ew: Any, world: Any, client_for: Any) -> None:
    response = send_json(client_for(world.officer), "post", f"/api/events/{ew.event.pk}/registrations",
                         {"organization": 2**70, "attendees": [{"name": "A", "languages": ["en"]}]})
    assert "organization" in api_errors(response)


def _opportunity_payload(world: Any, **changes: Any) -> dict[str, Any]:
    return {"organization": world.home_firm.pk, "type": "technology_offer", "title": "Grid storage",
            "summary": "Controllers for grid storage.", "sectors": ["energy"], "language": "en",
            **changes}


@pytest.mark.parametrize(("field", "value"), [
    ("title", "储" * 300_000),  # 0.9 MB (a larger body is refused whole: 400)
    ("summary", "x" * 1_000_000),
    ("description", "x" * 1_000_000),
    ("title", "Grid\x00storage"),
    ("description", "NUL \x00 in the middle"),
])
def test_huge_or_nul_text_in_an_opportunity_is_refused_on_its_field_by_api_and_service(
        world: Any, client_for: Any, field: str, value: str) -> None:
    from liaison.opportunities import services
    from liaison.opportunities.models import Opportunity

    api = api_errors(send_json(client_for(world.owner), "post", "/api/opportunities",
                               _opportunity_payload(world, **{field: value})))
    payload = _opportunity_payload(world, **{field: value})
    del payload["organization"]
    service = service_errors(lambda: services.validate_opportunity({
        **payload, "sectors": list(world.sc.sectors.values())[:1]}))
    assert api.get(field) == service.get(field), (api, service)
    assert not Opportunity.objects.exists()


def test_a_huge_description_is_refused_by_the_page_with_the_same_message(world: Any, client_for: Any) -> None:
    from liaison.opportunities import services

    opp = make_opportunity(world.home_firm, status="draft", title="Grid storage controllers")
    response = client_for(world.owner).post(f"/opportunities/{opp.pk}/edit/", {
        "type": "technology_offer", "title": "Grid storage controllers", "summary": "Controllers.",
        "description": "x" * 20_000, "language": "en", "sectors": [world.sc.sectors["energy"].pk]})
    errors = response.context["form"].errors
    service = service_errors(lambda: services.validate_opportunity({"description": "x" * 20_000},
                                                                   opportunity=opp))
    assert list(errors["description"]) == service["description"]


def test_a_nul_or_huge_officer_note_is_refused_on_text(world: Any) -> None:
    from liaison.introductions import services

    opp = make_opportunity(world.home_firm, status="published", title="Grid storage controllers")
    partner_owner = world.other_member
    interest = services.express_interest(opportunity=opp, organization=world.partner_firm,
                                         by=partner_owner, message="Interested.")
    for text in ("100% \x00", "n" * 1_000_000):
        assert "text" in service_errors(lambda t=text: services.add_note(interest, by=world.officer, text=t))
    assert not interest.notes.exists()


def test_an_attendee_e_mail_that_is_not_one_is_refused_by_the_api_like_the_page(
        ew: Any, world: Any, client_for: Any) -> None:
    from tests.factories import make_organization

    firm = make_organization(world.sc, ecosystem="beijing", name="Third Beijing firm")
    firm.memberships.create(user=world.outsider, role="owner")
    response = send_json(client_for(world.outsider), "post", f"/api/events/{ew.event.pk}/registrations",
                         {"organization": firm.pk,
                          "attendees": [{"name": "A", "email": "not an address", "languages": ["en"]}]})
    assert "attendees" in api_errors(response)


def _typed(schema: Any, kind: str, where: str, document: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every `kind` ("integer", "array") in a request schema, with its place (following $refs)."""
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        return _typed(document["components"]["schemas"][name], kind, name, document)
    out = []
    if schema.get("type") == kind:
        out.append((where, schema))
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            out += _typed(part, kind, where, document)
    if "items" in schema:
        out += _typed(schema["items"], kind, where + "[]", document)
    for name, prop in schema.get("properties", {}).items():
        out += _typed(prop, kind, f"{where}.{name}", document)
    return out


def _request_parts(client: Any, kind: str) -> list[tuple[str, Any]]:
    document = json.loads(client.get("/api/openapi.json").content)
    found = []
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            for p in op.get("parameters", []):
                found += _typed(p["schema"], kind, f"{method} {path} {p['name']}", document)
            for media in op.get("requestBody", {}).get("content", {}).values():
                found += _typed(media["schema"], kind, f"{method} {path} body", document)
    return found


def test_every_integer_a_caller_can_send_has_a_64_bit_bound_in_the_openapi_document(client: Any) -> None:
    found = _request_parts(client, "integer")
    assert len(found) > 30
    unbounded = [where for where, s in found
                 if s.get("maximum", 2**64) > 2**63 - 1 or s.get("minimum", -(2**64)) < -(2**63 - 1)]
    assert unbounded == []


def test_every_list_a_caller_can_send_has_a_length_bound(client: Any) -> None:
    found = _request_parts(client, "array")
    assert len(found) > 10
    assert [where for where, s in found if "maxItems" not in s] == []


def test_a_list_of_a_thousand_sectors_is_a_422_naming_sectors(world: Any, client_for: Any) -> None:
    response = send_json(client_for(world.owner), "post", "/api/opportunities",
                         _opportunity_payload(world, sectors=[f"s{i}" for i in range(1000)]))
    assert "sectors" in api_errors(response)


def test_the_openapi_document_lists_the_error_answers_of_each_operation(client: Any) -> None:
    document = json.loads(client.get("/api/openapi.json").content)
    ops = document["paths"]
    assert {"401", "403", "404", "422"} <= set(ops["/api/opportunities/{pk}"]["patch"]["responses"])
    assert {"401", "403", "422"} <= set(ops["/api/organizations"]["post"]["responses"])
    public = ops["/api/opportunities"]["get"]["responses"]
    assert "422" in public and "401" not in public  # anyone may list the public opportunities
    invalid = document["components"]["schemas"]["InvalidInput"]
    assert invalid["required"] == ["detail", "errors"]
    for path, operations in ops.items():
        for method, op in operations.items():
            if "{" in path:
                assert "404" in op["responses"], (method, path)


def test_a_documented_error_answer_has_the_documented_shape(world: Any, client_for: Any) -> None:
    import jsonschema

    document = json.loads(client_for(None).get("/api/openapi.json").content)
    schemas = document["components"]["schemas"]
    client = client_for(world.outsider)
    invalid = client.get("/api/opportunities", {"limit": "0"})
    jsonschema.validate(invalid.json(), schemas["InvalidInput"])
    missing = client.get("/api/opportunities/999999")
    assert missing.status_code == 404
    jsonschema.validate(missing.json(), schemas["Error"])
    denied = client_for(None).get("/api/organizations")
    assert denied.status_code == 401
    jsonschema.validate(denied.json(), schemas["Error"])


def test_page_query_ids_past_64_bits_are_ignored_not_a_crash(ew: Any, world: Any, client_for: Any) -> None:
    officer = client_for(world.officer)
    assert officer.get(f"/events/{ew.event.pk}/schedule/", {"participant": HUGE, "move": HUGE}).status_code == 200
    assert officer.get(f"/events/{ew.event.pk}/participants/", {"as": HUGE}).status_code == 200
    assert client_for(world.owner).post("/notifications/read/", {"id": HUGE}).status_code == 302
    assert client_for(world.owner).post("/account/", {"action": "revoke", "token": HUGE}).status_code in (200, 302)
    assert client_for(world.member).get("/reports/outcomes/new/", {"interest": HUGE}).status_code in (403, 404)
