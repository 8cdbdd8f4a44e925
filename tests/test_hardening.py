"""Response hardening: a Content-Security-Policy that no page of ours needs to break (no inline
script, no event-handler attribute), Permissions-Policy everywhere, and nothing private kept
by a cache (pages of signed-in users, API answers to a token, downloads)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import ApiToken
from tests.factories import make_opportunity, make_user

pytestmark = pytest.mark.django_db


class _InlineCode(HTMLParser):
    """Collects inline scripts, event-handler attributes and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self.found.append("<script> without src")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")


PAGES = {
    None: ["/", "/marketplace/", "/login/", "/password-reset/"],
    "member": ["/dashboard/", "/directory/", "/account/", "/introductions/", "/events/",
               "/notifications/", "/notifications/preferences/", "/matches/",
               "/opportunities/new/"],
    "officer": ["/dashboard/", "/validation/", "/reports/beijing/", "/accounts/sign-in-locks/"],
    "hq": ["/dashboard/", "/reports/", "/admin/", "/admin/accounts/user/"],
}


def test_pages_send_a_content_security_policy_that_allows_no_inline_script(
    world: Any, client_for: Any,
) -> None:
    response = client_for(None).get("/")
    policy = dict(part.strip().split(" ", 1) for part in
                  response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("role", list(PAGES))
def test_no_page_carries_inline_script_or_event_handlers(world: Any, client_for: Any,
                                                         role: str | None) -> None:
    client = client_for(getattr(world, role) if role else None)
    for url in PAGES[role]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        parser = _InlineCode()
        parser.feed(response.content.decode())
        assert parser.found == [], url


def test_every_response_sends_a_permissions_policy(world: Any, client_for: Any) -> None:
    for client, url in ((client_for(None), "/"), (client_for(world.member), "/dashboard/"),
                        (client_for(None), "/api/opportunities"), (client_for(None), "/nowhere/")):
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_pages_of_signed_in_users_are_never_stored_and_public_ones_may_be(
    world: Any, client_for: Any,
) -> None:
    assert client_for(world.member).get("/dashboard/")["Cache-Control"] == "private, no-store"
    assert client_for(world.member).get("/marketplace/")["Cache-Control"] == "private, no-store"
    assert "no-store" not in client_for(None).get("/marketplace/").get("Cache-Control", "")


def test_api_answers_to_a_token_are_never_stored(world: Any, client_for: Any) -> None:
    _token, raw = ApiToken.issue(world.member, "ERP")
    response = client_for(None).get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_attachment_downloads_are_never_stored(world: Any, client_for: Any, settings: Any,
                                               tmp_path: Any) -> None:
    from liaison.accounts.models import Membership
    from liaison.introductions import services

    settings.MEDIA_ROOT = tmp_path
    partner_owner = make_user("partner_owner")
    Membership.objects.create(user=partner_owner, organization=world.partner_firm, role="owner")
    offer = make_opportunity(world.partner_firm, status="published", type="technology_offer")
    interest = services.express_interest(opportunity=offer, organization=world.home_firm,
                                         by=world.member, message="We are interested.")
    services.accept_interest(interest, by=partner_owner)
    notes = SimpleUploadedFile("notes.txt", b"Meeting notes\n", content_type="text/plain")
    message = services.post_message(interest, by=world.member, body="Notes", attachment=notes)
    response = client_for(partner_owner).get(
        f"/introductions/{interest.pk}/messages/{message.pk}/attachment/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"


def test_the_policy_built_once_follows_the_settings_and_a_views_own_change(settings: Any) -> None:
    """The header is built once per process (`common.middleware.CSPMiddleware`), yet a changed
    setting and a response that changes its own policy (django-csp's decorators) are followed."""
    from csp.decorators import csp_update
    from django.http import HttpResponse
    from django.test import RequestFactory

    from liaison.common.middleware import CSPMiddleware

    def plain(request: Any) -> HttpResponse:
        return HttpResponse("plain")

    @csp_update({"img-src": "https://maps.example"})
    def with_map(request: Any) -> HttpResponse:
        return HttpResponse("map")

    def header(view: Any) -> str:
        return str(CSPMiddleware(view)(RequestFactory().get("/"))["Content-Security-Policy"])

    assert "img-src 'self' data:" in header(plain) and "maps.example" not in header(plain)
    assert "img-src 'self' data: https://maps.example" in header(with_map)
    assert "maps.example" not in header(plain)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                                                       "img-src": ["'self'"]}}
    assert "img-src 'self';" in header(plain) + ";"
