"""Event services: registration, requests, scheduling, moves, publication, re-planning."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liaison.events import services
from liaison.events.models import Meeting, MeetingRequest, Registration, Slot
from liaison.notifications.models import Notification
from tests.events.conftest import accept, schedule_now
from tests.factories import make_organization


def test_a_session_is_cut_into_slots_in_the_event_time_zone(ew: Any) -> None:
    slots = list(Slot.objects.filter(session=ew.am))
    assert len(slots) == 4
    assert slots[0].starts_at == dt.datetime(2026, 5, 10, 6, 0, tzinfo=dt.UTC)  # 09:00 IDT
    assert slots[-1].ends_at == dt.datetime(2026, 5, 10, 8, 0, tzinfo=dt.UTC)


def test_a_session_outside_the_event_days_is_refused(world: Any, ew: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.add_session(ew.event, by=world.officer, name="x", date=dt.date(2026, 6, 1),
                             start_time=dt.time(9), end_time=dt.time(10))
    assert "date" in err.value.message_dict


def test_a_member_registers_only_their_own_organization(world: Any, ew: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.register(ew.event, by=world.member, organization=world.partner_firm,
                          attendees=[{"name": "x"}])
    assert "organization" in err.value.message_dict


def test_an_officer_of_another_office_registers_only_its_own_firms(world: Any, ew: Any) -> None:
    # (#17 item 1: the office of a firm acts for it; see tests/events/test_two_offices.py)
    newcomer = make_organization(world.sc, ecosystem="beijing", name="Beijing Newcomer")
    with pytest.raises(ValidationError) as caught:
        services.register(ew.event, by=world.other_officer, organization=newcomer,
                          attendees=[{"name": "x", "languages": ["en"]}])
    assert list(caught.value.message_dict) == ["organization"]


def test_a_request_notifies_the_recipient_and_acceptance_creates_a_meeting(world: Any, ew: Any) -> None:
    req = services.send_request(by=world.member, requester=ew.home, recipient=ew.partner, priority=3,
                                message="储能合作")
    note = Notification.objects.get(user=world.other_member, kind="events.request")
    assert note.url == f"/events/{ew.event.pk}/requests/"
    meeting = services.answer_request(req, by=world.other_member, accept=True)
    assert meeting is not None and meeting.priority == 3 and meeting.status == Meeting.Status.ACCEPTED
    assert Notification.objects.get(user=world.member, kind="events.answer").url == f"/events/{ew.event.pk}/requests/"


def test_only_the_recipient_answers_a_request(world: Any, ew: Any) -> None:
    req = services.send_request(by=world.member, requester=ew.home, recipient=ew.partner)
    with pytest.raises(PermissionDenied):
        services.answer_request(req, by=world.member, accept=True)


def test_requests_are_capped_per_participant(world: Any, ew: Any) -> None:
    ew.event.request_cap = 1
    ew.event.save()
    services.send_request(by=world.member, requester=ew.home, recipient=ew.partner)
    with pytest.raises(ValidationError) as err:
        services.send_request(by=world.member, requester=ew.home, recipient=ew.third)
    assert "limit" in str(err.value)
    assert MeetingRequest.objects.filter(requester=ew.home).count() == 1


def test_a_duplicate_or_reverse_request_is_refused(world: Any, ew: Any) -> None:
    services.send_request(by=world.member, requester=ew.home, recipient=ew.partner)
    with pytest.raises(ValidationError):
        services.send_request(by=world.other_member, requester=ew.partner, recipient=ew.home)


def test_unanswered_requests_get_one_reminder_then_expire(world: Any, ew: Any) -> None:
    req = services.send_request(by=world.member, requester=ew.home, recipient=ew.partner)
    soon = req.expires_at - dt.timedelta(days=1)
    assert services.expire_requests(now=soon) == (1, 0)
    assert services.expire_requests(now=soon) == (0, 0)
    assert Notification.objects.filter(user=world.other_member, kind="events.request_reminder").count() == 1
    assert services.expire_requests(now=req.expires_at + dt.timedelta(seconds=1)) == (0, 1)
    req.refresh_from_db()
    assert req.status == MeetingRequest.Status.EXPIRED


def _three_meetings(world: Any, ew: Any) -> list[Any]:
    return [
        accept(world.member, world.other_member, ew.home, ew.partner, 3),
        accept(world.member, world.officer, ew.home, ew.third, 2),
        accept(world.other_member, world.officer, ew.partner, ew.third, 1),
    ]


def test_the_scheduler_places_every_meeting_with_an_interpreter_where_needed(world: Any, ew: Any) -> None:
    meetings = _three_meetings(world, ew)
    run = schedule_now(ew.event, world.officer)
    assert run.status == "done" and run.objective["scheduled"] == 3
    for m in meetings:
        m.refresh_from_db()
        assert m.status == Meeting.Status.SCHEDULED and m.slot_id and m.table_id
    # 王芳 speaks only Chinese; her counterparts speak Hebrew: an interpreter is needed
    assert meetings[0].interpreter_id == ew.interpreter.pk and meetings[0].languages == ["he", "zh"]
    assert meetings[2].interpreter_id is None  # both sides speak Hebrew
    assert {meetings[0].slot_id, meetings[1].slot_id} != {None} and meetings[0].slot_id != meetings[1].slot_id


def test_a_manual_move_that_double_books_is_refused_with_the_rule_named(world: Any, ew: Any) -> None:
    m1, m2, _m3 = _three_meetings(world, ew)
    schedule_now(ew.event, world.officer)
    m1.refresh_from_db()
    m2.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        services.move_meeting(m2, by=world.officer, slot=m1.slot, table=m2.table)
    assert "double-booked" in str(err.value) and "京华储能科技有限公司" in str(err.value)
    m2.refresh_from_db()
    assert m2.slot_id != m1.slot_id


def test_a_valid_manual_move_is_saved(world: Any, ew: Any) -> None:
    m1, *_ = _three_meetings(world, ew)
    schedule_now(ew.event, world.officer)
    m1.refresh_from_db()
    busy = set(Meeting.objects.filter(status="scheduled").values_list("slot_id", flat=True))
    free = Slot.objects.filter(session=ew.pm).exclude(pk__in=busy).first()
    services.move_meeting(m1, by=world.officer, slot=free, table=m1.table)
    m1.refresh_from_db()
    assert m1.slot_id == free.pk and m1.interpreter_id == ew.interpreter.pk


def test_a_locked_meeting_stays_where_it_is_on_a_re_plan(world: Any, ew: Any) -> None:
    m1, *_ = _three_meetings(world, ew)
    schedule_now(ew.event, world.officer)
    m1.refresh_from_db()
    last = Slot.objects.filter(session=ew.pm).last()
    services.move_meeting(m1, by=world.officer, slot=last, table=m1.table)
    services.set_locked(m1, by=world.officer, locked=True)
    schedule_now(ew.event, world.officer)
    m1.refresh_from_db()
    assert m1.slot_id == last.pk and m1.status == Meeting.Status.SCHEDULED


def test_publication_notifies_participants_and_a_re_plan_moves_few_meetings(world: Any, ew: Any) -> None:
    meetings = _three_meetings(world, ew)
    schedule_now(ew.event, world.officer)
    services.publish_schedule(ew.event, by=world.officer)
    published = Notification.objects.get(user=world.member, kind="events.published")
    assert published.url == f"/events/{ew.event.pk}/agenda/"
    for m in meetings:
        m.refresh_from_db()
    before = {m.pk: m.slot_id for m in meetings}
    # the partner firm can no longer come in the session of its first meeting
    session = meetings[0].slot.session
    clashing = services.change_availability(ew.partner, by=world.other_member, unavailable_sessions=[session])
    assert meetings[0] in clashing
    run = schedule_now(ew.event, world.officer)
    assert run.replan and run.objective["scheduled"] == 3
    moved = [m for m in Meeting.objects.filter(pk__in=before) if m.slot_id != before[m.pk]]
    assert 1 <= len(moved) <= 2
    for m in moved:
        assert m.sequence == 1 and m.published_slot_id == m.slot_id
    assert Notification.objects.filter(kind="events.replanned").exists()
    untouched = [m for m in Meeting.objects.filter(pk__in=before) if m.slot_id == before[m.pk]]
    assert all(m.sequence == 0 for m in untouched)


def test_a_cancelled_meeting_gets_a_new_sequence_after_publication(world: Any, ew: Any) -> None:
    m1, *_ = _three_meetings(world, ew)
    schedule_now(ew.event, world.officer)
    services.publish_schedule(ew.event, by=world.officer)
    m1.refresh_from_db()
    services.cancel_meeting(m1, by=world.other_member)
    m1.refresh_from_db()
    assert m1.status == Meeting.Status.CANCELLED and m1.sequence == 1


def test_check_in_outcome_and_feedback(world: Any, ew: Any, client_for: Any) -> None:
    m1, *_ = _three_meetings(world, ew)
    schedule_now(ew.event, world.officer)
    services.publish_schedule(ew.event, by=world.officer)
    services.set_status(ew.event, by=world.officer, status="running")
    services.check_in(ew.home, by=world.officer)
    m1.refresh_from_db()
    services.record_outcome(m1, by=world.officer, outcome="held")
    fb = services.give_feedback(m1, by=world.member, registration=ew.home, useful=True, follow_up=True)
    assert Registration.objects.get(pk=ew.home.pk).checked_in_at <= timezone.now()
    assert Meeting.objects.get(pk=m1.pk).outcome == "held" and fb.follow_up
    with pytest.raises(ValidationError):
        services.give_feedback(m1, by=world.member, registration=ew.partner, useful=False, follow_up=False)
    day = client_for(world.officer).get(f"/events/{ew.event.pk}/day/").content.decode()
    assert "1 participants checked in · 1 meetings held · 0 no-shows · 1 feedback answers: 1 useful, 1 with a follow-up planned" in day


def test_a_late_meeting_is_placed_by_the_re_plan_without_moving_others(world: Any, ew: Any) -> None:
    meetings = _three_meetings(world, ew)[:2]
    schedule_now(ew.event, world.officer)
    services.publish_schedule(ew.event, by=world.officer)
    before = {m.pk: Meeting.objects.get(pk=m.pk).slot_id for m in meetings}
    late = services.add_meeting(ew.event, by=world.officer, a=ew.partner, b=ew.third, priority=3)
    run = schedule_now(ew.event, world.officer)
    assert run.objective["moved"] == 0 and run.objective["scheduled"] == 4
    assert {m.pk: Meeting.objects.get(pk=m.pk).slot_id for m in meetings} == before
    assert Meeting.objects.get(pk=late.pk).status == Meeting.Status.SCHEDULED
