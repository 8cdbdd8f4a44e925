"""Every introductions page and endpoint against every role (404: may not see; 403: may not act)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from liaison.introductions import services
from liaison.introductions.models import Interest
from tests.factories import make_opportunity

ROLES = ["anon", "hq", "officer", "other_officer", "owner", "member", "other_member", "outsider",
         "partner_owner"]


def _expect(row: str) -> dict[str, int]:
    return dict(zip(ROLES, (int(x) for x in row.split()), strict=True))


@pytest.fixture
def objects(world: Any, partner_owner: Any, offer: Any, express: Any, settings: Any,
            tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    second = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                              title="Thermal runaway early warning")
    third = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                             title="Battery lifetime prediction")
    pending = express()
    vetting = express(opportunity=second)
    Interest.objects.filter(pk=vetting.pk).update(status="vetting")
    accepted = express(opportunity=third)
    services.accept_interest(accepted, by=partner_owner)
    message = services.post_message(accepted, by=partner_owner, body="Datasheet attached",
                                    attachment=SimpleUploadedFile("sheet.txt", b"specs"))
    return {"offer": offer, "I": pending, "V": vetting, "J": accepted, "M": message}


def _client(world: Any, partner_owner: Any, client_for: Any, role: str) -> Any:
    users = {**world.users(), "partner_owner": partner_owner}
    return client_for(None if role == "anon" else users[role])


#                                                                anon hq  off oth own mem om  out pown
PAGES = [
    ("get", "/introductions/", "", "302 200 200 200 200 200 200 200 200"),
    ("get", "/introductions/?box=todo", "", "302 200 200 200 200 200 200 200 200"),
    ("get", "/introductions/new/{offer}/", "", "302 403 403 403 200 200 403 403 403"),
    ("post", "/introductions/new/{offer}/", "message=Hello", "302 403 403 403 200 200 403 403 403"),
    ("get", "/introductions/{I}/", "", "302 200 200 200 200 200 200 404 200"),
    ("get", "/introductions/{V}/", "", "302 200 200 200 200 200 404 404 404"),
    ("get", "/introductions/{J}/", "", "302 200 200 200 200 200 200 404 200"),
    ("post", "/introductions/{V}/vet/", "action=approve", "302 403 403 302 403 403 404 404 404"),
    # B's office (other_officer) answers on B's behalf unless B said "only we answer" (actfor).
    ("post", "/introductions/{I}/answer/", "action=decline", "302 403 403 302 403 403 403 404 302"),
    ("post", "/introductions/{I}/notes/", "text=Noted", "302 403 302 302 403 403 403 404 403"),
    ("post", "/introductions/{I}/messages/", "body=Hi", "302 403 403 403 403 403 403 404 403"),
    ("post", "/introductions/{J}/messages/", "body=Hi", "302 403 302 302 302 302 302 404 302"),
    ("get", "/introductions/{J}/messages/{M}/attachment/", "", "302 403 200 200 200 200 200 404 200"),
    ("get", "/introductions/{I}/messages/{M}/attachment/", "", "302 403 403 403 403 403 403 404 403"),
]


def _each_role(call: Any) -> dict[str, int]:
    """Status code per role; each role's request is rolled back so that none sees another's
    change (one fixture for all roles keeps the matrix fast)."""
    got = {}
    for role in ROLES:
        with transaction.atomic():
            got[role] = call(role)
            transaction.set_rollback(True)
    return got


def test_page_access(world: Any, partner_owner: Any, objects: dict[str, Any], client_for: Any) -> None:
    # One fixture for the whole matrix keeps it fast; the message names every wrong cell.
    wrong = {}
    for method, url, body, row in PAGES:
        got = _page_row(world, partner_owner, objects, client_for, method, url, body)
        if got != _expect(row):
            wrong[f"{method} {url}"] = got
    assert wrong == {}


def _page_row(world: Any, partner_owner: Any, objects: dict[str, Any], client_for: Any,
              method: str, url: str, body: str) -> dict[str, int]:
    path = url.format(**{k: v.pk for k, v in objects.items()})

    def call(role: str) -> int:
        client = _client(world, partner_owner, client_for, role)
        if method == "get":
            response = client.get(path)
        else:
            response = client.post(path, body, content_type="application/x-www-form-urlencoded")
        if role == "anon":
            assert response["Location"].startswith("/login/")
        return int(response.status_code)

    return _each_role(call)


#                                                                anon hq  off oth own mem om  out pown
ENDPOINTS = [
    ("get", "/api/introductions", None, "401 200 200 200 200 200 200 200 200"),
    ("get", "/api/introductions/{I}", None, "401 200 200 200 200 200 200 404 200"),
    ("get", "/api/introductions/{V}", None, "401 200 200 200 200 200 404 404 404"),
    ("post", "/api/introductions", "express", "401 403 403 403 201 201 403 403 403"),
    ("post", "/api/introductions/{V}/vet", {"action": "approve"}, "401 403 403 200 403 403 404 404 404"),
    ("post", "/api/introductions/{I}/answer", {"action": "decline"}, "401 403 403 200 403 403 403 404 200"),
    ("post", "/api/introductions/{I}/notes", {"text": "Noted"}, "401 403 201 201 403 403 403 404 403"),
    ("get", "/api/introductions/{I}/messages", None, "401 403 403 403 403 403 403 404 403"),
    ("get", "/api/introductions/{J}/messages", None, "401 403 200 200 200 200 200 404 200"),
    ("post", "/api/introductions/{J}/messages", {"body": "Hi"}, "401 403 201 201 201 201 201 404 201"),
    ("get", "/api/introductions/{J}/audit", None, "401 200 200 200 403 403 403 404 403"),
]


def test_endpoint_access(world: Any, partner_owner: Any, objects: dict[str, Any], client_for: Any) -> None:
    wrong = {}
    for method, url, payload, row in ENDPOINTS:
        got = _endpoint_row(world, partner_owner, objects, client_for, method, url, payload)
        if got != _expect(row):
            wrong[f"{method} {url}"] = got
    assert wrong == {}


def _endpoint_row(world: Any, partner_owner: Any, objects: dict[str, Any], client_for: Any,
                  method: str, url: str, payload: Any) -> dict[str, int]:
    path = url.format(**{k: v.pk for k, v in objects.items()})
    if payload == "express":
        fresh = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                                 title="Cell balancing offer")
        payload = {"opportunity": fresh.pk, "organization": world.home_firm.pk, "message": "Hello"}

    def call(role: str) -> int:
        response = getattr(_client(world, partner_owner, client_for, role), method)(
            path, data=json.dumps(payload) if payload is not None else None,
            content_type="application/json",
        )
        return int(response.status_code)

    return _each_role(call)


def test_the_other_side_cannot_see_contacts_before_acceptance(
    world: Any, partner_owner: Any, objects: dict[str, Any], client_for: Any
) -> None:
    pending, accepted = objects["I"], objects["J"]
    for user, hidden in ((world.member, "Negev Battery Labs"), (partner_owner, "京华储能科技有限公司")):
        page = client_for(user).get(f"/introductions/{pending.pk}/").content.decode()
        assert hidden not in page
        assert "noa@negev.example" not in page and "chen@jinghua.example" not in page
        api = client_for(user).get(f"/api/introductions/{pending.pk}").json()
        assert hidden not in json.dumps(api, ensure_ascii=False)
        page = client_for(user).get(f"/introductions/{accepted.pk}/").content.decode()
        assert hidden in page
        assert "noa@negev.example" in page and "chen@jinghua.example" in page


def test_user_text_is_escaped(world: Any, partner_owner: Any, objects: dict[str, Any],
                              client_for: Any) -> None:
    services.post_message(objects["J"], by=world.member, body="<script>alert(1)</script>")
    page = client_for(partner_owner).get(f"/introductions/{objects['J'].pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
