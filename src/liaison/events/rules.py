"""Who may do what with events. Declared once; pages, API and services check these.

Objects: an Event, a Registration, a MeetingRequest, a Meeting or an Interpreter (each
knows its event).

An event open for registration is visible to every signed-in user, so that interpreters
without an organization can find it and offer themselves; one who has offered keeps seeing it.

Both offices broker a delegation: the host office plans, schedules and publishes; the office
responsible for a registered firm (its "home office", e.g. Beijing for the Beijing firms of a
Beijing → Tel Aviv delegation hosted in Tel Aviv) sees the event, its firms' registrations,
requests, meetings, agendas and feedback, and acts for its firms (registers them, sends and
answers requests, changes their availability). Whether an office may act for one firm is
`may_act_for` (a firm can say "only we answer").
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


def _office_id(user: Visitor) -> int | None:
    """The officer's office, or None for anyone else."""
    return user.office_id if isinstance(user, User) and user.is_active and user.office_id else None


def _is_officer(user: Visitor) -> bool:
    return _office_id(user) is not None


def firm_office_ids(event: Any) -> set[int]:
    """The offices responsible for the event's registered firms (cached on the event object)."""
    cached = getattr(event, "_liaison_firm_offices", None)
    if cached is None:
        cached = set(event.registrations.exclude(organization__office_id=None)
                     .values_list("organization__office_id", flat=True))
        setattr(event, "_liaison_firm_offices", cached)  # noqa: B010 (a cache on the event object)
    return set(cached)


@rules.predicate
def is_firm_office(user: Visitor, obj: Any) -> bool:
    """An officer of the office responsible for one of the event's registered firms."""
    event = _event_of(obj)
    office = _office_id(user)
    return bool(event is not None and office is not None and office in firm_office_ids(event))


def _office_of(registration: Any) -> int | None:
    return registration.organization.office_id if registration is not None else None


@rules.predicate
def is_registration_office(user: Visitor, registration: Any) -> bool:
    """An officer of the registered firm's office, and the firm lets its office act for it."""
    return bool(registration is not None and _office_of(registration) == _office_id(user) is not None
                and may_act_for(user, registration.organization))


@rules.predicate
def is_request_office(user: Visitor, request: Any) -> bool:
    return request is not None and (is_registration_office(user, request.requester)
                                    or is_registration_office(user, request.recipient))


@rules.predicate
def is_recipient_office(user: Visitor, request: Any) -> bool:
    return request is not None and is_registration_office(user, request.recipient)


@rules.predicate
def is_meeting_office(user: Visitor, meeting: Any) -> bool:
    return meeting is not None and (is_registration_office(user, meeting.a)
                                    or is_registration_office(user, meeting.b))


def may_act_for(user: Visitor, organization: Any) -> bool:
    """Whether an officer may act for the firm in events: the office responsible for it may.
    (The general rule, with a firm's "only we answer" switch, lives in the directory once it
    lands; this is the events' side of it.)"""
    office = _office_id(user)
    return bool(office is not None and organization is not None and organization.office_id == office)


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
def late_registration(user: Visitor, obj: Any) -> bool:
    """After registration closes the host office still registers and changes (until the
    schedule is run on the day)."""
    event = _event_of(obj)
    return event is not None and event.status not in (Event.Status.RUNNING, Event.Status.CLOSED)


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


can_see_event = (is_hq | is_host_officer | is_firm_office | (is_any_member & is_event_visible)
                 | (is_signed_in & registration_open) | is_event_interpreter)

rules.add_perm("events.create_event", is_officer)
rules.add_perm("events.view_event", can_see_event)
rules.add_perm("events.manage_event", is_host_officer)
rules.add_perm("events.register",
               ((is_any_member | is_officer) & registration_open) | (is_host_officer & late_registration))
rules.add_perm("events.view_participants", is_hq | is_host_officer | is_firm_office | is_registered_member)
rules.add_perm("events.view_registration",
               is_hq | is_host_officer | is_registration_office | is_registration_member)
rules.add_perm(
    "events.change_registration",
    (is_host_officer & late_registration) | ((is_registration_office | is_registration_member) & not_closed),
)
rules.add_perm("events.send_request",
               (is_host_officer | is_registration_office | is_registration_member) & requests_open)
rules.add_perm("events.view_request", is_hq | is_host_officer | is_request_office | is_request_party)
rules.add_perm(
    "events.answer_request",
    (is_host_officer | is_recipient_office | is_request_recipient) & is_pending & requests_open,
)
rules.add_perm("events.view_meeting", is_hq | is_host_officer | is_meeting_office | is_meeting_party)
rules.add_perm("events.cancel_meeting",
               (is_host_officer | is_meeting_office | is_meeting_party) & not_closed)
rules.add_perm("events.give_feedback", (is_meeting_party | is_meeting_office) & on_the_day)
rules.add_perm("events.check_in", is_host_officer & on_the_day)
rules.add_perm("events.view_schedule", is_hq | is_host_officer)
rules.add_perm("events.offer_interpreting", is_signed_in & registration_open & ~is_host_officer)
rules.add_perm("events.view_interpreter", is_hq | is_host_officer | is_interpreter_self)
rules.add_perm("events.answer_interpreter_offer", is_host_officer & not_closed)
rules.add_perm(
    "events.view_agenda",
    is_hq | is_host_officer | ((is_registration_member | is_registration_office) & is_published),
)
