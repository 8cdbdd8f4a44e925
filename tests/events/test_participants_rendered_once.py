"""The participants table is rendered once per change for the viewers who may see and do the
same (`cached_fragment`, keyed by `participants_marker`, `sought_by_key`, the viewer's own
registration and requests): whoever looks first, every viewer gets their own rows, buttons
and token, and a change shows at once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_opportunity

pytestmark = pytest.mark.django_db

TITLE = "Electrolyser stack partner wanted"


def _page(client: Any, ew: Any) -> str:
    response = client.get(f"/events/{ew.event.pk}/participants/?recommend=0")
    assert response.status_code == 200
    return str(response.content.decode())


def _row(html: str, registration: Any) -> str:
    return html.split(f'id="participant-{registration.pk}"')[1].split("</tr>")[0]


def test_an_anonymous_request_is_tied_to_its_firm_only_for_those_who_may_know_whoever_looks_first(
        world: Any, ew: Any, client_for: Any) -> None:
    make_opportunity(world.partner_firm, status="published", type="technology_request", title=TITLE)
    # HQ first: its table (with the title) must not answer the viewers who may not know.
    for who, shown in [("hq", True), ("owner", False), ("other_officer", True), ("officer", False),
                       ("other_member", True)]:
        assert (TITLE in _row(_page(client_for(getattr(world, who)), ew), ew.partner)) is shown, who


def test_an_accepted_introduction_shows_the_request_at_once(world: Any, ew: Any, client_for: Any) -> None:
    from liaison.introductions.models import Interest

    offer = make_opportunity(world.partner_firm, status="published", type="technology_request", title=TITLE)
    owner = client_for(world.owner)
    assert TITLE not in _row(_page(owner, ew), ew.partner)
    Interest.objects.create(opportunity=offer, from_organization=world.home_firm,
                            to_organization=world.partner_firm, created_by=world.owner, message="Hello",
                            status="accepted", answered_at=offer.published_at or offer.updated_at,
                            expires_at=offer.updated_at)
    assert TITLE in _row(_page(owner, ew), ew.partner)


def test_each_member_gets_their_own_buttons_and_token_and_a_request_shows_at_once(
        world: Any, ew: Any, client_for: Any) -> None:
    officer_page = _page(client_for(world.officer), ew)
    assert "Request a meeting" not in officer_page  # the host office acts for no firm here
    owner = Client(enforce_csrf_checks=True)
    owner.force_login(world.owner)
    page = _page(owner, ew)
    assert "Request a meeting" not in _row(page, ew.home)  # its own row
    row = _row(page, ew.partner)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row)
    assert token
    sent = owner.post(f"/events/{ew.event.pk}/requests/new/",
                      {"recipient": ew.partner.pk, "priority": 2, "csrfmiddlewaretoken": token.group(1)})
    assert sent.status_code in (200, 302), sent.status_code
    after = _page(owner, ew)
    assert "requested" in _row(after, ew.partner) and "Request a meeting" in _row(after, ew.third)


def test_a_new_participant_and_a_waitlisting_show_at_once(world: Any, ew: Any, client_for: Any) -> None:
    from liaison.events.models import Registration
    from tests.factories import make_organization

    client = client_for(world.officer)
    _page(client, ew)
    late = make_organization(world.sc, ecosystem="tel-aviv", name="Late Solar Ltd")
    Registration.objects.create(event=ew.event, organization=late)
    page = _page(client, ew)
    assert "Late Solar Ltd" in _row(page, Registration.objects.get(organization=late))
    # The host office's act-for switch lists it too.
    switch = page.split('id="act-for-select"')[1].split("</select>")[0]
    assert "Late Solar Ltd" in switch
    Registration.objects.filter(pk=ew.third.pk).update(waitlisted=True)
    assert f'id="participant-{ew.third.pk}"' not in _page(client, ew)


def test_the_whole_page_follows_the_event_and_each_viewer_sees_their_own_recommendations(
        world: Any, ew: Any, client_for: Any, list_cache: Any) -> None:
    from liaison.events.models import Event

    officer = client_for(world.officer)
    assert "Beijing delegation to Tel Aviv" in _page(officer, ew)
    # The event has no change marker of its own: its row is part of the page's key.
    Event.objects.filter(pk=ew.event.pk).update(title="Tel Aviv energy week")
    html = _page(officer, ew)
    assert "Tel Aviv energy week" in html and "Beijing delegation to Tel Aviv" not in html
    # Recommendations are the viewer's own (their registration's counterparts).
    owner_page = client_for(world.owner).get(f"/events/{ew.event.pk}/participants/").content.decode()
    member_page = client_for(world.other_member).get(f"/events/{ew.event.pk}/participants/").content.decode()
    assert 'id="recommendations"' in owner_page and 'id="recommendations"' in member_page
    mine = owner_page.split('id="recommendations"')[1].split("</section>")[0]
    theirs = member_page.split('id="recommendations"')[1].split("</section>")[0]
    assert "Negev Battery Labs" in mine and "Negev Battery Labs" not in theirs
    assert "京华储能" in theirs and "京华储能" not in mine
