"""API endpoints of the events app (mounted under /api/events). The schemas and forms parse;
the same services validate and write, the same rules decide as on the pages. Where the input
does not parse, the caller also hears what the service's rules say of the rest (one answer
with every field error)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from liaison.accounts.auth import signed_in
from liaison.accounts.predicates import member_organization_ids
from liaison.common.bounds import Id, Int64, Many
from liaison.common.errors import PermissionDenied, ValidationError
from liaison.directory.models import Organization
from liaison.events import services
from liaison.events.access import (
    event_for,
    interpreter_for,
    my_registration,
    proposal_for,
    registration_for,
    request_for,
    signed_in_user,
)
from liaison.events.forms import EventForm, RequestForm
from liaison.events.models import (
    Event,
    Interpreter,
    Meeting,
    MeetingRequest,
    Proposal,
    Registration,
    Session,
)
from liaison.events.selectors import visible_events
from liaison.events.services._common import Errors, add_error, merged

router = Router(tags=["events"], auth=signed_in)


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
    breaks: str  # "session": breaks reset at lunch; "day": one programme per day
    pairs: str  # who may meet whom: "any", "cross_border", "inbound_local"
    meeting_cap: int | None  # most meetings per firm
    public: bool
    capacity: int | None


class EventIn(Schema):
    title: str
    kind: str = "delegation"
    direction: str = "outbound"
    partner_ecosystem: Id | None = None
    description: str = ""
    start_date: str
    end_date: str
    venue: str = ""
    timezone: str = "UTC"
    slot_minutes: Int64 = 30
    video_link_template: str = ""
    request_cap: Int64 = 12
    request_days: Int64 = 5
    breaks: str = "session"
    pairs: str = "any"
    meeting_cap: Int64 | None = None
    public: bool = False
    capacity: Int64 | None = None


class AttendeeIn(Schema):
    name: str
    email: str = ""
    languages: Many[str] = []
    unavailable_sessions: Many[Id] | None = None  # None: the registration's unavailable_sessions


class AttendeeOut(Schema):
    """An attendee. Another participant sees only the languages (as on the participants
    page): `id`, `name` and `unavailable_sessions` are null unless the viewer may see the
    registration (its members, the host office, HQ)."""

    id: int | None
    name: str | None
    languages: list[str]
    unavailable_sessions: list[int] | None


class AttendeeAvailabilityIn(Schema):
    id: Id
    unavailable_sessions: Many[Id]


class AvailabilityIn(Schema):
    unavailable_sessions: Many[Id] | None = None  # the firm as a whole (every attendee)
    attendees: Many[AttendeeAvailabilityIn] = []  # one person or more


class InterpreterOfferIn(Schema):
    languages: Many[str]
    name: str = ""
    email: str = ""
    unavailable_sessions: Many[Id] = []


class InterpreterOut(Schema):
    id: int
    name: str
    languages: list[str]
    unavailable_sessions: list[int]
    status: str


class InterpreterAnswerIn(Schema):
    confirm: bool


class RegistrationIn(Schema):
    organization: Id
    attendees: Many[AttendeeIn]
    unavailable_sessions: Many[Id] = []
    remote: bool = False
    wants_table: bool = False  # an exhibitor: given the first free table
    max_meetings: Int64 | None = None  # this firm's cap (the event's, when lower, wins)


class RegistrationOut(Schema):
    id: int
    organization: Id
    organization_name: str
    ecosystem: str
    languages: list[str]
    remote: bool
    own_table: str | None  # an exhibitor's table
    unavailable_sessions: list[int]  # where none of its attendees can come
    attendees: list[AttendeeOut]
    waitlisted: bool  # beyond the capacity: takes no meetings until admitted


class WithdrawnOut(Schema):
    admitted: list[int]  # registrations admitted from the waiting list in its place


class AvailabilityOut(Schema):
    registration: RegistrationOut
    clashing_meetings: list[int]


class RequestIn(Schema):
    recipient: Id
    priority: Int64 = 2
    message: str = ""
    requester: Id | None = None  # officers act for a registration


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
        "breaks": e.breaks, "pairs": e.pairs, "meeting_cap": e.meeting_cap, "public": e.public,
        "capacity": e.capacity,
    }


def _registration_out(user: Any, r: Registration) -> dict[str, Any]:
    insider = user.has_perm("events.view_registration", r)
    return {"id": r.pk, "organization": r.organization_id, "organization_name": r.organization.name,
            "ecosystem": r.organization.ecosystem.code, "languages": sorted(r.languages()), "remote": r.remote,
            "own_table": r.own_table.name if r.own_table else None,
            "unavailable_sessions": sorted(r.unavailable_session_ids()),
            "attendees": [{"id": a.pk if insider else None, "name": a.name if insider else None,
                           "languages": a.languages,
                           "unavailable_sessions": sorted(s.pk for s in a.unavailable_sessions.all())
                           if insider else None}
                          for a in r.attendees.all()],
            "waitlisted": r.waitlisted}


def _registrations() -> Any:
    """Registrations with what `_registration_out` reads."""
    return Registration.objects.select_related("organization__ecosystem", "own_table", "event").prefetch_related(
        "attendees__unavailable_sessions", "unavailable_sessions")


def _interpreter_out(i: Interpreter) -> dict[str, Any]:
    return {"id": i.pk, "name": i.name, "languages": i.languages, "status": i.status,
            "unavailable_sessions": sorted(s.pk for s in i.unavailable_sessions.all())}


def _sessions(ids: list[int], field: str, errors: Errors) -> list[Session]:
    """Sessions by id (the service refuses one of another event); an unknown id is an error
    on `field`."""
    sessions = list(Session.objects.filter(pk__in=ids))
    if len(sessions) != len(set(ids)):
        add_error(errors, field, _("Unknown session of this event."))
    return sessions


def _refuse(parse_errors: Errors, rule_errors: Errors) -> None:
    """Raise the parse errors with what the service's rules say of the rest, if any did not
    parse (else the service itself is called and raises its own)."""
    if parse_errors:
        raise ValidationError(merged(parse_errors, rule_errors))


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
    return [_event_out(e) for e in visible_events(signed_in_user(request))]


@router.post("", response={201: EventOut})
def create_event(request: HttpRequest, payload: EventIn) -> Any:
    user = signed_in_user(request)
    if not user.has_perm("events.create_event"):
        raise PermissionDenied
    data = {k: ("" if v is None else v) for k, v in payload.dict().items()}
    form = EventForm(data=data)
    event = services.create_event(by=user, data=form.parsed(services.validate_event))
    return Status(201, _event_out(event))


@router.get("/{event_id}", response=EventOut)
def get_event(request: HttpRequest, event_id: Id) -> Any:
    return _event_out(event_for(signed_in_user(request), event_id))


@router.get("/{event_id}/registrations", response=list[RegistrationOut])
def list_registrations(request: HttpRequest, event_id: Id) -> Any:
    event = event_for(signed_in_user(request), event_id, "events.view_participants")
    user = signed_in_user(request)
    qs = _registrations().filter(event=event)
    if not (user.is_hq or user.has_perm("events.manage_event", event)):
        # The waiting list is the host office's, as on the pages: others see the admitted
        # participants, and their own (and their office's firms') place on it.
        own = Q(organization_id__in=member_organization_ids(user))
        if user.office_id:
            own |= Q(organization__office_id=user.office_id)
        qs = qs.filter(Q(waitlisted=False) | own)
    return [_registration_out(user, r) for r in qs]


@router.post("/{event_id}/registrations", response={201: RegistrationOut})
def create_registration(request: HttpRequest, event_id: Id, payload: RegistrationIn) -> Any:
    user = signed_in_user(request)
    event = event_for(user, event_id, "events.register")
    errors: Errors = {}
    organization = Organization.objects.filter(pk=payload.organization).first()
    if organization is None:
        add_error(errors, "organization", str(services.UNKNOWN_ORGANIZATION))
    attendees: list[services.AttendeeData] = []
    for a in payload.attendees:
        person: services.AttendeeData = {"name": a.name, "email": a.email, "languages": a.languages}
        if a.unavailable_sessions is not None:
            person["unavailable_sessions"] = _sessions(a.unavailable_sessions, "attendees", errors)
        attendees.append(person)
    sessions = _sessions(payload.unavailable_sessions, "unavailable_sessions", errors)
    _refuse(errors, services.registration_errors(
        event, by=user, organization=organization, attendees=attendees, unavailable_sessions=sessions,
        wants_table=payload.wants_table, max_meetings=payload.max_meetings) if errors else {})
    assert organization is not None
    registration = services.register(
        event, by=user, organization=organization, attendees=attendees, unavailable_sessions=sessions,
        remote=payload.remote, wants_table=payload.wants_table, max_meetings=payload.max_meetings,
    )
    return Status(201, _registration_out(user, _registrations().get(pk=registration.pk)))


@router.put("/registrations/{registration_id}/availability", response=AvailabilityOut)
def change_availability(request: HttpRequest, registration_id: Id, payload: AvailabilityIn) -> Any:
    """Set the sessions the firm as a whole (`unavailable_sessions`) or some of its people
    (`attendees`) cannot attend. Answers with the meetings that now clash (a re-plan moves them)."""
    user = signed_in_user(request)
    registration = registration_for(user, registration_id, "events.change_registration")
    errors: Errors = {}
    firm = None
    if payload.unavailable_sessions is not None:
        firm = _sessions(payload.unavailable_sessions, "unavailable_sessions", errors)
    people = {a.id: _sessions(a.unavailable_sessions, "attendees", errors) for a in payload.attendees}
    _refuse(errors, services.availability_errors(
        registration, unavailable_sessions=firm, per_attendee=people) if errors else {})
    clashing = services.change_availability(registration, by=user, unavailable_sessions=firm,
                                            per_attendee=people or None)
    return {"registration": _registration_out(user, _registrations().get(pk=registration.pk)),
            "clashing_meetings": [m.pk for m in clashing]}


@router.delete("/registrations/{registration_id}", response=WithdrawnOut)
def withdraw_registration(request: HttpRequest, registration_id: Id) -> Any:
    """Withdraw a registration, or leave the waiting list (the firm's members and office; the
    host office cancels one). Its meetings are cancelled; the first firms waiting take its
    place, in the order they joined."""
    user = signed_in_user(request)
    registration = registration_for(user, registration_id, "events.change_registration")
    return {"admitted": [r.pk for r in services.withdraw_registration(registration, by=user)]}


@router.post("/{event_id}/interpreters", response={201: InterpreterOut})
def offer_interpreting(request: HttpRequest, event_id: Id, payload: InterpreterOfferIn) -> Any:
    """Offer yourself as an interpreter (the host office confirms before the scheduler uses you)."""
    user = signed_in_user(request)
    event = event_for(user, event_id, "events.offer_interpreting")
    errors: Errors = {}
    sessions = _sessions(payload.unavailable_sessions, "unavailable_sessions", errors)
    _refuse(errors, services.offer_errors(
        event, by=user, languages=payload.languages, name=payload.name, email=payload.email,
        unavailable_sessions=sessions) if errors else {})
    interpreter = services.offer_interpreting(
        event, by=user, languages=payload.languages, name=payload.name, email=payload.email,
        unavailable_sessions=sessions)
    return Status(201, _interpreter_out(interpreter))


@router.post("/interpreters/{interpreter_id}/answer", response=InterpreterOut)
def answer_interpreter(request: HttpRequest, interpreter_id: Id, payload: InterpreterAnswerIn) -> Any:
    """The host office confirms or declines an offer to interpret."""
    user = signed_in_user(request)
    interpreter = interpreter_for(user, interpreter_id, "events.answer_interpreter_offer")
    services.answer_interpreter_offer(interpreter, by=user, confirm=payload.confirm)
    return _interpreter_out(interpreter)


@router.get("/{event_id}/requests", response=list[RequestOut])
def list_requests(request: HttpRequest, event_id: Id) -> Any:
    user = signed_in_user(request)
    event = event_for(user, event_id, "events.view_participants")
    qs = event.requests.all()
    if not user.has_perm("events.view_schedule", event):
        mine = my_registration(user, event)
        qs = qs.filter(Q(requester=mine) | Q(recipient=mine))
    return [_request_out(r) for r in qs]


@router.post("/{event_id}/requests", response={201: RequestOut})
def create_request(request: HttpRequest, event_id: Id, payload: RequestIn) -> Any:
    user = signed_in_user(request)
    event = event_for(user, event_id, "events.view_participants")
    if payload.requester is not None and user.has_perm("events.manage_event", event):
        requester = event.registrations.filter(pk=payload.requester).first()
    else:
        requester = my_registration(user, event)
    if requester is None:
        raise PermissionDenied
    form = RequestForm(data={"recipient": payload.recipient, "priority": payload.priority,
                             "message": payload.message})
    if not form.is_valid():
        raise _form_errors(form)
    req = services.send_request(by=user, requester=requester, **form.cleaned_data)
    return Status(201, _request_out(req))


@router.post("/requests/{request_id}/answer", response=RequestOut)
def answer(request: HttpRequest, request_id: Id, payload: AnswerIn) -> Any:
    user = signed_in_user(request)
    req = request_for(user, request_id, "events.answer_request")
    services.answer_request(req, by=user, accept=payload.accept)
    req.refresh_from_db()
    return _request_out(req)


@router.get("/{event_id}/schedule", response=list[MeetingOut])
def published_schedule(request: HttpRequest, event_id: Id) -> Any:
    """The published schedule: the whole grid for the host office and HQ, a participant's
    own meetings for its members (404 before publication)."""
    user = signed_in_user(request)
    event = event_for(user, event_id, "events.view_participants")
    qs = event.meetings.filter(status__in=[Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED]).select_related(
        "slot", "table", "interpreter")
    if not user.has_perm("events.view_schedule", event):
        mine = my_registration(user, event)
        if event.published_at is None or mine is None:
            raise Http404
        qs = qs.filter(Q(a=mine) | Q(b=mine))
    return [_meeting_out(m) for m in qs]


class ChangeOut(Schema):
    meeting: int
    kind: str  # "moved", "dropped" or "new"
    was: dt.datetime | None
    becomes: dt.datetime | None
    table: str | None
    reason: str


class ProposalOut(Schema):
    id: int
    status: str
    changes: list[ChangeOut]


class ProposalDecisionIn(Schema):
    publish: bool  # true: publish the re-plan (only the affected are told); false: discard it


def _proposal_out(proposal: Proposal) -> dict[str, Any]:
    changes = services.proposal_changes(proposal) if proposal.status == Proposal.Status.OPEN else []
    return {"id": proposal.pk, "status": proposal.status, "changes": [
        {"meeting": c.meeting.pk, "kind": c.kind, "was": c.old_slot.starts_at if c.old_slot else None,
         "becomes": c.meeting.slot.starts_at if c.kind != "dropped" and c.meeting.slot else None,
         "table": c.meeting.table.name if c.kind != "dropped" and c.meeting.table else None,
         "reason": c.reason} for c in changes]}


@router.get("/{event_id}/proposal", response={200: ProposalOut, 404: dict})
def open_proposal(request: HttpRequest, event_id: Id) -> Any:
    """The re-plan waiting for the host office's decision, as a diff against the published
    schedule (404 when there is none)."""
    event = event_for(signed_in_user(request), event_id, "events.manage_event")
    proposal = event.proposals.filter(status=Proposal.Status.OPEN).first()
    if proposal is None:
        return Status(404, {"detail": _("No re-plan is waiting for a decision.")})
    return _proposal_out(proposal)


@router.post("/proposals/{proposal_id}/decision", response=ProposalOut)
def decide_proposal(request: HttpRequest, proposal_id: Id, payload: ProposalDecisionIn) -> Any:
    user = signed_in_user(request)
    proposal = proposal_for(user, proposal_id)
    if payload.publish:
        services.publish_proposal(proposal, by=user)
    else:
        services.discard_proposal(proposal, by=user)
    proposal.refresh_from_db()
    return _proposal_out(proposal)
