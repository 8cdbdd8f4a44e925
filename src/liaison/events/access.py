"""Look up event rows and check permission together (see `liaison.common.access`)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.common.access import get_for, get_row_for, valid_id
from liaison.common.errors import PermissionDenied
from liaison.events.models import (
    Attendee,
    Event,
    Interpreter,
    Meeting,
    MeetingRequest,
    Proposal,
    Registration,
    SchedulingRun,
)
from liaison.events.rules import Visitor


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, behind `login_required` (pages) or `signed_in` (API)."""
    user = request.user
    if not isinstance(user, User):  # anonymous: the decorators let none through
        raise PermissionDenied
    return user


def event_for(user: Visitor, pk: Any, perm: str = "events.view_event", *, related: bool = True) -> Event:
    """The event if `user` may see it (404) and do `perm` (403). `related`: with its host office,
    park and ecosystems joined (without, the row alone, for a page that shows none of them:
    compiling the joins cost more than the rest of the lookup)."""
    if not related:
        return get_row_for(user, Event, pk, view="events.view_event", perm=perm)
    queryset = Event.objects.select_related("host_office__ecosystem", "host_office__park__ecosystem",
                                            "partner_ecosystem")
    return get_for(user, queryset, pk, view="events.view_event", perm=perm)


def registration_for(user: Visitor, pk: Any, perm: str = "events.view_registration") -> Registration:
    queryset = Registration.objects.select_related("event__host_office", "organization")
    return get_for(user, queryset, pk, view="events.view_registration", perm=perm)


def request_for(user: Visitor, pk: Any, perm: str = "events.view_request") -> MeetingRequest:
    queryset = MeetingRequest.objects.select_related(
        "event", "requester__organization", "recipient__organization")
    return get_for(user, queryset, pk, view="events.view_request", perm=perm)


def meeting_for(user: Visitor, pk: Any, perm: str = "events.view_meeting") -> Meeting:
    queryset = Meeting.objects.select_related(
        "event", "a__organization", "b__organization", "slot", "table")
    return get_for(user, queryset, pk, view="events.view_meeting", perm=perm)


def interpreter_for(user: Visitor, pk: Any, perm: str = "events.view_interpreter") -> Interpreter:
    queryset = Interpreter.objects.select_related("event__host_office", "user")
    return get_for(user, queryset, pk, view="events.view_interpreter", perm=perm)


def proposal_for(user: Visitor, pk: Any) -> Proposal:
    queryset = Proposal.objects.select_related("event__host_office")
    return get_for(user, queryset, pk, view="events.view_schedule", perm="events.manage_event")


def attendee_for(user: Visitor, pk: Any, perm: str = "events.change_registration") -> Attendee:
    """An attendee, checked on their registration (404 unseen, 403 not allowed)."""
    number = valid_id(pk)
    attendee = Attendee.objects.filter(pk=number).first() if number is not None else None
    if attendee is None:
        raise Http404
    attendee.registration = registration_for(user, attendee.registration_id, perm)
    return attendee


def run_for(user: Visitor, pk: Any) -> SchedulingRun:
    return get_for(user, SchedulingRun.objects.select_related("event"), pk, view="events.view_schedule")


def my_registration(user: Visitor, event: Event) -> Registration | None:
    """The user's own organization's registration in the event, if any."""
    mine = member_organization_ids(user)
    if not mine:
        return None
    return event.registrations.select_related("organization").filter(organization_id__in=mine).first()
