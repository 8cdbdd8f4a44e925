"""Who may meet whom, caps and idle gaps (#17 items 4 and 8, #18's events side).

The event's pair rule and the host office's blocked pairs refuse a request (and an
officer's added meeting) on the field that names the other side; the per-firm meeting cap
is set in the event form and the API and reaches the solver; a request never expires after
the event's last day; the officer chooses how idle gaps are counted and sees "N idle gaps,
at least M needed" and when the time limit cut the search.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from liaison.common.errors import ValidationError
from liaison.events import services
from liaison.events.models import Event, MeetingRequest, SchedulingRun
from liaison.events.planner import build_instance, load_rows
from liaison.events.services.requests import request_expiry
from tests.events.conftest import accept, schedule_now

pytestmark = pytest.mark.django_db


def _set(event: Any, **fields: Any) -> Any:
    Event.objects.filter(pk=event.pk).update(**fields)
    return Event.objects.get(pk=event.pk)


def test_cross_border_only_refuses_two_firms_of_one_country(world: Any, ew: Any, client_for: Any) -> None:
    _set(ew.event, pairs=Event.Pairs.CROSS_BORDER)
    partner, third = (type(r).objects.get(pk=r.pk) for r in (ew.partner, ew.third))  # both Tel Aviv
    with pytest.raises(ValidationError) as caught:
        services.send_request(by=world.officer, requester=partner, recipient=third)
    assert caught.value.message_dict == {"recipient": ["This event pairs only firms of different countries."]}
    # the API says the same on the same field
    response = client_for(world.officer).post(
        f"/api/events/{ew.event.pk}/requests", json.dumps({"requester": partner.pk, "recipient": third.pk}),
        content_type="application/json")
    assert response.status_code == 422
    assert "This event pairs only firms of different countries." in response.content.decode()
    # Beijing with Tel Aviv is fine
    assert services.send_request(by=world.owner, requester=type(ew.home).objects.get(pk=ew.home.pk),
                                 recipient=partner).pk


def test_inbound_local_pairs_visitors_with_local_firms_only(world: Any, ew: Any) -> None:
    # outbound Beijing -> Tel Aviv: Tel Aviv firms are local, Beijing's are the visitors
    event = _set(ew.event, pairs=Event.Pairs.INBOUND_LOCAL)
    home, partner, third = (type(r).objects.get(pk=r.pk) for r in (ew.home, ew.partner, ew.third))
    with pytest.raises(ValidationError) as caught:
        services.send_request(by=world.officer, requester=partner, recipient=third)
    assert caught.value.message_dict == {"recipient": ["This event pairs only visitors with local firms."]}
    assert services.send_request(by=world.owner, requester=home, recipient=partner).event_id == event.pk
    with pytest.raises(ValidationError) as caught:
        services.add_meeting(event, by=world.officer, a=partner, b=third)
    assert list(caught.value.message_dict) == ["b"]


def test_a_blocked_pair_cannot_be_requested_either_way(world: Any, ew: Any) -> None:
    services.block_pair(ew.event, by=world.officer, a=ew.home, b=ew.partner)
    for requester, recipient, by in ((ew.home, ew.partner, world.owner), (ew.partner, ew.home, world.other_member)):
        with pytest.raises(ValidationError) as caught:
            services.send_request(by=by, requester=requester, recipient=recipient)
        assert caught.value.message_dict == {
            "recipient": ["The host office does not pair these two firms at this event."]}
    assert not MeetingRequest.objects.exists()
    with pytest.raises(Exception):  # noqa: B017,PT011 - only the host office blocks
        services.block_pair(ew.event, by=world.other_officer, a=ew.home, b=ew.third)


def test_the_meeting_cap_is_set_in_the_form_and_api_and_reaches_the_solver(
        world: Any, ew: Any, client_for: Any) -> None:
    client = client_for(world.officer)
    bad = client.post("/api/events", json.dumps({"title": "Visit", "start_date": "2026-09-01",
                                                 "end_date": "2026-09-01", "meeting_cap": 500}),
                      content_type="application/json")
    assert bad.status_code == 422 and "meeting_cap" in bad.content.decode()
    good = client.post("/api/events", json.dumps({"title": "Visit", "start_date": "2026-09-01",
                                                  "end_date": "2026-09-01", "meeting_cap": 2,
                                                  "breaks": "day"}), content_type="application/json")
    assert good.status_code == 201 and good.json()["meeting_cap"] == 2 and good.json()["breaks"] == "day"
    # the page's form saves it too
    page = client.get(f"/events/{ew.event.pk}/edit/")
    assert 'name="meeting_cap"' in page.content.decode() and 'name="breaks"' in page.content.decode()
    event = _set(ew.event, meeting_cap=3)
    type(ew.home).objects.filter(pk=ew.home.pk).update(max_meetings=1)
    instance = build_instance(event, load_rows(event))
    caps = {p.id: p.max_meetings for p in instance.participants}
    assert caps == {f"r{ew.home.pk}": 1, f"r{ew.partner.pk}": 3, f"r{ew.third.pk}": 3}
    # a firm's own cap through the API is bounded
    firm_cap = client.post(f"/api/events/{ew.event.pk}/registrations", json.dumps({
        "organization": world.partner_firm.pk, "attendees": [{"name": "X", "languages": ["en"]}],
        "max_meetings": 0}), content_type="application/json")
    assert firm_cap.status_code == 422 and "max_meetings" in firm_cap.content.decode()


def test_the_cap_is_honoured_by_the_schedule(world: Any, ew: Any) -> None:
    accept(world.owner, world.other_member, ew.home, ew.partner)
    accept(world.owner, world.officer, ew.home, ew.third)
    event = _set(ew.event, meeting_cap=1)
    run = schedule_now(event, world.officer)
    assert run.objective["scheduled"] == 1


def test_a_request_never_expires_after_the_events_last_day(world: Any, ew: Any) -> None:
    event = _set(ew.event, request_days=30)
    now = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    expiry = request_expiry(event, now=now)
    assert expiry.astimezone(event.tz).date() == dt.date(2026, 5, 11)  # the last day, on its clock
    early = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    assert request_expiry(event, now=early) == early + dt.timedelta(days=30)


def test_one_programme_per_day_reaches_the_solver(world: Any, ew: Any) -> None:
    event = _set(ew.event, breaks=Event.Breaks.DAY)
    assert build_instance(event, load_rows(event)).breaks == "day"
    event = _set(ew.event, breaks=Event.Breaks.SESSION)
    assert build_instance(event, load_rows(event)).breaks == "session"


def test_the_run_shows_idle_gaps_with_their_bound_and_a_cut_search(world: Any, ew: Any, client_for: Any) -> None:
    run = SchedulingRun.objects.create(
        event=ew.event, status="done", progress=1.0, solver_status="feasible", time_limit_cut=True,
        objective={"scheduled": 20, "priority": 40, "moved": 0, "breaks": 16},
        bound={"priority": 40, "breaks": 9}, finished_at=timezone.now())
    page = client_for(world.officer).get(f"/events/runs/{run.pk}/").content.decode()
    assert "16 idle gaps, at least 9 needed" in page
    assert "The time limit cut the search" in page
    SchedulingRun.objects.filter(pk=run.pk).update(time_limit_cut=False, bound={"priority": 40, "breaks": None})
    page = client_for(world.officer).get(f"/events/runs/{run.pk}/").content.decode()
    assert "16 idle gaps" in page and "at least" not in page and "time limit cut" not in page


def test_a_real_run_records_the_breaks_bound(world: Any, ew: Any) -> None:
    accept(world.owner, world.other_member, ew.home, ew.partner)
    run = schedule_now(ew.event, world.officer)
    assert run.status == "done"
    assert run.bound["breaks"] is not None and run.objective["breaks"] >= run.bound["breaks"]
    assert run.time_limit_cut is False
