"""Access helpers: look up an event object and check the permission in one step.

Not allowed to see it: 404 (its existence is not revealed). Allowed to see it but not to
take the action: 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from liaison.accounts.predicates import member_organization_ids
from liaison.events.models import (
    Event,
    Interpreter,
    Meeting,
    MeetingRequest,
    Registration,
    SchedulingRun,
)


def _check(user: Any, obj: Any, view_perm: str, perm: str) -> None:
    if obj is None or not user.has_perm(view_perm, obj):
        raise Http404
    if perm != view_perm and not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def event_for(user: Any, pk: int, perm: str = "events.view_event") -> Event:
    event = Event.objects.select_related("host_office__ecosystem", "host_office__park__ecosystem",
                                         "partner_ecosystem").filter(pk=pk).first()
    _check(user, event, "events.view_event", perm)
    assert event is not None
    return event


def registration_for(user: Any, pk: int, perm: str = "events.view_registration") -> Registration:
    registration = Registration.objects.select_related("event__host_office", "organization").filter(pk=pk).first()
    _check(user, registration, "events.view_registration", perm)
    assert registration is not None
    return registration


def request_for(user: Any, pk: int, perm: str = "events.view_request") -> MeetingRequest:
    req = MeetingRequest.objects.select_related(
        "event", "requester__organization", "recipient__organization").filter(pk=pk).first()
    _check(user, req, "events.view_request", perm)
    assert req is not None
    return req


def meeting_for(user: Any, pk: int, perm: str = "events.view_meeting") -> Meeting:
    meeting = Meeting.objects.select_related(
        "event", "a__organization", "b__organization", "slot", "table").filter(pk=pk).first()
    _check(user, meeting, "events.view_meeting", perm)
    assert meeting is not None
    return meeting


def interpreter_for(user: Any, pk: int, perm: str = "events.view_interpreter") -> Interpreter:
    interpreter = Interpreter.objects.select_related("event__host_office", "user").filter(pk=pk).first()
    _check(user, interpreter, "events.view_interpreter", perm)
    assert interpreter is not None
    return interpreter


def run_for(user: Any, pk: int) -> SchedulingRun:
    run = SchedulingRun.objects.select_related("event").filter(pk=pk).first()
    _check(user, run, "events.view_schedule", "events.view_schedule")
    assert run is not None
    return run


def my_registration(user: Any, event: Event) -> Registration | None:
    """The user's own organization's registration in the event, if any."""
    mine = member_organization_ids(user)
    if not mine:
        return None
    return event.registrations.select_related("organization").filter(organization_id__in=mine).first()
