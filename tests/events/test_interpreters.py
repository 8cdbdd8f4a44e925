"""Interpreters offer themselves: any signed-in user may offer for an event open for
registration; the host office confirms or declines; only confirmed interpreters are given
meetings by the scheduler; the interpreter is told the answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaison.events import services
from liaison.events.models import Event, Interpreter, Meeting
from liaison.notifications.models import Notification
from tests.events.conftest import accept, schedule_now
from tests.factories import make_user


@pytest.fixture
def freelance(db: Any) -> Any:
    return make_user("freelance", first_name="Chen", last_name="Mei")


def test_a_signed_in_user_offers_on_the_page_and_the_host_office_is_told(
        world: Any, ew: Any, freelance: Any, client_for: Any) -> None:
    client = client_for(freelance)
    detail = client.get(f"/events/{ew.event.pk}/").content.decode()
    assert 'id="offer-interpreting"' in detail
    response = client.post(f"/events/{ew.event.pk}/interpret/",
                           {"languages": ["zh", "he"], "unavailable_sessions": [ew.pm.pk]})
    assert response.status_code == 302
    offer = Interpreter.objects.get(user=freelance)
    assert (offer.name, offer.email, offer.languages, offer.status) == (
        "Chen Mei", "freelance@example.org", ["he", "zh"], Interpreter.Status.OFFERED)
    assert list(offer.unavailable_sessions.all()) == [ew.pm]
    assert Notification.objects.filter(user=world.officer, kind="events.interpreter_offered").count() == 1
    page = client.get(f"/events/{ew.event.pk}/interpret/").content.decode()
    assert 'id="offer-status"' in page and "waiting for confirmation" in page


def test_an_offer_needs_two_languages_and_says_so_on_the_field(ew: Any, freelance: Any, client_for: Any) -> None:
    response = client_for(freelance).post(f"/events/{ew.event.pk}/interpret/", {"languages": ["zh"]})
    assert response.status_code == 422 and "languages-errors" in response.content.decode()
    assert not Interpreter.objects.filter(user=freelance).exists()


def test_one_offer_per_person_and_event(ew: Any, freelance: Any) -> None:
    services.offer_interpreting(ew.event, by=freelance, languages=["zh", "en"])
    with pytest.raises(ValidationError) as err:
        services.offer_interpreting(ew.event, by=freelance, languages=["zh", "he"])
    assert "already offered" in str(err.value)
    assert Interpreter.objects.filter(user=freelance).count() == 1


def test_the_host_officer_registers_interpreters_directly_rather_than_offering(world: Any, ew: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.offer_interpreting(ew.event, by=world.officer, languages=["zh", "he"])


def test_offers_are_closed_once_registration_is(world: Any, ew: Any, freelance: Any) -> None:
    services.set_status(ew.event, by=world.officer, status=Event.Status.REQUESTS)
    with pytest.raises(PermissionDenied):
        services.offer_interpreting(ew.event, by=freelance, languages=["zh", "he"])


def _needs_interpretation(world: Any, ew: Any) -> Meeting:
    """The officer's own interpreter is gone: Chinese meets Hebrew with nobody to bridge them."""
    ew.interpreter.delete()
    return accept(world.member, world.other_member, ew.home, ew.partner)


def test_the_scheduler_uses_an_offer_only_once_confirmed(world: Any, ew: Any, freelance: Any) -> None:
    meeting = _needs_interpretation(world, ew)
    offer = services.offer_interpreting(ew.event, by=freelance, languages=["zh", "he"])
    schedule_now(ew.event, world.officer)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.UNSCHEDULED and "no interpreter" in meeting.reason
    services.answer_interpreter_offer(offer, by=world.officer, confirm=True)
    schedule_now(ew.event, world.officer)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED and meeting.interpreter_id == offer.pk
    note = Notification.objects.get(user=freelance, kind="events.interpreter_answered")
    assert note.title == "You are confirmed as an interpreter at Beijing delegation to Tel Aviv"


def test_a_declined_offer_is_never_used_and_the_interpreter_is_told(
        world: Any, ew: Any, freelance: Any, client_for: Any) -> None:
    meeting = _needs_interpretation(world, ew)
    offer = services.offer_interpreting(ew.event, by=freelance, languages=["zh", "he"])
    response = client_for(world.officer).post(f"/events/interpreters/{offer.pk}/decline/")
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Interpreter.Status.DECLINED and offer.answered_by == world.officer
    schedule_now(ew.event, world.officer)
    meeting.refresh_from_db()
    assert meeting.interpreter_id is None and meeting.status == Meeting.Status.UNSCHEDULED
    note = Notification.objects.get(user=freelance, kind="events.interpreter_answered")
    assert note.title == "Your offer to interpret at Beijing delegation to Tel Aviv was declined"


def test_an_offer_is_answered_once(world: Any, ew: Any, freelance: Any) -> None:
    offer = services.offer_interpreting(ew.event, by=freelance, languages=["zh", "he"])
    services.answer_interpreter_offer(offer, by=world.officer, confirm=False)
    with pytest.raises(ValidationError):
        services.answer_interpreter_offer(offer, by=world.officer, confirm=True)
    offer.refresh_from_db()
    assert offer.status == Interpreter.Status.DECLINED


def test_the_interpreters_page_lists_offers_with_confirm_and_decline(
        world: Any, ew: Any, freelance: Any, client_for: Any) -> None:
    offer = services.offer_interpreting(ew.event, by=freelance, languages=["zh", "he"])
    page = client_for(world.officer).get(f"/events/{ew.event.pk}/interpreters/").content.decode()
    assert f'/events/interpreters/{offer.pk}/confirm/' in page and f'/events/interpreters/{offer.pk}/decline/' in page
    assert f'/events/interpreters/{ew.interpreter.pk}/confirm/' not in page  # registered by the office
    detail = client_for(world.officer).get(f"/events/{ew.event.pk}/").content.decode()
    assert 'id="pending-offers"' in detail and "1 offer to answer" in detail


def test_the_interpreter_keeps_seeing_the_event_and_the_offer_but_cannot_confirm_it(
        world: Any, ew: Any, freelance: Any, client_for: Any) -> None:
    offer = services.offer_interpreting(ew.event, by=freelance, languages=["zh", "he"])
    services.set_status(ew.event, by=world.officer, status=Event.Status.REQUESTS)
    client = client_for(freelance)
    assert client.get(f"/events/{ew.event.pk}/").status_code == 200
    assert client.get(f"/events/{ew.event.pk}/interpret/").status_code == 200
    assert client.post(f"/events/interpreters/{offer.pk}/confirm/").status_code == 403
    assert client_for(world.outsider).get(f"/events/{ew.event.pk}/").status_code == 404
    assert client_for(world.other_officer).post(f"/events/interpreters/{offer.pk}/confirm/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == Interpreter.Status.OFFERED


def test_the_api_offers_and_the_host_office_confirms(world: Any, ew: Any, freelance: Any, client_for: Any) -> None:
    offered = client_for(freelance).post(f"/api/events/{ew.event.pk}/interpreters", json.dumps({
        "languages": ["zh", "he"], "unavailable_sessions": [ew.am.pk]}), content_type="application/json")
    assert offered.status_code == 201
    assert offered.json()["status"] == "offered" and offered.json()["unavailable_sessions"] == [ew.am.pk]
    answered = client_for(world.officer).post(f"/api/events/interpreters/{offered.json()['id']}/answer",
                                              json.dumps({"confirm": True}), content_type="application/json")
    assert answered.status_code == 200 and answered.json()["status"] == "confirmed"


def test_the_api_names_the_bad_field_and_saves_nothing(ew: Any, freelance: Any, client_for: Any) -> None:
    response = client_for(freelance).post(f"/api/events/{ew.event.pk}/interpreters", json.dumps({
        "languages": ["zh", "klingon"], "unavailable_sessions": [999999]}), content_type="application/json")
    assert response.status_code == 422
    assert {"languages", "unavailable_sessions"} <= set(response.json()["errors"])
    assert not Interpreter.objects.filter(user=freelance).exists()
