"""Availability per person: a firm is available in a session when at least one of its
attendees is; a registration without attendees keeps its own setting. The scheduler, the
pages and the API all read it the same way, and a change by one person triggers a re-plan."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from liaison.events import services
from liaison.events.models import Attendee, Meeting, Registration, Slot
from liaison.events.planner import build_instance, load_rows, registration_code, slot_code
from liaison.notifications.models import Notification
from tests.events.conftest import accept, schedule_now
from tests.factories import make_organization


def _slot_codes(session: Any) -> frozenset[str]:
    return frozenset(slot_code(s.pk) for s in Slot.objects.filter(session=session))


def _unavailable_in_plan(event: Any, registration: Any) -> frozenset[str]:
    instance = build_instance(event, load_rows(event))
    return next(p.unavailable for p in instance.participants if p.id == registration_code(registration.pk))


def _two_people(world: Any, ew: Any, *, first: list[Any], second: list[Any]) -> Registration:
    org = make_organization(world.sc, ecosystem="tel-aviv", name="Two People Ltd")
    return services.register(ew.event, by=world.officer, organization=org, attendees=[
        {"name": "Avi", "languages": ["he"], "unavailable_sessions": first},
        {"name": "Maya", "languages": ["en"], "unavailable_sessions": second},
    ])


def test_a_firm_is_unavailable_only_where_none_of_its_people_can_come(world: Any, ew: Any) -> None:
    reg = _two_people(world, ew, first=[ew.am], second=[ew.am, ew.pm])
    assert Registration.objects.get(pk=reg.pk).unavailable_session_ids() == {ew.am.pk}
    assert _unavailable_in_plan(ew.event, reg) == _slot_codes(ew.am)


def test_a_firm_with_one_person_free_in_every_session_is_available_everywhere(world: Any, ew: Any) -> None:
    reg = _two_people(world, ew, first=[ew.am], second=[ew.pm])
    assert _unavailable_in_plan(ew.event, reg) == frozenset()


def test_people_registered_without_their_own_answer_take_the_firms_sessions(world: Any, ew: Any) -> None:
    org = make_organization(world.sc, ecosystem="tel-aviv", name="Firm Answer Ltd")
    reg = services.register(ew.event, by=world.officer, organization=org, unavailable_sessions=[ew.pm],
                            attendees=[{"name": "A", "languages": ["en"]}, {"name": "B", "languages": ["he"]}])
    assert [list(a.unavailable_sessions.all()) for a in reg.attendees.all()] == [[ew.pm], [ew.pm]]
    assert list(reg.unavailable_sessions.all()) == [ew.pm]
    assert _unavailable_in_plan(ew.event, reg) == _slot_codes(ew.pm)


def test_a_registration_without_attendees_keeps_its_own_setting(world: Any, ew: Any) -> None:
    ew.partner.attendees.all().delete()
    ew.partner.unavailable_sessions.set([ew.am])
    assert _unavailable_in_plan(ew.event, ew.partner) == _slot_codes(ew.am)


def test_the_migration_gives_each_attendee_the_sessions_their_registration_could_not_attend(
        world: Any, ew: Any) -> None:
    migration = importlib.import_module("liaison.events.migrations.0002_attendee_availability_interpreter_offers")
    reg = _two_people(world, ew, first=[], second=[])
    reg.unavailable_sessions.set([ew.pm])  # as it was stored before availability per person
    migration.copy_registration_availability(apps, None)
    assert [list(a.unavailable_sessions.all()) for a in reg.attendees.all()] == [[ew.pm], [ew.pm]]
    assert _unavailable_in_plan(ew.event, reg) == _slot_codes(ew.pm)
    assert list(ew.home.attendees.get().unavailable_sessions.all()) == []  # home had no sessions off


def _published_meeting(world: Any, ew: Any) -> Meeting:
    meeting = accept(world.member, world.other_member, ew.home, ew.partner)
    schedule_now(ew.event, world.officer)
    services.publish_schedule(ew.event, by=world.officer)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    return meeting


def test_one_person_changing_availability_then_a_re_plan_moves_the_meeting(world: Any, ew: Any) -> None:
    meeting = _published_meeting(world, ew)
    session = meeting.slot.session
    dana = ew.partner.attendees.get()
    clashing = services.change_availability(ew.partner, by=world.other_member,
                                            per_attendee={dana.pk: [session]})
    assert clashing == [meeting]
    assert Notification.objects.filter(user=world.officer, kind="events.availability").count() == 1
    run = schedule_now(ew.event, world.officer)
    meeting.refresh_from_db()
    assert run.replan and run.objective["moved"] == 1
    assert meeting.status == Meeting.Status.SCHEDULED and meeting.slot.session_id != session.pk
    assert meeting.sequence == 1


def test_one_person_away_does_not_clash_while_a_colleague_can_come(world: Any, ew: Any) -> None:
    meeting = _published_meeting(world, ew)
    colleague = Attendee.objects.create(registration=ew.partner, name="Colleague", languages=["he"])
    dana = ew.partner.attendees.get(name="Dana Levi")
    clashing = services.change_availability(ew.partner, by=world.other_member,
                                            per_attendee={dana.pk: [meeting.slot.session]})
    assert clashing == []
    assert not Notification.objects.filter(kind="events.availability").exists()
    assert list(colleague.unavailable_sessions.all()) == []


def test_an_attendee_of_another_registration_is_refused_and_nothing_is_saved(world: Any, ew: Any) -> None:
    dana = ew.partner.attendees.get()
    wang = ew.home.attendees.get()
    with pytest.raises(ValidationError) as err:
        services.change_availability(ew.partner, by=world.officer,
                                     per_attendee={dana.pk: [ew.am], wang.pk: [ew.am]})
    assert "attendees" in err.value.message_dict
    assert list(dana.unavailable_sessions.all()) == [] and list(wang.unavailable_sessions.all()) == []


def test_the_availability_page_asks_each_person_and_saves_their_answer(world: Any, ew: Any,
                                                                      client_for: Any) -> None:
    colleague = Attendee.objects.create(registration=ew.partner, name="Yossi Katz", languages=["en"])
    dana = ew.partner.attendees.get(name="Dana Levi")
    client = client_for(world.other_member)
    url = f"/events/registrations/{ew.partner.pk}/availability/"
    page = client.get(url).content.decode()
    assert "sessions Dana Levi cannot attend" in page and "sessions Yossi Katz cannot attend" in page
    response = client.post(url, {f"attendee_{dana.pk}": [ew.am.pk, ew.pm.pk], f"attendee_{colleague.pk}": [ew.pm.pk]})
    assert response.status_code == 302
    assert set(dana.unavailable_sessions.all()) == {ew.am, ew.pm}
    assert list(colleague.unavailable_sessions.all()) == [ew.pm]
    assert Registration.objects.get(pk=ew.partner.pk).unavailable_session_ids() == {ew.pm.pk}


def test_the_availability_page_refuses_a_session_of_another_event_naming_the_field(
        world: Any, ew: Any, client_for: Any) -> None:
    other = services.create_event(by=world.officer, data=dict(
        title="Other", start_date=dt.date(2026, 5, 10), end_date=dt.date(2026, 5, 10)))
    foreign = services.add_session(other, by=world.officer, name="x", date=dt.date(2026, 5, 10),
                                   start_time=dt.time(9), end_time=dt.time(10))
    dana = ew.partner.attendees.get()
    response = client_for(world.other_member).post(
        f"/events/registrations/{ew.partner.pk}/availability/", {f"attendee_{dana.pk}": [ew.am.pk, foreign.pk]})
    assert response.status_code == 422 and f"attendee_{dana.pk}-errors" in response.content.decode()
    assert list(dana.unavailable_sessions.all()) == []


def test_the_register_page_takes_each_persons_sessions(ew: Any, world: Any, client_for: Any) -> None:
    response = client_for(world.officer).post(f"/events/{ew.event.pk}/register/", {
        "organization": make_organization(world.sc, ecosystem="tel-aviv", name="Page Two Ltd").pk,
        "attendee_name": "Ruth", "attendee_languages": ["he"], "attendee_unavailable": [ew.am.pk],
        "second_attendee": "Omer", "second_languages": ["en"], "second_unavailable": [ew.am.pk, ew.pm.pk]})
    assert response.status_code == 302
    reg = Registration.objects.get(organization__name="Page Two Ltd")
    people = {a.name: {s.pk for s in a.unavailable_sessions.all()} for a in reg.attendees.all()}
    assert people == {"Ruth": {ew.am.pk}, "Omer": {ew.am.pk, ew.pm.pk}}
    assert reg.unavailable_session_ids() == {ew.am.pk}


def test_the_register_page_asks_for_the_second_persons_name_when_their_answers_are_given(
        ew: Any, world: Any, client_for: Any) -> None:
    org = make_organization(world.sc, ecosystem="tel-aviv", name="Nameless Ltd")
    response = client_for(world.officer).post(f"/events/{ew.event.pk}/register/", {
        "organization": org.pk, "attendee_name": "Ruth", "attendee_languages": ["he"],
        "second_unavailable": [ew.pm.pk]})
    assert response.status_code == 422 and "second_attendee-errors" in response.content.decode()
    assert not Registration.objects.filter(organization=org).exists()


def test_the_api_registers_and_changes_availability_per_person(world: Any, ew: Any, client_for: Any) -> None:
    client = client_for(world.officer)
    org = make_organization(world.sc, ecosystem="tel-aviv", name="Api People Ltd")
    created = client.post(f"/api/events/{ew.event.pk}/registrations", json.dumps({
        "organization": org.pk, "attendees": [
            {"name": "Noa", "languages": ["he"], "unavailable_sessions": [ew.am.pk]},
            {"name": "Eli", "languages": ["en"], "unavailable_sessions": [ew.am.pk, ew.pm.pk]}]}),
        content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["unavailable_sessions"] == [ew.am.pk]
    eli = next(a for a in body["attendees"] if a["name"] == "Eli")
    changed = client.put(f"/api/events/registrations/{body['id']}/availability",
                         json.dumps({"attendees": [{"id": eli["id"], "unavailable_sessions": []}]}),
                         content_type="application/json")
    assert changed.status_code == 200
    assert changed.json()["registration"]["unavailable_sessions"] == []
    assert changed.json()["clashing_meetings"] == []


def test_the_api_refuses_an_unknown_session_naming_the_field_and_saves_nothing(
        world: Any, ew: Any, client_for: Any) -> None:
    dana = ew.partner.attendees.get()
    response = client_for(world.other_member).put(
        f"/api/events/registrations/{ew.partner.pk}/availability",
        json.dumps({"attendees": [{"id": dana.pk, "unavailable_sessions": [ew.am.pk, 999999]}]}),
        content_type="application/json")
    assert response.status_code == 422 and "attendees" in response.json()["errors"]
    assert list(dana.unavailable_sessions.all()) == []
    org = make_organization(world.sc, ecosystem="tel-aviv", name="Api Bad Session Ltd")
    bad = client_for(world.officer).post(f"/api/events/{ew.event.pk}/registrations", json.dumps({
        "organization": org.pk, "attendees": [{"name": "Noa", "unavailable_sessions": [999999]}]}),
        content_type="application/json")
    assert bad.status_code == 422 and "attendees" in bad.json()["errors"]
    assert not Registration.objects.filter(organization=org).exists()


def test_the_schedule_page_flags_a_meeting_none_of_a_firms_people_can_attend(
        world: Any, ew: Any, client_for: Any) -> None:
    meeting = _published_meeting(world, ew)
    dana = ew.partner.attendees.get()
    Attendee.objects.create(registration=ew.partner, name="Colleague", languages=["he"])
    services.change_availability(ew.partner, by=world.other_member, per_attendee={dana.pk: [meeting.slot.session]})
    client = client_for(world.officer)
    assert 'id="stale"' not in client.get(f"/events/{ew.event.pk}/schedule/").content.decode()
    services.change_availability(ew.partner, by=world.other_member, unavailable_sessions=[meeting.slot.session])
    assert 'id="stale"' in client.get(f"/events/{ew.event.pk}/schedule/").content.decode()
