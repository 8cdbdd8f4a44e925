"""Two calendars, recommendations in the participant marketplace, API validation, the demo
delegation."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import translation

from liaison.events import calendars
from liaison.events.models import Event, Meeting, MeetingRequest, Registration
from liaison.events.recommend import recommendations


@translation.override("en")
def test_a_sunday_is_off_in_beijing_but_not_in_tel_aviv_and_friday_the_reverse() -> None:
    assert calendars.day_off(dt.date(2026, 5, 10), "CN") == "weekend"
    assert calendars.day_off(dt.date(2026, 5, 10), "IL") is None
    assert calendars.day_off(dt.date(2026, 5, 8), "IL") == "weekend"
    assert calendars.day_off(dt.date(2026, 5, 8), "CN") is None


@translation.override("en")
def test_holidays_of_both_countries_are_known() -> None:
    assert calendars.day_off(dt.date(2026, 10, 1), "CN") == "National Day"
    assert calendars.day_off(dt.date(2026, 9, 21), "IL") == "Yom Kippur"


def test_holiday_names_follow_the_viewer_language_where_the_library_has_it() -> None:
    with translation.override("zh-hans"):
        assert calendars.day_off(dt.date(2027, 10, 1), "CN") == "国庆节"
        assert calendars.day_off(dt.date(2027, 10, 11), "IL") == "Yom Kippur"  # no Chinese names for Israel
    with translation.override("he"):
        assert calendars.day_off(dt.date(2027, 10, 11), "IL") == "יום כיפור"
        assert calendars.day_off(dt.date(2027, 10, 1), "CN") == "National Day"  # no Hebrew names for China


@translation.override("en")
def test_a_chinese_adjusted_working_sunday_is_not_a_day_off() -> None:
    sunday = dt.date(2026, 9, 20)  # worked in China to bridge National Day 2026
    assert sunday.weekday() == 6 and calendars.adjusted_working_day(sunday, "CN")
    assert calendars.day_off(sunday, "CN") is None
    assert calendars.day_off(dt.date(2026, 9, 27), "CN") == "weekend"  # an ordinary Sunday


@translation.override("en")
def test_national_day_and_yom_kippur_2027_are_flagged_by_the_planning_warning(
        world: Any, client_for: Any) -> None:
    from liaison.events import services

    event = services.create_event(by=world.officer, data=dict(
        title="Autumn visit", partner_ecosystem=world.sc.ecosystems["tel-aviv"],
        start_date=dt.date(2027, 9, 30), end_date=dt.date(2027, 10, 11), timezone="Asia/Jerusalem"))
    off = {(d.date, d.country): d.reason for d in calendars.days_off(event)}
    assert off[(dt.date(2027, 10, 1), "CN")] == "National Day"
    assert off[(dt.date(2027, 10, 11), "IL")] == "Yom Kippur"
    assert off[(dt.date(2027, 10, 1), "IL")] == "weekend"  # a Friday: Israel's weekend
    page = client_for(world.officer).get(f"/events/{event.pk}/").content.decode()
    assert "2027-10-01 · CN · National Day" in page and "2027-10-11 · IL · Yom Kippur" in page


@translation.override("en")
def test_the_event_page_names_a_weekend_day_worked_in_china(world: Any, client_for: Any) -> None:
    from liaison.events import services

    event = services.create_event(by=world.officer, data=dict(
        title="September visit", partner_ecosystem=world.sc.ecosystems["tel-aviv"],
        start_date=dt.date(2026, 9, 20), end_date=dt.date(2026, 9, 20), timezone="Asia/Shanghai"))
    assert [(d.date, d.country) for d in calendars.working_weekends(event)] == [(dt.date(2026, 9, 20), "CN")]
    page = client_for(world.officer).get(f"/events/{event.pk}/").content.decode()
    assert 'id="working-weekends"' in page and "2026-09-20 · CN · adjusted working day" in page


@translation.override("en")
def test_planning_warns_about_days_off_for_either_side(ew: Any, world: Any, client_for: Any) -> None:
    off = calendars.days_off(ew.event)  # Sunday 10 and Monday 11 May 2026
    assert [(d.date, d.country) for d in off] == [(dt.date(2026, 5, 10), "CN")]
    page = client_for(world.officer).get(f"/events/{ew.event.pk}/").content.decode()
    assert 'id="days-off"' in page and "2026-05-10 · CN" in page


@translation.override("en")
def test_times_are_shown_on_the_event_clock_with_the_viewer_home_time_beside(ew: Any, world: Any) -> None:
    moment = dt.datetime(2026, 5, 10, 6, 0, tzinfo=dt.UTC)
    beijing = calendars.viewer_timezone(world.member, ew.event)
    assert str(beijing) == "Asia/Shanghai"
    assert calendars.both_times(moment, beijing, ew.event) == "2026-05-10 09:00 (14:00 in Asia/Shanghai)"
    # Past midnight at home: the home time says which day.
    late = dt.datetime(2026, 5, 10, 17, 0, tzinfo=dt.UTC)
    assert calendars.both_times(late, beijing, ew.event) == "2026-05-10 20:00 (2026-05-11 01:00 in Asia/Shanghai)"
    tel_aviv = calendars.viewer_timezone(world.other_member, ew.event)
    assert calendars.both_times(moment, tel_aviv, ew.event) == "2026-05-10 09:00"


def test_recommendations_rank_other_participants_with_reasons(ew: Any) -> None:
    recs = recommendations(ew.home)
    assert recs and all(r.registration.pk != ew.home.pk for r in recs)
    assert {r.registration.pk for r in recs} <= {ew.partner.pk, ew.third.pk}
    assert all(r.score > 0 for r in recs)


def test_participant_page_shows_recommendations(ew: Any, world: Any, client_for: Any) -> None:
    page = client_for(world.member).get(f"/events/{ew.event.pk}/participants/").content.decode()
    assert 'id="recommendations"' in page and "Negev Battery Labs" in page


def test_api_event_creation_gives_per_field_errors_and_saves_nothing(world: Any, client_for: Any) -> None:
    client = client_for(world.officer)
    response = client.post("/api/events", json.dumps({
        "title": "", "start_date": "2026-09-02", "end_date": "2026-09-01", "timezone": "Mars/Olympus",
    }), content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"title", "end_date", "timezone"} <= set(errors)
    assert not Event.objects.exists()


def test_api_registration_rejects_unknown_languages(ew: Any, world: Any, client_for: Any) -> None:
    from tests.factories import make_organization

    org = make_organization(world.sc, ecosystem="beijing", name="Another Beijing firm")
    response = client_for(world.officer).post(
        f"/api/events/{ew.event.pk}/registrations",
        json.dumps({"organization": org.pk, "attendees": [{"name": "Wu", "languages": ["klingon"]}]}),
        content_type="application/json")
    assert response.status_code == 422 and "attendees" in response.json()["errors"]
    assert not Registration.objects.filter(organization=org).exists()


def test_api_request_and_answer(ew: Any, world: Any, client_for: Any) -> None:
    sent = client_for(world.member).post(f"/api/events/{ew.event.pk}/requests",
                                         json.dumps({"recipient": ew.partner.pk, "priority": 3}),
                                         content_type="application/json")
    assert sent.status_code == 201 and sent.json()["priority"] == 3
    answered = client_for(world.other_member).post(f"/api/events/requests/{sent.json()['id']}/answer",
                                                   json.dumps({"accept": True}), content_type="application/json")
    assert answered.json()["status"] == "accepted"
    assert Meeting.objects.filter(a=ew.home, b=ew.partner).count() == 1


def test_the_register_page_registers_with_per_field_errors(ew: Any, world: Any, client_for: Any) -> None:
    from tests.factories import make_organization

    org = make_organization(world.sc, ecosystem="beijing", name="Page Beijing firm")
    from liaison.accounts.models import Membership

    Membership.objects.create(user=world.outsider, organization=org, role="owner")
    client = client_for(world.outsider)
    bad = client.post(f"/events/{ew.event.pk}/register/", {"organization": org.pk})
    assert bad.status_code == 422 and "attendee_name-errors" in bad.content.decode()
    good = client.post(f"/events/{ew.event.pk}/register/", {
        "organization": org.pk, "attendee_name": "周杰", "attendee_languages": ["zh", "en"],
        "unavailable_sessions": [ew.pm.pk]})
    assert good.status_code == 302
    reg = Registration.objects.get(organization=org)
    assert list(reg.unavailable_sessions.all()) == [ew.pm] and reg.languages() == {"zh", "en"}


@pytest.mark.slow
def test_demo_delegation_has_about_120_participants_and_their_requests(db: Any) -> None:
    from liaison.demo.delegation import seed_demo_delegation

    event = seed_demo_delegation()
    assert seed_demo_delegation().pk == event.pk  # idempotent
    assert event.registrations.count() == 120
    assert event.requests.count() > 350
    assert event.meetings.count() == event.requests.filter(status=MeetingRequest.Status.ACCEPTED).count()
    assert event.interpreters.count() >= 4 and event.tables.count() == 30
    assert event.status == Event.Status.REQUESTS


def test_schedule_page_moves_a_meeting_or_says_which_rule_it_breaks(ew: Any, world: Any, client_for: Any) -> None:
    from liaison.events import services
    from liaison.events.models import Slot
    from tests.events.conftest import accept

    m1 = accept(world.member, world.other_member, ew.home, ew.partner)
    m2 = accept(world.member, world.officer, ew.home, ew.third)
    slots = list(Slot.objects.filter(session=ew.am))
    table_a, table_b, _t3 = list(ew.event.tables.all())
    services.move_meeting(m1, by=world.officer, slot=slots[0], table=table_a)
    services.move_meeting(m2, by=world.officer, slot=slots[1], table=table_b)
    client = client_for(world.officer)
    page = client.get(f"/events/{ew.event.pk}/schedule/?move={m2.pk}").content.decode()
    assert 'id="move"' in page and "09:00" in page  # slots in the event's time zone
    refused = client.post(f"/events/meetings/{m2.pk}/move/", {"slot": slots[0].pk, "table": table_b.pk}, follow=True)
    assert "This move breaks a rule" in refused.content.decode()
    assert Meeting.objects.get(pk=m2.pk).slot_id == slots[1].pk
    client.post(f"/events/meetings/{m2.pk}/move/", {"slot": slots[2].pk, "table": table_b.pk})
    assert Meeting.objects.get(pk=m2.pk).slot_id == slots[2].pk


def test_recommendation_reasons_name_the_shared_sectors_in_the_readers_language(ew: Any) -> None:
    with translation.override("zh-hans"):
        chinese = [reason for r in recommendations(ew.home) for reason in r.reasons]
    with translation.override("he"):
        hebrew = [reason for r in recommendations(ew.home) for reason in r.reasons]
    assert any("能源与储能" in reason for reason in chinese)
    assert any("אנרגיה ואגירה" in reason for reason in hebrew)
    assert not any("energy" in reason for reason in chinese + hebrew)  # never the raw sector code
