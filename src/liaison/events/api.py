"""API endpoints of the events app (mounted under /api/events). The same forms validate,
the same services write, the same rules decide as on the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from liaison.accounts.auth import signed_in
from liaison.directory.models import Organization
from liaison.events import services
from liaison.events.access import (
    event_for,
    interpreter_for,
    my_registration,
    registration_for,
    request_for,
)
from liaison.events.forms import LANGUAGE_CHOICES, EventForm
from liaison.events.models import Event, Interpreter, Meeting, MeetingRequest, Registration, Session
from liaison.events.selectors import visible_events

router = Router(tags=["events"], auth=signed_in)
LANGUAGES = {code for code, _label in LANGUAGE_CHOICES}


class EventOut(Schema):
    id: int
    title: str
    kind: str
    direction: str
    status: str
    host_office: str
    partner_ecosystem: str | None
    start_date: dt.date
    end_date: dt.date
    venue: str
    timezone: str
    slot_minutes: int
    published: bool


class EventIn(Schema):
    title: str
    kind: str = "delegation"
    direction: str = "outbound"
    partner_ecosystem: int | None = None
    description: str = ""
    start_date: str
    end_date: str
    venue: str = ""
    timezone: str = "UTC"
    slot_minutes: int = 30
    video_link_template: str = ""
    request_cap: int = 12
    request_days: int = 5


class AttendeeIn(Schema):
    name: str
    email: str = ""
    languages: list[str] = []
    unavailable_sessions: list[int] | None = None  # None: the registration's unavailable_sessions


class AttendeeOut(Schema):
    id: int
    name: str
    languages: list[str]
    unavailable_sessions: list[int]


class AttendeeAvailabilityIn(Schema):
    id: int
    unavailable_sessions: list[int]


class AvailabilityIn(Schema):
    unavailable_sessions: list[int] | None = None  # the firm as a whole (every attendee)
    attendees: list[AttendeeAvailabilityIn] = []  # one person or more


class InterpreterOfferIn(Schema):
    languages: list[str]
    name: str = ""
    email: str = ""
    unavailable_sessions: list[int] = []


class InterpreterOut(Schema):
    id: int
    name: str
    languages: list[str]
    unavailable_sessions: list[int]
    status: str


class InterpreterAnswerIn(Schema):
    confirm: bool


class RegistrationIn(Schema):
    organization: int
    attendees: list[AttendeeIn]
    unavailable_sessions: list[int] = []
    remote: bool = False


class RegistrationOut(Schema):
    id: int
    organization: int
    organization_name: str
    ecosystem: str
    languages: list[str]
    remote: bool
    unavailable_sessions: list[int]  # where none of its attendees can come
    attendees: list[AttendeeOut]


class AvailabilityOut(Schema):
    registration: RegistrationOut
    clashing_meetings: list[int]


class RequestIn(Schema):
    recipient: int
    priority: int = 2
    message: str = ""
    requester: int | None = None  # officers act for a registration


class RequestOut(Schema):
    id: int
    requester: int
    recipient: int
    priority: int
    status: str
    message: str
    expires_at: dt.datetime


class AnswerIn(Schema):
    accept: bool


class MeetingOut(Schema):
    id: int
    uid: str
    a: int
    b: int
    status: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    table: str | None
    interpreter: str | None
    sequence: int


def _event_out(e: Event) -> dict[str, Any]:
    return {
        "id": e.pk, "title": e.title, "kind": e.kind, "direction": e.direction, "status": e.status,
        "host_office": e.host_office.code,
        "partner_ecosystem": e.partner_ecosystem.code if e.partner_ecosystem else None,
        "start_date": e.start_date, "end_date": e.end_date, "venue": e.venue, "timezone": e.timezone,
        "slot_minutes": e.slot_minutes, "published": e.published_at is not None,
    }


def _registration_out(r: Registration) -> dict[str, Any]:
    return {"id": r.pk, "organization": r.organization_id, "organization_name": r.organization.name,
            "ecosystem": r.organization.ecosystem.code, "languages": sorted(r.languages()), "remote": r.remote,
            "unavailable_sessions": sorted(r.unavailable_session_ids()),
            "attendees": [{"id": a.pk, "name": a.name, "languages": a.languages,
                           "unavailable_sessions": sorted(s.pk for s in a.unavailable_sessions.all())}
                          for a in r.attendees.all()]}


def _registrations() -> Any:
    """Registrations with what `_registration_out` reads."""
    return Registration.objects.select_related("organization__ecosystem").prefetch_related(
        "attendees__unavailable_sessions", "unavailable_sessions")


def _unknown_languages(codes: list[str]) -> str | None:
    bad = [x for x in codes if x not in LANGUAGES]
    return f"Unknown language code(s): {', '.join(bad)}" if bad else None


def _interpreter_out(i: Interpreter) -> dict[str, Any]:
    return {"id": i.pk, "name": i.name, "languages": i.languages, "status": i.status,
            "unavailable_sessions": sorted(s.pk for s in i.unavailable_sessions.all())}


def _sessions(event: Event, ids: list[int], field: str, errors: dict[str, list[str]]) -> list[Session]:
    """The event's sessions by id; an unknown id is an error on `field`."""
    sessions = list(event.sessions.filter(pk__in=ids))
    if len(sessions) != len(set(ids)):
        errors.setdefault(field, []).append(str(_("Unknown session of this event.")))
    return sessions


def _request_out(r: MeetingRequest) -> dict[str, Any]:
    return {"id": r.pk, "requester": r.requester_id, "recipient": r.recipient_id, "priority": r.priority,
            "status": r.status, "message": r.message, "expires_at": r.expires_at}


def _meeting_out(m: Meeting) -> dict[str, Any]:
    return {"id": m.pk, "uid": m.uid, "a": m.a_id, "b": m.b_id, "status": m.status,
            "starts_at": m.slot.starts_at if m.slot else None, "ends_at": m.slot.ends_at if m.slot else None,
            "table": m.table.name if m.table else None,
            "interpreter": m.interpreter.name if m.interpreter else None, "sequence": m.sequence}


def _form_errors(form: Any) -> ValidationError:
    return ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})


@router.get("", response=list[EventOut])
def list_events(request: HttpRequest) -> Any:
    return [_event_out(e) for e in visible_events(request.user)]


@router.post("", response={201: EventOut})
def create_event(request: HttpRequest, payload: EventIn) -> Any:
    if not request.user.has_perm("events.create_event"):
        raise PermissionDenied
    data = {k: ("" if v is None else v) for k, v in payload.dict().items()}
    form = EventForm(data=data)
    if not form.is_valid():
        raise _form_errors(form)
    event = services.create_event(by=request.user, data=dict(form.cleaned_data))
    return Status(201, _event_out(event))


@router.get("/{event_id}", response=EventOut)
def get_event(request: HttpRequest, event_id: int) -> Any:
    return _event_out(event_for(request.user, event_id))


@router.get("/{event_id}/registrations", response=list[RegistrationOut])
def list_registrations(request: HttpRequest, event_id: int) -> Any:
    event = event_for(request.user, event_id, "events.view_participants")
    return [_registration_out(r) for r in _registrations().filter(event=event)]


@router.post("/{event_id}/registrations", response={201: RegistrationOut})
def create_registration(request: HttpRequest, event_id: int, payload: RegistrationIn) -> Any:
    event = event_for(request.user, event_id, "events.register")
    errors: dict[str, list[str]] = {}
    organization = Organization.objects.filter(pk=payload.organization).first()
    if organization is None:
        errors["organization"] = ["Unknown organization."]
    if not payload.attendees:
        errors["attendees"] = ["Name at least one attendee."]
    attendees = []
    for i, a in enumerate(payload.attendees):
        if not a.name.strip():
            errors.setdefault("attendees", []).append(f"Attendee {i + 1} needs a name.")
        unknown = _unknown_languages(a.languages)
        if unknown:
            errors.setdefault("attendees", []).append(unknown)
        person = a.dict()
        if a.unavailable_sessions is not None:
            person["unavailable_sessions"] = _sessions(event, a.unavailable_sessions, "attendees", errors)
        attendees.append(person)
    sessions = _sessions(event, payload.unavailable_sessions, "unavailable_sessions", errors)
    if errors:
        raise ValidationError(errors)
    assert organization is not None
    registration = services.register(
        event, by=request.user, organization=organization,
        attendees=attendees, unavailable_sessions=sessions, remote=payload.remote,
    )
    return Status(201, _registration_out(_registrations().get(pk=registration.pk)))


@router.put("/registrations/{registration_id}/availability", response=AvailabilityOut)
def change_availability(request: HttpRequest, registration_id: int, payload: AvailabilityIn) -> Any:
    """Set the sessions the firm as a whole (`unavailable_sessions`) or some of its people
    (`attendees`) cannot attend. Answers with the meetings that now clash (a re-plan moves them)."""
    registration = registration_for(request.user, registration_id, "events.change_registration")
    event = registration.event
    errors: dict[str, list[str]] = {}
    firm = None
    if payload.unavailable_sessions is not None:
        firm = _sessions(event, payload.unavailable_sessions, "unavailable_sessions", errors)
    # Attendees of another registration are refused by the service (field "attendees").
    people = {a.id: _sessions(event, a.unavailable_sessions, "attendees", errors) for a in payload.attendees}
    if firm is None and not people:
        errors["__all__"] = [str(_("Give unavailable_sessions or attendees."))]
    if errors:
        raise ValidationError(errors)
    clashing = services.change_availability(registration, by=request.user, unavailable_sessions=firm,
                                            per_attendee=people or None)
    return {"registration": _registration_out(_registrations().get(pk=registration.pk)),
            "clashing_meetings": [m.pk for m in clashing]}


@router.post("/{event_id}/interpreters", response={201: InterpreterOut})
def offer_interpreting(request: HttpRequest, event_id: int, payload: InterpreterOfferIn) -> Any:
    """Offer yourself as an interpreter (the host office confirms before the scheduler uses you)."""
    event = event_for(request.user, event_id, "events.offer_interpreting")
    errors: dict[str, list[str]] = {}
    unknown = _unknown_languages(payload.languages)
    if unknown:
        errors["languages"] = [unknown]
    sessions = _sessions(event, payload.unavailable_sessions, "unavailable_sessions", errors)
    if errors:
        raise ValidationError(errors)
    interpreter = services.offer_interpreting(event, by=request.user, languages=payload.languages,
                                              name=payload.name, email=payload.email,
                                              unavailable_sessions=sessions)
    return Status(201, _interpreter_out(interpreter))


@router.post("/interpreters/{interpreter_id}/answer", response=InterpreterOut)
def answer_interpreter(request: HttpRequest, interpreter_id: int, payload: InterpreterAnswerIn) -> Any:
    """The host office confirms or declines an offer to interpret."""
    interpreter = interpreter_for(request.user, interpreter_id, "events.answer_interpreter_offer")
    services.answer_interpreter_offer(interpreter, by=request.user, confirm=payload.confirm)
    return _interpreter_out(interpreter)


@router.get("/{event_id}/requests", response=list[RequestOut])
def list_requests(request: HttpRequest, event_id: int) -> Any:
    user: Any = request.user
    event = event_for(user, event_id, "events.view_participants")
    qs = event.requests.all()
    if not user.has_perm("events.view_schedule", event):
        mine = my_registration(user, event)
        qs = qs.filter(Q(requester=mine) | Q(recipient=mine))
    return [_request_out(r) for r in qs]


@router.post("/{event_id}/requests", response={201: RequestOut})
def create_request(request: HttpRequest, event_id: int, payload: RequestIn) -> Any:
    user: Any = request.user
    event = event_for(user, event_id, "events.view_participants")
    if payload.requester is not None and user.has_perm("events.manage_event", event):
        requester = event.registrations.filter(pk=payload.requester).first()
    else:
        requester = my_registration(user, event)
    if requester is None:
        raise PermissionDenied
    recipient = event.registrations.filter(pk=payload.recipient).first()
    if recipient is None:
        raise ValidationError({"recipient": ["That participant is not registered in this event."]})
    req = services.send_request(by=user, requester=requester, recipient=recipient,
                                priority=payload.priority, message=payload.message)
    return Status(201, _request_out(req))


@router.post("/requests/{request_id}/answer", response=RequestOut)
def answer(request: HttpRequest, request_id: int, payload: AnswerIn) -> Any:
    req = request_for(request.user, request_id, "events.answer_request")
    services.answer_request(req, by=request.user, accept=payload.accept)
    req.refresh_from_db()
    return _request_out(req)


@router.get("/{event_id}/schedule", response=list[MeetingOut])
def published_schedule(request: HttpRequest, event_id: int) -> Any:
    """The published schedule: the whole grid for the host office and HQ, a participant's
    own meetings for its members (404 before publication)."""
    user: Any = request.user
    event = event_for(user, event_id, "events.view_participants")
    qs = event.meetings.filter(status__in=["scheduled", "cancelled"]).select_related(
        "slot", "table", "interpreter")
    if not user.has_perm("events.view_schedule", event):
        mine = my_registration(user, event)
        if event.published_at is None or mine is None:
            from django.http import Http404

            raise Http404
        qs = qs.filter(Q(a=mine) | Q(b=mine))
    return [_meeting_out(m) for m in qs]
