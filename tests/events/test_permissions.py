"""Every events page and endpoint against every role: HQ, the host office's officer, an
officer of another office, owner and member of a registered firm, a member of the other
registered firm, a signed-in outsider and an anonymous visitor.

The event is hosted by the Beijing office; its schedule is published; one meeting (home
firm – third firm) is placed; one request (home firm → partner firm) waits for an answer; a
freelance interpreter (none of the roles) has offered to interpret.

An event open for registration is visible to every signed-in user (interpreters find it), so
there a signed-in user without a role is refused an action with 403, not 404.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from liaison.events.models import Event, Meeting, MeetingRequest, SchedulingRun, Slot
from tests.factories import make_organization, make_user

ROLES = ["anon", "hq", "officer", "other_officer", "owner", "member", "other_member", "outsider"]


def _expect(row: str) -> dict[str, int]:
    return dict(zip(ROLES, (int(x) for x in row.split()), strict=True))


@pytest.fixture
def objects(world: Any, ew: Any) -> dict[str, Any]:
    from liaison.events import services

    event = ew.event
    draft = services.create_event(by=world.officer, data=dict(
        title="Draft visit", start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 9, 1)))
    slot = Slot.objects.filter(session=ew.am).first()
    table = event.tables.first()
    meeting = Meeting.objects.create(event=event, a=ew.home, b=ew.third, status="scheduled", slot=slot,
                                     table=table, published_slot=slot)
    req = MeetingRequest.objects.create(event=event, requester=ew.home, recipient=ew.partner,
                                        expires_at=timezone.now() + dt.timedelta(days=3))
    run = SchedulingRun.objects.create(event=event, status="done", progress=1.0)
    Event.objects.filter(pk=event.pk).update(published_at=timezone.now())
    newcomer = make_organization(world.sc, ecosystem="beijing", name="Newcomer Robotics")
    offer = services.offer_interpreting(event, by=make_user("freelance"), languages=["zh", "he"])
    return {"E": event, "D": draft, "RH": ew.home, "RP": ew.partner, "RT": ew.third, "M": meeting,
            "Q": req, "RUN": run, "S": slot, "T": table, "N": newcomer, "I": offer,
            "AH": ew.home.attendees.get(), "SN": ew.am}


def _user(world: Any, role: str) -> Any:
    return None if role == "anon" else world.users()[role]


def _set_status(event: Any, status: str) -> None:
    Event.objects.filter(pk=event.pk).update(status=status)


#                 status, method, url, body,                                      anon hq  off oth own mem om  out
PAGES = [
    ("requests", "get", "/events/", "", "302 200 200 200 200 200 200 200"),
    ("requests", "get", "/events/new/", "", "302 403 200 200 403 403 403 403"),
    ("requests", "get", "/events/{E}/", "", "302 200 200 200 200 200 200 404"),
    ("requests", "get", "/events/{D}/", "", "302 200 200 404 404 404 404 404"),
    ("requests", "get", "/events/{E}/edit/", "", "302 403 200 403 403 403 403 404"),
    ("requests", "post", "/events/{E}/sessions/", "name=x&date=2026-05-11&start_time=09:00&end_time=10:00",
     "302 403 302 403 403 403 403 404"),
    ("requests", "post", "/events/{E}/tables/", "names=T9", "302 403 302 403 403 403 403 404"),
    ("requests", "post", "/events/{E}/status/", "status=closed", "302 403 302 403 403 403 403 404"),
    ("requests", "get", "/events/{E}/interpreters/", "", "302 403 200 403 403 403 403 404"),
    ("registration", "get", "/events/{E}/register/", "", "302 403 200 200 200 200 200 403"),
    ("registration", "get", "/events/{E}/", "", "302 200 200 200 200 200 200 200"),
    ("registration", "get", "/events/{E}/interpret/", "", "302 200 403 200 200 200 200 200"),
    ("registration", "post", "/events/{E}/interpret/", "languages=zh&languages=he",
     "302 302 403 302 302 302 302 302"),
    ("requests", "get", "/events/{E}/interpret/", "", "302 403 403 403 403 403 403 404"),
    ("registration", "get", "/events/{D}/interpret/", "", "302 403 403 404 404 404 404 404"),
    ("registration", "post", "/events/interpreters/{I}/confirm/", "", "302 403 302 404 404 404 404 404"),
    ("registration", "post", "/events/interpreters/{I}/decline/", "", "302 403 302 404 404 404 404 404"),
    ("closed", "post", "/events/interpreters/{I}/confirm/", "", "302 403 403 404 404 404 404 404"),
    ("requests", "get", "/events/{E}/register/", "", "302 403 200 403 403 403 403 404"),
    ("requests", "get", "/events/{E}/participants/?recommend=0", "", "302 200 200 200 200 200 200 404"),
    ("requests", "get", "/events/{E}/requests/", "", "302 200 200 200 200 200 200 404"),
    ("requests", "post", "/events/{E}/requests/new/", "recipient={RT}&priority=2&as={RH}",
     "302 403 302 403 302 302 302 404"),
    ("requests", "post", "/events/requests/{Q}/accept/", "", "302 403 302 302 403 403 302 404"),
    ("requests", "post", "/events/requests/{Q}/decline/", "", "302 403 302 302 403 403 302 404"),
    ("requests", "get", "/events/{E}/schedule/", "", "302 200 200 403 403 403 403 404"),
    ("requests", "post", "/events/{E}/schedule/run/", "time_limit=2", "302 403 302 403 403 403 403 404"),
    ("requests", "post", "/events/{E}/schedule/publish/", "", "302 403 302 403 403 403 403 404"),
    ("requests", "post", "/events/{E}/meetings/new/", "a={RP}&b={RT}&priority=3", "302 403 302 403 403 403 403 404"),
    ("requests", "get", "/events/runs/{RUN}/", "", "302 200 200 404 404 404 404 404"),
    ("requests", "get", "/events/{E}/table-plan.pdf", "", "302 200 200 403 403 403 403 404"),
    ("requests", "get", "/events/{E}/interpreters.pdf", "", "302 200 200 403 403 403 403 404"),
    ("requests", "get", "/events/{E}/agenda/", "", "302 404 404 404 302 302 302 404"),
    ("requests", "get", "/events/registrations/{RH}/agenda/", "", "302 200 200 404 200 200 404 404"),
    ("requests", "get", "/events/registrations/{RH}/agenda.ics", "", "302 200 200 404 200 200 404 404"),
    ("requests", "get", "/events/registrations/{RH}/agenda.pdf", "", "302 200 200 404 200 200 404 404"),
    ("requests", "get", "/events/registrations/{RH}/availability/", "", "302 403 200 404 200 200 404 404"),
    ("requests", "post", "/events/registrations/{RH}/availability/", "attendee_{AH}={SN}",
     "302 403 302 404 302 302 404 404"),
    ("requests", "post", "/events/meetings/{M}/move/", "slot={S}&table={T}", "302 403 302 403 403 403 404 404"),
    ("requests", "post", "/events/meetings/{M}/lock/", "", "302 403 302 403 403 403 404 404"),
    ("requests", "post", "/events/meetings/{M}/cancel/", "", "302 403 302 302 302 302 404 404"),
    ("running", "get", "/events/{E}/day/", "", "302 403 200 403 403 403 403 404"),
    ("running", "post", "/events/registrations/{RH}/check-in/", "", "302 403 302 404 403 403 404 404"),
    ("running", "post", "/events/meetings/{M}/outcome/", "outcome=held", "302 403 302 403 403 403 404 404"),
    ("running", "get", "/events/meetings/{M}/feedback/", "", "302 403 200 200 200 200 404 404"),
    ("requests", "get", "/events/meetings/{M}/feedback/", "", "302 403 403 403 403 403 404 404"),
]


def _each_role(world: Any, client_for: Any, row: str, call: Any) -> None:
    """Call the page or endpoint as every role, each inside a rolled-back savepoint (so one
    role's write does not change what the next one meets)."""
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            response = call(client_for(_user(world, role)))
            transaction.set_rollback(True)
        if response.status_code != _expect(row)[role]:
            wrong.append(f"{role}: {response.status_code} (expected {_expect(row)[role]})")
        elif role == "anon" and response.status_code == 302:
            assert response["Location"].startswith("/login/")
    assert not wrong, wrong


@pytest.mark.parametrize(("status", "method", "url", "body", "row"), PAGES,
                         ids=[f"{s} {m} {u}" for s, m, u, _b, _r in PAGES])
def test_page_access(world: Any, objects: dict[str, Any], client_for: Any, status: str,
                     method: str, url: str, body: str, row: str) -> None:
    _set_status(objects["E"], status)
    ids = {k: v.pk for k, v in objects.items()}
    path = url.format(**ids)

    def call(client: Any) -> Any:
        if method == "get":
            return client.get(path)
        return client.post(path, body.format(**ids), content_type="application/x-www-form-urlencoded")

    _each_role(world, client_for, row, call)


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


#                                                                              anon hq  off oth own mem om  out
ENDPOINTS = [
    ("requests", "get", "/api/events", None, "401 200 200 200 200 200 200 200"),
    ("requests", "post", "/api/events", {"title": "Visit", "start_date": "2026-09-01", "end_date": "2026-09-02",
                                         "timezone": "Asia/Shanghai"}, "401 403 201 201 403 403 403 403"),
    ("requests", "get", "/api/events/{E}", None, "401 200 200 200 200 200 200 404"),
    ("requests", "get", "/api/events/{D}", None, "401 200 200 404 404 404 404 404"),
    ("requests", "get", "/api/events/{E}/registrations", None, "401 200 200 200 200 200 200 404"),
    ("registration", "post", "/api/events/{E}/registrations",
     {"organization": "{N}", "attendees": [{"name": "Zhang Wei", "languages": ["zh", "en"]}]},
     "401 403 201 422 422 422 422 403"),
    ("registration", "post", "/api/events/{E}/interpreters", {"languages": ["zh", "he"]},
     "401 201 403 201 201 201 201 201"),
    ("requests", "post", "/api/events/{E}/interpreters", {"languages": ["zh", "he"]},
     "401 403 403 403 403 403 403 404"),
    ("registration", "post", "/api/events/interpreters/{I}/answer", {"confirm": True},
     "401 403 200 404 404 404 404 404"),
    ("requests", "put", "/api/events/registrations/{RH}/availability",
     {"attendees": [{"id": "{AH}", "unavailable_sessions": ["{SN}"]}]}, "401 403 200 404 200 200 404 404"),
    ("requests", "get", "/api/events/{E}/requests", None, "401 200 200 200 200 200 200 404"),
    ("requests", "post", "/api/events/{E}/requests", {"recipient": "{RT}", "requester": "{RH}", "priority": 3},
     "401 403 201 403 201 201 201 404"),
    ("requests", "post", "/api/events/requests/{Q}/answer", {"accept": True}, "401 403 200 200 403 403 200 404"),
    ("requests", "get", "/api/events/{E}/schedule", None, "401 200 200 404 200 200 200 404"),
]


@pytest.mark.parametrize(("status", "method", "url", "body", "row"), ENDPOINTS,
                         ids=[f"{s} {m} {u}" for s, m, u, _b, _r in ENDPOINTS])
def test_endpoint_access(world: Any, objects: dict[str, Any], client_for: Any, status: str,
                         method: str, url: str, body: Any, row: str) -> None:
    _set_status(objects["E"], status)
    ids = {k: v.pk for k, v in objects.items()}
    path = url.format(**ids)

    def call(client: Any) -> Any:
        if method == "get":
            return client.get(path)
        return getattr(client, method)(path, json.dumps(_fill(body, ids)), content_type="application/json")

    _each_role(world, client_for, row, call)
