"""A firm's recommendations page (/matches/) is rendered once per change of its matches, the
opportunities or the organizations, for one viewer: reused until then, never shown to another
viewer, and its forms keep working (their CSRF token follows the viewer's CSRF secret)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from liaison.matchmaking import services
from liaison.matchmaking.engine import opportunity_key, organization_key
from liaison.matchmaking.models import Match
from tests.factories import make_opportunity, make_organization

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_cache")]




def get(client: Any, url: str = "/matches/") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def _card_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'id="match-(\d+)"', html)}


def _recommended_for(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", heading) for heading in re.findall(r"Recommended for (.*?)</h2>", html)]


def test_my_recommendations_are_reused_until_one_of_them_changes(
        world: Any, market: dict[str, Any], client_for: Any) -> None:
    client = client_for(world.owner)
    html, cold = get(client)
    shown = _card_ids(html)
    assert shown
    html, warm = get(client)
    assert _card_ids(html) == shown and warm < cold
    # Dismissed (elsewhere: the API, another tab): gone on the next view.
    dismissed = Match.objects.get(pk=min(shown))
    services.dismiss_match(dismissed, by=world.owner)
    assert dismissed.pk not in _card_ids(get(client)[0])
    # Deleted by a refresh of the list: gone too, not a minute later.
    deleted = max(_card_ids(get(client)[0]))
    Match.objects.filter(pk=deleted).delete()
    assert deleted not in _card_ids(get(client)[0])
    # A counterpart's offer closed: gone at once.
    from liaison.opportunities.services import close_opportunity

    offer_match = Match.objects.filter(source_key=f"org-{world.home_firm.pk}",
                                       target_opportunity__isnull=False, dismissed_at__isnull=True).first()
    if offer_match is not None and offer_match.pk in _card_ids(get(client)[0]):
        close_opportunity(offer_match.target_opportunity, by=world.other_officer)
        assert offer_match.pk not in _card_ids(get(client)[0])


def test_each_viewer_gets_their_own_recommendations(
        world: Any, market: dict[str, Any], client_for: Any) -> None:
    mine = get(client_for(world.owner))[0]
    theirs = get(client_for(world.other_member))[0]
    assert _recommended_for(mine) == [world.home_firm.name]
    assert _recommended_for(theirs) == [world.partner_firm.name]
    assert _card_ids(mine).isdisjoint(_card_ids(theirs))
    # An officer without a firm has no recommendations of their own (not the firm's).
    assert not _card_ids(get(client_for(world.officer))[0])


def test_a_new_match_appears_on_the_next_view(world: Any, market: dict[str, Any], client_for: Any) -> None:
    client = client_for(world.owner)
    assert get(client)[0]
    newcomer = make_organization(world.sc, ecosystem="tel-aviv", name="Arava Storage Systems")
    offer = make_opportunity(newcomer, status="published", type="technology_offer",
                             title="Flow batteries for the grid")
    # Stored as the engine would, the best of the list.
    Match.objects.create(source_key=organization_key(world.home_firm.pk), source_organization=world.home_firm,
                         owner_organization=world.home_firm, target_key=opportunity_key(offer.pk),
                         target_opportunity=offer, score=0.99, explanation={"strength": 95})
    assert offer.title in get(client)[0]


def _save_a_card(client: Client, html: str) -> int:
    """Submit the "Save" form of the first card not saved yet, with the token it holds."""
    form = re.search(r'action="/matches/(\d+)/save/".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S)
    assert form, "no card to save"
    response = client.post(f"/matches/{form.group(1)}/save/",
                           {"csrfmiddlewaretoken": form.group(2), "next": "/matches/"})
    return int(response.status_code)


def test_the_forms_of_a_reused_page_keep_working_across_sign_ins(
        world: Any, market: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    get(client)
    # A new CSRF secret (a new browser, a new sign-in), nothing else changed: the page's
    # tokens follow the secret.
    del client.cookies["csrftoken"]
    html = get(client)[0]
    assert _save_a_card(client, html) == 302
    get(client)
    html = get(client)[0]  # reused
    assert _save_a_card(client, html) == 302
