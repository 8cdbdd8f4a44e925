"""A page rendered once and shared by viewers allowed the same things holds forms: each viewer
gets it with their own CSRF token (`common.paging.with_csrf_token`), never another viewer's, and
posts with it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext

from liaison.accounts.models import Membership
from tests.factories import make_opportunity, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_cache")]


def _signed_in(user: Any) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/livez")  # no CSRF cookie yet: the first page sets it
    return client


def _get(client: Client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def _secret(client: Client) -> str:
    return str(client.cookies["csrftoken"].value)


def _secrets_of_tokens(html: str) -> set[str]:
    """The CSRF secrets the page's tokens (forms and htmx header) stand for."""
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    tokens += re.findall(r'"X-CSRFToken": "([^"]+)"', html)
    assert tokens
    return {_unmask_cipher_token(token) for token in tokens}


def _form_token(html: str, action: str) -> str:
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', html, re.S)
    assert form, f"no form posting to {action}"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
    assert token
    return token.group(1)


def _each_viewer_gets_their_own_token(first: Client, second: Client, url: str, *,
                                      rendered_by: str, action: str, data: dict[str, Any]) -> None:
    mine, queries = _get(first, url)
    assert any(rendered_by in sql for sql in queries), "the first view renders the page"
    theirs, queries = _get(second, url)
    assert not any(rendered_by in sql for sql in queries), "the second viewer gets the same rendering"
    assert _secret(first) != _secret(second)
    assert _secrets_of_tokens(mine) == {_secret(first)}
    assert _secrets_of_tokens(theirs) == {_secret(second)}
    # And the first viewer again, after the second: still their own.
    again, _ = _get(first, url)
    assert _secrets_of_tokens(again) == {_secret(first)}
    response = second.post(action, {"csrfmiddlewaretoken": _form_token(theirs, action), **data})
    assert response.status_code == 302


def test_two_owners_of_a_firm_share_its_page_each_with_their_own_token(world: Any) -> None:
    firm = world.home_firm
    co_owner = make_user("co_owner")
    Membership.objects.create(user=co_owner, organization=firm, role="owner")
    _each_viewer_gets_their_own_token(
        _signed_in(world.owner), _signed_in(co_owner), f"/organizations/{firm.pk}/",
        rendered_by="directory_sector", action=f"/organizations/{firm.pk}/acting/",
        data={"only_members_answer": "on"})
    firm.refresh_from_db()
    assert firm.only_members_answer


def test_two_officers_share_the_validation_queue_each_with_their_own_token(world: Any) -> None:
    offer = make_opportunity(world.home_firm, status="submitted", title="Grid storage pilot wanted")
    colleague = make_user("colleague", office=world.officer.office)
    _each_viewer_gets_their_own_token(
        _signed_in(world.officer), _signed_in(colleague), "/validation/",
        rendered_by="opportunities_opportunitytranslation", action=f"/opportunities/{offer.pk}/publish/",
        data={})
    offer.refresh_from_db()
    assert offer.status == "published"
