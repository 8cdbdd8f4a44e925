"""Officers broker from matches (#15 item 7): on the office portfolio an officer suggests an
introduction; both firms are asked (double opt-in: neither learns who the other is until both
said yes); the office is the broker of record; a dismissed or declined pair is remembered;
the officer sees which suggestions became introductions and their outcomes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaison.introductions import services as introductions
from liaison.introductions.models import Interest, Suggestion
from liaison.matchmaking.engine import opportunity_key
from liaison.matchmaking.models import Match
from liaison.notifications.models import Notification
from tests.factories import make_user


@pytest.fixture
def partner_owner(world: Any) -> Any:
    from liaison.accounts.models import Membership

    user = make_user("partner_owner")
    Membership.objects.create(user=user, organization=world.partner_firm, role="owner")
    return user


def _match(market: dict[str, Any]) -> Match:
    return Match.objects.get(source_key=opportunity_key(market["request"].pk),
                             target_key=opportunity_key(market["offer"].pk))


def test_a_suggested_introduction_needs_both_firms_and_the_office_is_its_broker(
        world: Any, market: dict[str, Any], partner_owner: Any, client_for: Any) -> None:
    match = _match(market)
    officer = client_for(world.officer)
    page = officer.get("/matches/office/")
    assert f'action="/matches/{match.pk}/suggest/"' in page.content.decode()
    response = officer.post(f"/matches/{match.pk}/suggest/",
                            {"action": "suggest", "note": "Both work on BMS for grid storage: 100% a fit"})
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.status, suggestion.office, suggestion.from_organization, suggestion.to_organization) == (
        "asked", world.sc.home, world.home_firm, world.partner_firm)
    asked = set(Notification.objects.filter(kind="suggestion.asked").values_list("user__username", flat=True))
    assert asked == {"owner", "partner_owner"}
    assert "100% a fit" in Notification.objects.filter(kind="suggestion.asked").first().body
    # Neither side learns who the other is before both said yes.
    partner_page = client_for(partner_owner).get("/introductions/suggestions/").content.decode()
    assert world.home_firm.name not in partner_page and "Yes, introduce us" in partner_page
    own_page = client_for(world.owner).get("/introductions/suggestions/").content.decode()
    assert world.partner_firm.name not in own_page
    # A member who is not an owner does not answer for the firm.
    assert client_for(world.member).post(f"/introductions/suggestions/{suggestion.pk}/answer/",
                                         {"action": "accept"}).status_code == 403
    client_for(world.owner).post(f"/introductions/suggestions/{suggestion.pk}/answer/", {"action": "accept"})
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.from_answer, suggestion.interest) == ("asked", "accept", None)
    # The same owner cannot answer twice.
    assert client_for(world.owner).post(f"/introductions/suggestions/{suggestion.pk}/answer/",
                                        {"action": "decline"}).status_code == 403
    client_for(partner_owner).post(f"/introductions/suggestions/{suggestion.pk}/answer/", {"action": "accept"})
    suggestion.refresh_from_db()
    interest = suggestion.interest
    assert suggestion.status == "introduced" and interest is not None
    assert (interest.status, interest.brokered_by, interest.from_organization, interest.opportunity) == (
        "accepted", world.sc.home, world.home_firm, market["offer"])
    assert partner_owner.has_perm("introductions.view_identity", interest)
    assert world.home_firm.name in client_for(partner_owner).get("/introductions/suggestions/").content.decode()
    # The officer sees what it became, and its outcomes.
    from liaison.reports.models import Outcome

    Outcome.objects.create(kind="pilot", title="Pilot", interest=interest, initiator=world.home_firm,
                           counterpart=world.partner_firm, office=world.sc.home, date=dt.date.today())
    officer_page = officer.get("/introductions/suggestions/").content.decode()
    assert "became an introduction" in officer_page and "1 outcome reported" in officer_page
    assert f"/introductions/{interest.pk}/" in officer_page
    # The portfolio no longer offers to suggest it.
    assert f'action="/matches/{match.pk}/suggest/"' not in officer.get("/matches/office/").content.decode()


def test_only_the_firms_office_suggests_and_bad_input_is_named(
        world: Any, market: dict[str, Any], partner_owner: Any, client_for: Any) -> None:
    match = _match(market)
    url = f"/matches/{match.pk}/suggest/"
    assert client_for(world.member).post(url, {"action": "suggest"}).status_code == 403
    assert client_for(world.other_officer).post(url, {"action": "suggest"}).status_code == 404
    assert client_for(world.outsider).post(url, {"action": "suggest"}).status_code == 404
    assert client_for(None).post(url, {"action": "suggest"}).status_code == 302  # to the login
    assert not Suggestion.objects.exists()
    with pytest.raises(PermissionDenied):
        introductions.suggest_introduction(by=world.other_officer, organization=world.home_firm,
                                           opportunity=market["offer"])
    with pytest.raises(ValidationError) as too_long:
        introductions.suggest_introduction(by=world.officer, organization=world.home_firm,
                                           opportunity=market["offer"], note="x" * 2001)
    assert "note" in too_long.value.message_dict
    with pytest.raises(ValidationError):  # not across the border
        introductions.suggest_introduction(by=world.officer, organization=world.home_firm,
                                           opportunity=market["beijing_offer"])
    suggestion = introductions.suggest_introduction(by=world.officer, organization=world.home_firm,
                                                    opportunity=market["offer"])
    with pytest.raises(ValidationError):
        introductions.suggest_introduction(by=world.officer, organization=world.home_firm,
                                           opportunity=market["offer"])
    with pytest.raises(ValidationError) as bad:
        introductions.answer_suggestion(suggestion, by=world.owner, decision="approved")
    assert "action" in bad.value.message_dict
    # Outsiders do not see suggestions at all.
    assert client_for(world.outsider).get("/introductions/suggestions/").content.decode().count(
        "suggestion-") == 0
    assert client_for(world.outsider).post(f"/introductions/suggestions/{suggestion.pk}/answer/",
                                           {"action": "accept"}).status_code == 404


def test_dismissed_and_declined_suggestions_are_remembered(
        world: Any, market: dict[str, Any], partner_owner: Any, client_for: Any) -> None:
    match = _match(market)
    officer = client_for(world.officer)
    officer.post(f"/matches/{match.pk}/suggest/", {"action": "dismiss"})
    assert Suggestion.objects.get().status == "dismissed"
    page = officer.get("/matches/office/").content.decode()
    assert "dismissed by the office" in page and f'action="/matches/{match.pk}/suggest/"' not in page
    officer.post(f"/matches/{match.pk}/suggest/", {"action": "suggest"})
    assert Suggestion.objects.get().status == "dismissed"  # not asked again
    assert not Notification.objects.filter(kind="suggestion.asked").exists()
    # The firms never hear of a pair the office dismissed.
    assert "suggestion-" not in client_for(world.owner).get("/introductions/suggestions/").content.decode()
    # A firm's "no" closes it, tells the office, and makes no introduction.
    other = introductions.suggest_introduction(by=world.officer, organization=world.home_firm,
                                               opportunity=_second_offer(world))
    client_for(partner_owner).post(f"/introductions/suggestions/{other.pk}/answer/", {"action": "decline"})
    other.refresh_from_db()
    assert other.status == "declined" and not Interest.objects.exists()
    assert Notification.objects.filter(kind="suggestion.outcome", user=world.officer).exists()
    with pytest.raises(PermissionDenied):
        introductions.answer_suggestion(other, by=world.owner, decision="accept")


def _second_offer(world: Any) -> Any:
    from tests.factories import make_opportunity

    return make_opportunity(world.partner_firm, status="published", type="technology_offer",
                            title="Second offer", description="grid analytics")


def test_the_api_suggests_answers_and_lists_with_the_same_rules(
        world: Any, market: dict[str, Any], partner_owner: Any, client_for: Any) -> None:
    match = _match(market)
    url = f"/api/matches/{match.pk}/suggest"
    body = {"action": "suggest", "note": "Grid storage on both sides"}
    assert client_for(world.member).post(url, body, content_type="application/json").status_code == 403
    assert client_for(world.other_officer).post(url, body, content_type="application/json").status_code == 404
    assert client_for(None).post(url, body, content_type="application/json").status_code == 401
    bad = client_for(world.officer).post(url, {"action": "approve"}, content_type="application/json")
    assert bad.status_code == 422 and "action" in bad.json()["errors"]
    too_long = client_for(world.officer).post(url, {"action": "suggest", "note": "x" * 2001},
                                              content_type="application/json")
    assert too_long.status_code == 422 and "note" in too_long.json()["errors"]
    created = client_for(world.officer).post(url, body, content_type="application/json")
    assert created.status_code == 201
    out = created.json()
    assert out["status"] == "asked" and out["from_organization"]["name"] == world.home_firm.name
    pk = out["id"]
    # The other firm sees the opportunity's side named, never the asking firm, until both said yes.
    seen = client_for(partner_owner).get(f"/api/suggestions/{pk}").json()
    assert "name" not in seen["from_organization"] or seen["from_organization"]["name"] is None
    assert client_for(world.outsider).get(f"/api/suggestions/{pk}").status_code == 404
    assert client_for(world.outsider).get("/api/suggestions").json()["count"] == 0
    answer = f"/api/suggestions/{pk}/answer"
    assert client_for(world.member).post(answer, {"action": "accept"},
                                         content_type="application/json").status_code == 403
    assert client_for(world.owner).post(answer, {"action": "maybe"},
                                        content_type="application/json").status_code == 422
    client_for(world.owner).post(answer, {"action": "accept"}, content_type="application/json")
    done = client_for(partner_owner).post(answer, {"action": "accept"}, content_type="application/json").json()
    assert done["status"] == "introduced" and done["introduction"] is not None
    assert done["from_organization"]["name"] == world.home_firm.name
    listed = client_for(world.officer).get("/api/suggestions").json()
    assert [s["status"] for s in listed["items"]] == ["introduced"]


def test_the_suggestions_page_and_endpoint_query_count_does_not_grow_with_rows(
        world: Any, market: dict[str, Any], partner_owner: Any, client_for: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_opportunity

    def counts() -> tuple[int, int]:
        out = []
        for url in ("/introductions/suggestions/", "/api/suggestions"):
            client = client_for(partner_owner)
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out[0], out[1]

    offers = [market["offer"]] + [
        make_opportunity(world.partner_firm, status="published", type="technology_offer",
                         title=f"Offer {i}", description="grid storage") for i in range(2)]
    introductions.suggest_introduction(by=world.officer, organization=world.home_firm, opportunity=offers[0])
    one = counts()
    for offer in offers[1:]:
        introductions.suggest_introduction(by=world.officer, organization=world.home_firm, opportunity=offer)
    assert counts() == one


def test_a_broker_of_another_office_does_not_learn_the_firm_behind_an_anonymous_opportunity(
        world: Any, market: dict[str, Any], partner_owner: Any, client_for: Any) -> None:
    # The Beijing office suggests its firm to a Tel Aviv firm's opportunity (anonymous, like
    # every opportunity to those outside the firm's own office): until both firms say yes, the
    # Beijing officer sees its own firm by name and the other only as "the organization in
    # Tel Aviv"; the Tel Aviv office sees the reverse.
    match = _match(market)
    officer, other_officer = client_for(world.officer), client_for(world.other_officer)
    officer.post(f"/matches/{match.pk}/suggest/", {"action": "suggest"})
    suggestion = Suggestion.objects.get()
    hidden, own = world.partner_firm.name, world.home_firm.name
    def text(client: Any, path: str) -> str:
        response = client.get(path)
        return json.dumps(response.json(), ensure_ascii=False) if path.startswith("/api/") else response.content.decode()

    for path in ("/introductions/suggestions/", f"/api/suggestions/{suggestion.pk}", "/api/suggestions"):
        seen = text(officer, path)
        assert own in seen and hidden not in seen, path
        seen_there = text(other_officer, path)
        assert hidden in seen_there and own not in seen_there, path
    assert client_for(world.hq).get("/introductions/suggestions/").content.decode().count(hidden) >= 1
    # Dismissing does not unmask either.
    client_for(world.owner).post(f"/introductions/suggestions/{suggestion.pk}/answer/", {"action": "accept"})
    assert hidden not in officer.get("/introductions/suggestions/").content.decode()
    client_for(partner_owner).post(f"/introductions/suggestions/{suggestion.pk}/answer/", {"action": "accept"})
    assert hidden in officer.get("/introductions/suggestions/").content.decode()
    assert own in text(other_officer, f"/api/suggestions/{suggestion.pk}")
