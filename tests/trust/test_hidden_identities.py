"""#13 item 1, beyond the opportunity list: no filter, count, error or write answer tells a
viewer an identity they may not see (an unvetted organization of another office, the owner of
an anonymous opportunity), and no cached list serves one viewer's rows to another."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.factories import make_opportunity, make_organization

pytestmark = pytest.mark.django_db

NOWHERE = 2**62  # an id no organization has


@pytest.fixture
def hidden(world: Any) -> Any:
    """An unvetted firm of the Tel Aviv office: only that office, its members and HQ see it."""
    return make_organization(world.sc, ecosystem="tel-aviv", name="Hidden Hydrogen Ltd", vetted=False)


def _register_api(client: Any, event: Any, organization: int) -> Any:
    return client.post(f"/api/events/{event.pk}/registrations", json.dumps({
        "organization": organization, "attendees": [{"name": "Noa", "languages": ["he"]}]}),
        content_type="application/json")


def test_the_host_office_cannot_register_an_organization_it_may_not_see_through_the_api(
        world: Any, ew: Any, hidden: Any, client_for: Any) -> None:
    from liaison.events.models import Registration

    client = client_for(world.officer)  # the host office (Beijing): does not see Tel Aviv's unvetted firm
    response = _register_api(client, ew.event, hidden.pk)
    assert response.status_code == 422, response.content
    assert b"Hidden Hydrogen" not in response.content
    # The same answer as for an id that names nothing: the error tells nothing either.
    assert response.json() == _register_api(client, ew.event, NOWHERE).json()
    assert not Registration.objects.filter(organization=hidden).exists()


def test_the_host_office_cannot_register_an_organization_it_may_not_see_through_the_page(
        world: Any, ew: Any, hidden: Any, client_for: Any) -> None:
    from liaison.events.models import Registration

    def post(organization: int) -> Any:
        return client_for(world.officer).post(f"/events/{ew.event.pk}/register/", {
            "organization": organization, "attendee_name": "Noa", "attendee_languages": ["he"]})

    response = post(hidden.pk)
    assert response.status_code == 422
    # The picker shows no name for an id the officer may not see, even on a refused form...
    assert "Hidden Hydrogen" not in response.content.decode()
    assert not Registration.objects.filter(organization=hidden).exists()
    # ...and refuses it as it refuses an id that names nothing.
    assert response.context["form"].errors["organization"] == post(NOWHERE).context["form"].errors["organization"]


@pytest.mark.parametrize("who", ["other_member", "outsider", "officer"])
def test_registering_an_unseen_organization_answers_as_for_one_that_does_not_exist(
        world: Any, ew: Any, hidden: Any, client_for: Any, who: str) -> None:
    client = client_for(getattr(world, who))
    assert _register_api(client, ew.event, hidden.pk).json() == \
        _register_api(client, ew.event, NOWHERE).json()


def test_those_who_see_the_organization_still_register_it(
        world: Any, ew: Any, hidden: Any, client_for: Any) -> None:
    from liaison.events import services

    services.set_status(ew.event, by=world.officer, status="registration")
    # Tel Aviv's office is responsible for the firm: it registers it.
    response = _register_api(client_for(world.other_officer), ew.event, hidden.pk)
    assert response.status_code == 201, response.content
    assert response.json()["organization_name"] == "Hidden Hydrogen Ltd"


# The directory's results are cached per what the viewer may see: a viewer who sees the
# unvetted firm never fills the cache another one reads.
@pytest.mark.parametrize("first", ["other_officer", "hq"])
@pytest.mark.parametrize("then", ["officer", "other_member", "outsider"])
def test_the_cached_directory_never_serves_one_viewers_rows_to_another(
        world: Any, hidden: Any, client_for: Any, settings: Any, first: str, then: str) -> None:
    from django.core.cache import cache

    settings.LIAISON_LIST_CACHE_SECONDS = 60
    cache.clear()
    for query in ({"vetted": "no"}, {"q": "Hydrogen"}, {}):
        seen = client_for(getattr(world, first)).get("/directory/", query)
        assert "Hidden Hydrogen" in seen.content.decode(), (first, query)
        assert seen.context["page"].paginator.count >= 1
        other = client_for(getattr(world, then)).get("/directory/", query, HTTP_HX_REQUEST="true")
        assert "Hidden Hydrogen" not in other.content.decode(), (then, query)


# The marketplace's page is cached for every viewer alike: it holds nothing that depends on
# who asks, so the owner filling the cache tells an anonymous visitor nothing.
def test_the_cached_marketplace_is_the_same_for_the_owner_and_an_anonymous_visitor(
        world: Any, client_for: Any, settings: Any) -> None:
    from django.core.cache import cache

    settings.LIAISON_LIST_CACHE_SECONDS = 60
    cache.clear()
    make_opportunity(world.home_firm, status="published", title="Grid storage controllers")
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        owner = client_for(world.owner).get("/marketplace/", {"organization": world.home_firm.pk}, **headers)
        anonymous = client_for(None).get("/marketplace/", {"organization": world.home_firm.pk}, **headers)
        for response in (owner, anonymous):
            text = response.content.decode()
            assert "Grid storage controllers" in text
            assert world.home_firm.name not in text


# Every other filter and the count of the public list, for those who may not know the owner:
# the same whether or not the hidden owner has other (unpublished) opportunities.
@pytest.mark.parametrize("who", [None, "other_member", "outsider", "other_officer"])
@pytest.mark.parametrize("query", [
    {}, {"status": "draft"}, {"status": "submitted"}, {"status": "rejected"}, {"status": "closed"},
    {"type": "technology_offer"}, {"ecosystem": "beijing"}, {"language": "en"}, {"sector": "energy"},
    {"q": "storage"},
])
def test_the_public_list_counts_only_what_the_viewer_may_see(
        world: Any, client_for: Any, who: str | None, query: dict[str, str]) -> None:
    client = client_for(getattr(world, who) if who else None)

    def listed() -> tuple[list[Any], int]:
        body = client.get("/api/opportunities", query).json()
        return [(o["id"], o["organization"]) for o in body["items"]], body["count"]

    make_opportunity(world.home_firm, status="published", type="technology_offer", title="Grid storage controllers")
    before = listed()
    for status in ("draft", "submitted", "rejected", "closed"):
        make_opportunity(world.home_firm, status=status, type="technology_offer", title=f"Storage {status}")
    assert listed() == before
    assert all(org is None for _, org in before[0])


# An event's participants page names each firm; what it "seeks" beside the name is the title
# of its public request — anonymous in the marketplace. Only those who may know who posted it
# (its members, its office, HQ, an accepted introduction) read it there.
@pytest.mark.parametrize(("who", "shown"), [
    ("owner", False), ("officer", False),  # another registered firm; the host office (Beijing)
    ("other_member", True), ("other_officer", True), ("hq", True),  # the firm; its office; HQ
])
def test_the_participants_page_does_not_tie_an_anonymous_request_to_its_firm(
        world: Any, ew: Any, client_for: Any, who: str, shown: bool) -> None:
    make_opportunity(world.partner_firm, status="published", type="technology_request",
                     title="Electrolyser stack partner wanted")
    # Public and anonymous in the marketplace...
    market = client_for(None).get("/api/opportunities", {"q": "Electrolyser"}).json()["items"]
    assert [o["organization"] for o in market] == [None]
    # ...so the participants page does not print it beside Negev Battery Labs.
    page = client_for(getattr(world, who)).get(f"/events/{ew.event.pk}/participants/?recommend=0")
    assert page.status_code == 200
    row = page.content.decode().split(f'id="participant-{ew.partner.pk}"')[1].split("</tr>")[0]
    assert ("Electrolyser stack partner wanted" in row) is shown, who


# Every answer about a public opportunity (its page, its matches, each action on it) is the
# same for two firms' opportunities to a viewer who may know neither owner: no status code,
# 403-versus-404 or error tells which firm posted which.
@pytest.mark.parametrize("who", [None, "outsider", "other_member", "other_officer"])
def test_answers_about_an_opportunity_do_not_depend_on_its_hidden_owner(
        world: Any, client_for: Any, who: str | None) -> None:
    second = make_organization(world.sc, ecosystem="beijing", name="Second Beijing Firm")
    opps = [make_opportunity(org, status="published", type="technology_offer", title="Storage offer")
            for org in (world.home_firm, second)]
    client = client_for(getattr(world, who) if who else None)

    def answers(pk: int) -> list[Any]:
        out: list[Any] = []
        for method, path, body in [
            ("get", f"/api/opportunities/{pk}", None), ("get", f"/opportunities/{pk}/", None),
            ("get", f"/api/matches/opportunities/{pk}", None),
            ("patch", f"/api/opportunities/{pk}", {"title": "Mine now"}),
            *[("post", f"/api/opportunities/{pk}/{action}", {"reason": "No."})
              for action in ("submit", "publish", "reject", "close")],
        ]:
            response = getattr(client, method)(path, json.dumps(body) if body else None,
                                               content_type="application/json")
            data = response.json() if response["Content-Type"].startswith("application/json") else None
            if isinstance(data, dict):
                data = {k: v for k, v in data.items() if k not in ("id", "published_at")}
                assert data.get("organization") is None
            out.append((path.replace(str(pk), "{pk}"), response.status_code, data))
        return out

    assert answers(opps[0].pk) == answers(opps[1].pk)


# The directory (API and page), its counts and facets, and the answer for one organization's
# id are the same with and without an unvetted firm of another office, for those who may not
# see it; the firm's own office does see it.
@pytest.mark.parametrize("who", ["officer", "other_member", "outsider"])
def test_the_directory_counts_and_facets_do_not_tell_an_unvetted_firm_of_another_office(
        world: Any, client_for: Any, who: str) -> None:
    client = client_for(getattr(world, who))
    queries = [{}, {"vetted": "no"}, {"q": "Hydrogen"}, {"ecosystem": "tel-aviv"}, {"sector": "energy"},
               {"kind": "company"}]

    def seen() -> list[Any]:
        out: list[Any] = []
        for query in queries:
            body = client.get("/api/organizations", query).json()
            page = client.get("/directory/", query)
            out.append((body["count"], sorted(o["id"] for o in body["items"]),
                        page.context["page"].paginator.count, page.context["facets"]))
        return out

    before = seen()
    hidden = make_organization(world.sc, ecosystem="tel-aviv", name="Hidden Hydrogen Ltd", vetted=False)
    assert seen() == before
    one, nowhere = (client.get(f"/api/organizations/{pk}") for pk in (hidden.pk, NOWHERE))
    assert one.status_code == nowhere.status_code == 404 and one.json() == nowhere.json()
    assert client.get(f"/organizations/{hidden.pk}/").status_code == 404
    assert client_for(world.other_officer).get("/api/organizations", {"q": "Hydrogen"}).json()["count"] == 1


# A firm on an event's waiting list is the host office's business (its pages show the list
# to it alone): the registrations API does not name it to the other participants either.
def test_the_registrations_api_shows_the_waiting_list_only_to_the_host_office_and_the_firms_side(
        world: Any, ew: Any, client_for: Any) -> None:
    from liaison.events import services
    from liaison.events.models import Event

    Event.objects.filter(pk=ew.event.pk).update(capacity=3)
    late = make_organization(world.sc, ecosystem="tel-aviv", name="Waiting Wind")
    reg = services.register(Event.objects.get(pk=ew.event.pk), by=world.other_officer,
                            organization=late, attendees=[{"name": "Tal", "languages": ["he"]}])
    assert reg.waitlisted

    def names(who: Any) -> set[str]:
        response = client_for(who).get(f"/api/events/{ew.event.pk}/registrations")
        assert response.status_code == 200
        return {r["organization_name"] for r in response.json()}

    assert "Waiting Wind" not in names(world.owner) | names(world.other_member)
    assert "Waiting Wind" in names(world.officer) & names(world.other_officer) & names(world.hq)
