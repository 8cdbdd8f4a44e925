"""One validation path for the other event writes: meeting requests, interpreters,
availability and tables are checked by their service, and the page and the API give its
message on the same field (the page flashes it where the form has no such field)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from liaison.events import services
from liaison.events.models import Event, Interpreter, MeetingRequest, Registration
from tests.factories import make_organization, make_user


def _flashed(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def elsewhere(world: Any) -> Registration:
    """A registration in another event of the same office."""
    other = services.create_event(by=world.officer, data=dict(
        title="Another visit", start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 6, 1)))
    services.set_status(other, by=world.officer, status=Event.Status.REGISTRATION)
    org = make_organization(world.sc, ecosystem="tel-aviv", name="Elsewhere Ltd")
    return services.register(other, by=world.officer, organization=org,
                             attendees=[{"name": "Gil", "languages": ["he"]}])


BAD_REQUESTS = {
    "an unknown priority": ({"priority": 7}, {"priority": ["Unknown priority."]}),
    "a message too long": ({"message": "x" * 2001}, {"message": ["A message has at most 2000 characters."]}),
    "a participant of another event": (
        {"recipient": "elsewhere"}, {"recipient": ["That participant is not registered in this event."]}),
    "oneself": ({"recipient": "home"}, {"recipient": ["You cannot request a meeting with yourself."]}),
}


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=list(BAD_REQUESTS))
def test_the_same_bad_request_gets_the_same_error_from_page_api_and_service(
        world: Any, ew: Any, elsewhere: Any, client_for: Any, case: str) -> None:
    change, expected = BAD_REQUESTS[case]
    recipients = {"partner": ew.partner, "home": ew.home, "elsewhere": elsewhere}
    request = {"recipient": "partner", "priority": 2, "message": "", **change}
    recipient = recipients[request["recipient"]]
    with pytest.raises(ValidationError) as err:
        services.send_request(by=world.member, requester=ew.home, recipient=recipient,
                              priority=request["priority"], message=request["message"])
    assert err.value.message_dict == expected
    body = {**request, "recipient": recipient.pk}
    api = client_for(world.member).post(f"/api/events/{ew.event.pk}/requests", json.dumps(body),
                                        content_type="application/json")
    assert api.status_code == 422 and api.json()["errors"] == expected
    page = client_for(world.member).post(f"/events/{ew.event.pk}/requests/new/", body, follow=True)
    assert _flashed(page) == [m for messages in expected.values() for m in messages]
    assert not MeetingRequest.objects.exists()


def test_an_unknown_participant_is_refused_on_the_recipient_field(world: Any, ew: Any, client_for: Any) -> None:
    api = client_for(world.member).post(f"/api/events/{ew.event.pk}/requests",
                                        json.dumps({"recipient": 999999}), content_type="application/json")
    assert api.json()["errors"] == {"recipient": ["That participant is not registered in this event."]}


def test_an_offer_with_one_language_gets_the_same_field_error_from_page_api_and_service(
        ew: Any, client_for: Any) -> None:
    expected = {"languages": ["An interpreter speaks at least two languages."]}
    freelance = make_user("freelance")
    with pytest.raises(ValidationError) as err:
        services.offer_interpreting(ew.event, by=freelance, languages=["zh"])
    assert err.value.message_dict == expected
    api = client_for(freelance).post(f"/api/events/{ew.event.pk}/interpreters",
                                     json.dumps({"languages": ["zh"]}), content_type="application/json")
    assert api.status_code == 422 and api.json()["errors"] == expected
    page = client_for(freelance).post(f"/events/{ew.event.pk}/interpret/", {"languages": ["zh"]})
    assert page.status_code == 422 and dict(page.context["form"].errors) == expected
    assert not Interpreter.objects.filter(user=freelance).exists()


def test_the_service_refuses_unknown_language_codes_the_api_used_to_check_alone(ew: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.offer_interpreting(ew.event, by=make_user("freelance"), languages=["zh", "klingon"])
    assert err.value.message_dict == {"languages": ["Unknown language code: klingon."]}


def test_a_nameless_interpreter_is_refused_on_the_name_field_by_page_and_service(
        world: Any, ew: Any, client_for: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.add_interpreter(ew.event, by=world.officer, name=" ", languages=["zh", "he"])
    assert err.value.message_dict == {"name": ["Give the interpreter's name."]}
    page = client_for(world.officer).post(f"/events/{ew.event.pk}/interpreters/",
                                          {"name": "", "languages": ["zh", "he"]})
    assert page.status_code == 422 and dict(page.context["form"].errors) == {
        "name": ["Give the interpreter's name."]}
    assert ew.event.interpreters.count() == 1


def test_a_persons_session_of_another_event_is_refused_on_attendees_by_api_and_service(
        world: Any, ew: Any, elsewhere: Any, client_for: Any) -> None:
    foreign = services.add_session(elsewhere.event, by=world.officer, name="x", date=dt.date(2026, 6, 1),
                                   start_time=dt.time(9), end_time=dt.time(10))
    dana = ew.partner.attendees.get()
    expected = {"attendees": ["A session of another event."]}
    with pytest.raises(ValidationError) as err:
        services.change_availability(ew.partner, by=world.other_member, per_attendee={dana.pk: [foreign]})
    assert err.value.message_dict == expected
    api = client_for(world.other_member).put(
        f"/api/events/registrations/{ew.partner.pk}/availability",
        json.dumps({"attendees": [{"id": dana.pk, "unavailable_sessions": [foreign.pk]}]}),
        content_type="application/json")
    assert api.status_code == 422 and api.json()["errors"] == expected
    assert list(dana.unavailable_sessions.all()) == []


def test_an_availability_change_naming_nothing_is_refused_by_api_and_service(
        world: Any, ew: Any, client_for: Any) -> None:
    expected = {"__all__": ["Give unavailable_sessions or attendees."]}
    with pytest.raises(ValidationError) as err:
        services.change_availability(ew.partner, by=world.other_member)
    assert err.value.message_dict == expected
    api = client_for(world.other_member).put(f"/api/events/registrations/{ew.partner.pk}/availability",
                                             json.dumps({}), content_type="application/json")
    assert api.status_code == 422 and api.json()["errors"] == expected


def test_a_table_name_too_long_is_refused_by_the_service_and_flashed_by_the_page(
        world: Any, ew: Any, client_for: Any) -> None:
    long_name = "T" * 61
    with pytest.raises(ValidationError) as err:
        services.add_tables(ew.event, by=world.officer, names=[long_name])
    assert err.value.message_dict == {"names": ["A table name has at most 60 characters."]}
    page = client_for(world.officer).post(f"/events/{ew.event.pk}/tables/", {"names": long_name}, follow=True)
    assert _flashed(page) == ["A table name has at most 60 characters."]
    assert ew.event.tables.count() == 3
