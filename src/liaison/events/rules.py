"""Who may do what with events. Declared once; pages, API and services check these.

Objects: an Event, a Registration, a MeetingRequest, a Meeting or an Interpreter (each
knows its event).

An event open for registration is visible to every signed-in user, so that interpreters
without an organization can find it and offer themselves; one who has offered keeps seeing it.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.accounts.predicates import is_hq, is_officer, member_organization_ids
from liaison.events.models import Event, MeetingRequest

Visitor = User | AnonymousUser  # whoever asks: a signed-in user or not


def _event_of(obj: Any) -> Any:
    if obj is None:
        return None
    return obj.event if hasattr(obj, "event_id") else obj


@rules.predicate
def is_host_officer(user: Visitor, obj: Any) -> bool:
    event = _event_of(obj)
    return bool(
        event is not None and isinstance(user, User) and user.is_active
        and user.office_id and user.office_id == event.host_office_id
    )


@rules.predicate
def is_signed_in(user: Visitor) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_interpreter_self(user: Visitor, interpreter: Any) -> bool:
    return bool(interpreter is not None and user.is_authenticated and interpreter.user_id == user.pk)


@rules.predicate
def is_event_interpreter(user: Visitor, obj: Any) -> bool:
    event = _event_of(obj)
    return bool(event is not None and user.is_authenticated
                and event.interpreters.filter(user_id=user.pk).exists())


@rules.predicate
def is_any_member(user: Visitor) -> bool:
    return bool(member_organization_ids(user)) and user.is_active


def registered_organization_ids(user: Visitor, event: Any) -> set[int]:
    """The user's organizations that are registered in the event (cached per request)."""
    cache = getattr(user, "_liaison_event_orgs", None)
    if cache is None:
        cache = {}
        setattr(user, "_liaison_event_orgs", cache)  # noqa: B010 (a cache on the user object)
    if event.pk not in cache:
        mine = member_organization_ids(user)
        cache[event.pk] = set(
            event.registrations.filter(organization_id__in=mine).values_list("organization_id", flat=True)
        ) if mine else set()
    return set(cache[event.pk])


@rules.predicate
def is_registered_member(user: Visitor, obj: Any) -> bool:
    event = _event_of(obj)
    return bool(event is not None and user.is_authenticated and registered_organization_ids(user, event))


@rules.predicate
def is_event_visible(user: Visitor, obj: Any) -> bool:
    event = _event_of(obj)
    return event is not None and event.status != Event.Status.DRAFT


@rules.predicate
def registration_open(user: Visitor, obj: Any) -> bool:
    event = _event_of(obj)
    return event is not None and event.status == Event.Status.REGISTRATION


@rules.predicate
def requests_open(user: Visitor, obj: Any) -> bool:
    event = _event_of(obj)
    return event is not None and event.status in (Event.Status.REGISTRATION, Event.Status.REQUESTS)


@rules.predicate
def not_closed(user: Visitor, obj: Any) -> bool:
    event = _event_of(obj)
    return event is not None and event.status != Event.Status.CLOSED


@rules.predicate
def on_the_day(user: Visitor, obj: Any) -> bool:
    event = _event_of(obj)
    return event is not None and event.status in (Event.Status.SCHEDULED, Event.Status.RUNNING, Event.Status.CLOSED)


@rules.predicate
def is_registration_member(user: Visitor, registration: Any) -> bool:
    return registration is not None and registration.organization_id in member_organization_ids(user)


@rules.predicate
def is_request_recipient(user: Visitor, request: Any) -> bool:
    return request is not None and request.recipient.organization_id in member_organization_ids(user)


@rules.predicate
def is_request_party(user: Visitor, request: Any) -> bool:
    mine = member_organization_ids(user)
    return request is not None and (
        request.recipient.organization_id in mine or request.requester.organization_id in mine
    )


@rules.predicate
def is_meeting_party(user: Visitor, meeting: Any) -> bool:
    mine = member_organization_ids(user)
    return meeting is not None and (meeting.a.organization_id in mine or meeting.b.organization_id in mine)


@rules.predicate
def is_pending(user: Visitor, request: Any) -> bool:
    return request is not None and request.status == MeetingRequest.Status.PENDING


@rules.predicate
def is_published(user: Visitor, obj: Any) -> bool:
    event = _event_of(obj)
    return event is not None and event.published_at is not None


can_see_event = (is_hq | is_host_officer | (is_any_member & is_event_visible)
                 | (is_signed_in & registration_open) | is_event_interpreter)

rules.add_perm("events.create_event", is_officer)
rules.add_perm("events.view_event", can_see_event)
rules.add_perm("events.manage_event", is_host_officer)
rules.add_perm("events.register", (is_any_member | is_host_officer) & registration_open)
rules.add_perm("events.view_participants", is_hq | is_host_officer | is_registered_member)
rules.add_perm("events.view_registration", is_hq | is_host_officer | is_registration_member)
rules.add_perm(
    "events.change_registration", (is_host_officer | is_registration_member) & not_closed
)
rules.add_perm("events.send_request", (is_host_officer | is_registration_member) & requests_open)
rules.add_perm("events.view_request", is_hq | is_host_officer | is_request_party)
rules.add_perm(
    "events.answer_request", (is_host_officer | is_request_recipient) & is_pending & requests_open
)
rules.add_perm("events.view_meeting", is_hq | is_host_officer | is_meeting_party)
rules.add_perm("events.cancel_meeting", (is_host_officer | is_meeting_party) & not_closed)
rules.add_perm("events.give_feedback", is_meeting_party & on_the_day)
rules.add_perm("events.check_in", is_host_officer & on_the_day)
rules.add_perm("events.view_schedule", is_hq | is_host_officer)
rules.add_perm("events.offer_interpreting", is_signed_in & registration_open & ~is_host_officer)
rules.add_perm("events.view_interpreter", is_hq | is_host_officer | is_interpreter_self)
rules.add_perm("events.answer_interpreter_offer", is_host_officer & not_closed)
rules.add_perm(
    "events.view_agenda", is_hq | is_host_officer | (is_registration_member & is_published)
)
