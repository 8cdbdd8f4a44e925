"""The validation queue is rendered once per change for all officers of an office
(`common.paging.cached_fragment`): each officer still gets forms with their own CSRF token, a
decision shows at once, another office never gets this office's queue, and a queue shown again
costs one query of its own (the change marker)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from liaison.opportunities.models import Status
from tests.factories import make_opportunity, make_user

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _form_token(html: str, opportunity: Any) -> str:
    form = re.search(rf'<form method="post" action="/opportunities/{opportunity.pk}/publish/".*?</form>', html, re.S)
    assert form, "no publish form for the opportunity"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
    assert token
    return token.group(1)


def test_each_officer_publishes_from_the_shared_queue_with_their_own_token(world: Any) -> None:
    first = make_opportunity(world.home_firm, status="submitted", title="Grid storage pilot wanted")
    second = make_opportunity(world.home_firm, status="submitted", title="Battery recycling partner")
    colleague = make_user("colleague", office=world.officer.office)
    officer, other = _signed_in(world.officer), _signed_in(colleague)

    mine = officer.get("/validation/").content.decode()
    theirs = other.get("/validation/").content.decode()
    assert "Grid storage pilot wanted" in theirs and "Battery recycling partner" in theirs
    assert _form_token(theirs, first) != _form_token(mine, first)

    response = other.post(f"/opportunities/{first.pk}/publish/",
                          {"csrfmiddlewaretoken": _form_token(theirs, first)})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.PUBLISHED

    # The decision shows at once, to both officers.
    for client in (officer, other):
        page = client.get("/validation/").content.decode()
        assert "Grid storage pilot wanted" not in page and "Battery recycling partner" in page
    assert _form_token(officer.get("/validation/").content.decode(), second)


def test_another_office_never_gets_this_offices_queue(world: Any) -> None:
    make_opportunity(world.home_firm, status="submitted", title="Grid storage pilot wanted")
    assert "Grid storage pilot wanted" in _signed_in(world.officer).get("/validation/").content.decode()
    page = _signed_in(world.other_officer).get("/validation/").content.decode()
    assert "Grid storage pilot wanted" not in page
    assert "Nothing is waiting for validation." in page


def test_queue_shown_again_costs_the_change_marker_only(world: Any) -> None:
    make_opportunity(world.home_firm, status="submitted", title="Grid storage pilot wanted")
    client = _signed_in(world.officer)
    client.get("/validation/")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/validation/").content.decode()
    assert "Grid storage pilot wanted" in page
    # The session, its user, the unread notification count and the change marker.
    assert len(ctx.captured_queries) == 4, [q["sql"][:120] for q in ctx.captured_queries]
