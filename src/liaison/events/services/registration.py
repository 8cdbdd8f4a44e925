"""Registration: an organization takes part in an event with the people who attend (their
languages, the sessions each cannot attend), optionally as an exhibitor at its own table;
later it changes its availability.

`register` is the one validation path for a registration: the page form and the API only
parse, and every rule lives in `registration_errors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NotRequired, TypedDict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.common.bounds import text_error
from liaison.common.errors import PermissionDenied, ValidationError, require
from liaison.directory import actfor
from liaison.directory.models import Organization, Person
from liaison.directory.selectors import visible_organizations
from liaison.events.models import Attendee, Event, Meeting, Registration, Session, Table, new_token
from liaison.events.rules import may_act_for
from liaison.events.services._common import (
    Errors,
    add_error,
    foreign_sessions,
    own_sessions,
    raise_errors,
    users_of,
)
from liaison.events.services.interpreters import email_errors, language_errors
from liaison.events.services.scheduling import cancel_meeting
from liaison.notifications.services import notify

NAME_MAX = Attendee._meta.get_field("name").max_length or 200
# The one answer for an organization id that names nothing the actor may see.
UNKNOWN_ORGANIZATION = gettext_lazy("Unknown organization.")
MAX_MEETINGS = 200  # a firm's cap, as the event's


class AttendeeData(TypedDict):
    """One person who attends, as `register` takes it."""

    name: str
    email: NotRequired[str]
    languages: NotRequired[list[str]]
    person: NotRequired[Person | None]
    # None or absent: the registration's `unavailable_sessions`
    unavailable_sessions: NotRequired[list[Session] | None]


def closed_reason(event: Event) -> str:
    """Why registering is refused by the event's status (said instead of "your role")."""
    return _("Registration is closed: the event is “%(status)s”. Ask the host office (%(office)s) "
             "to register you late.") % {"status": event.get_status_display(), "office": event.host_office}


def refuse_unless_may_register(event: Event, by: User) -> None:
    """PermissionDenied naming the real reason: the event's status, when the actor could
    register in an open event; else the role."""
    if by.has_perm("events.register", event):
        return
    could = by.is_active and (by.office_id or member_organization_ids(by))
    if could and event.status != Event.Status.REGISTRATION:
        raise PermissionDenied(closed_reason(event))
    raise PermissionDenied("events.register")


def free_table(event: Event) -> Table | None:
    """The first table of the event no exhibitor has."""
    taken = Registration.objects.filter(event=event, own_table__isnull=False).values("own_table_id")
    return event.tables.exclude(pk__in=taken).first()


def _attendee_errors(event: Event, attendees: list[AttendeeData], errors: Errors) -> None:
    if not attendees:
        add_error(errors, "attendees", _("Name at least one attendee."))
    for number, a in enumerate(attendees, start=1):
        name = (a.get("name") or "").strip()
        if not name:
            add_error(errors, "attendees", _("Attendee %(number)s needs a name.") % {"number": number})
        elif len(name) > NAME_MAX:
            add_error(errors, "attendees", _("A name has at most 200 characters."))
        elif text_error(name, NAME_MAX):
            add_error(errors, "attendees", str(text_error(name, NAME_MAX)))
        who = name or str(number)
        codes = language_errors(a.get("languages") or [], "attendees", errors)
        if not codes:
            add_error(errors, "attendees", _("Give the languages %(name)s speaks.") % {"name": who})
        email_errors(a.get("email") or "", "attendees", errors)
        if foreign_sessions(event, a.get("unavailable_sessions") or []):
            add_error(errors, "attendees", _("A session of another event."))


def registration_errors(event: Event, *, by: User, organization: Organization | None,
                        attendees: list[AttendeeData], unavailable_sessions: Iterable[Session] = (),
                        wants_table: bool = False, max_meetings: int | None = None) -> Errors:
    """What is wrong with a registration (field -> messages); `register` refuses it with
    these. `organization` None: the front could not parse one (its own error says so)."""
    errors: Errors = {}
    if organization is not None and not visible_organizations(by).filter(pk=organization.pk).exists():
        # An organization `by` may not see (another office's unvetted firm) is answered as one
        # that does not exist: registering it would name it, refusing it otherwise would tell
        # that it exists.
        add_error(errors, "organization", str(UNKNOWN_ORGANIZATION))
    elif organization is not None:
        if not (by.has_perm("events.manage_event", event) or may_act_for(by, organization)
                or organization.pk in member_organization_ids(by)):
            add_error(errors, "organization",
                      _("You can only register the firms of your office.") if by.office_id
                      else _("You can only register your own organization."))
        elif event.registrations.filter(organization=organization).exists():
            add_error(errors, "organization", _("This organization is already registered."))
    _attendee_errors(event, attendees, errors)
    own_sessions(event, unavailable_sessions, "unavailable_sessions", errors)
    if wants_table and free_table(event) is None:
        add_error(errors, "wants_table", _("No free table is left for exhibitors."))
    if max_meetings is not None and not 1 <= max_meetings <= MAX_MEETINGS:
        add_error(errors, "max_meetings", _("Most meetings is a number from 1 to %(max)s.") % {"max": MAX_MEETINGS})
    return errors


@transaction.atomic
def register(event: Event, *, by: User, organization: Organization, attendees: list[AttendeeData],
             unavailable_sessions: Iterable[Session] = (), wants_table: bool = False,
             remote: bool = False, max_meetings: int | None = None) -> Registration:
    """Register an organization and the people who attend (name, e-mail, languages, and the
    sessions each cannot attend as `unavailable_sessions`; a person without their own answer
    takes the firm's `unavailable_sessions`). `wants_table`: an exhibitor, given the first
    free table (one exhibitor per table, held by a database constraint).

    Members register their own organization; the office responsible for a firm registers it;
    the host office's officers any organization, also after registration closes. When the
    event's `capacity` is reached the firm joins the waiting list (`waitlisted`): it takes no
    part in requests or scheduling until the host office admits it."""
    refuse_unless_may_register(event, by)
    # Registrations of one event take their turn (PostgreSQL row lock; SQLite has one
    # writer at a time), so the free table and "not yet registered" are read up to date.
    Event.objects.select_for_update().only("pk").get(pk=event.pk)
    firm_sessions = list(unavailable_sessions)
    raise_errors(registration_errors(event, by=by, organization=organization, attendees=attendees,
                                     unavailable_sessions=firm_sessions, wants_table=wants_table,
                                     max_meetings=max_meetings))
    table = free_table(event) if wants_table else None
    full = event.capacity is not None and event.registrations.filter(waitlisted=False).count() >= event.capacity
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event, organization=organization, own_table=None if full else table, remote=remote,
                max_meetings=max_meetings, registered_by=by, waitlisted=full,
            )
    except IntegrityError as exc:  # a concurrent registration got there first
        if table is not None and Registration.objects.filter(own_table=table).exists():
            raise ValidationError({"wants_table": _("No free table is left for exhibitors.")}) from exc
        raise ValidationError({"organization": _("This organization is already registered.")}) from exc
    registration.unavailable_sessions.set(firm_sessions)
    actfor.record(by=by, organization=organization, action="events.register", subject=registration)
    for a in attendees:
        own = a.get("unavailable_sessions")
        attendee = Attendee.objects.create(
            registration=registration, name=a["name"].strip(), email=a.get("email") or "",
            languages=sorted(set(a.get("languages") or [])), person=a.get("person"))
        attendee.unavailable_sessions.set(firm_sessions if own is None else own)
    return registration


def availability_errors(registration: Registration, *,
                        unavailable_sessions: Iterable[Session] | None = None,
                        per_attendee: Mapping[int, Iterable[Session]] | None = None) -> Errors:
    """What is wrong with an availability change (field -> messages)."""
    event = registration.event
    errors: Errors = {}
    if unavailable_sessions is None and not per_attendee:
        add_error(errors, "__all__", _("Give unavailable_sessions or attendees."))
    if unavailable_sessions is not None:
        own_sessions(event, unavailable_sessions, "unavailable_sessions", errors)
    mine = set(registration.attendees.values_list("pk", flat=True))
    for attendee_id, sessions in (per_attendee or {}).items():
        if attendee_id not in mine:
            add_error(errors, "attendees", _("An attendee of another registration."))
        own_sessions(event, sessions, "attendees", errors)
    return errors


@transaction.atomic
def change_availability(registration: Registration, *, by: User,
                        unavailable_sessions: Iterable[Session] | None = None,
                        per_attendee: Mapping[int, Iterable[Session]] | None = None) -> list[Meeting]:
    """Set the sessions the registration's people cannot attend: `unavailable_sessions` for
    the firm as a whole (every attendee and the registration's own setting), `per_attendee`
    (attendee id → sessions) for one person or more (the others are unchanged). The firm is
    available in a session when one of its attendees is.

    Returns the scheduled meetings that now fall in a session the firm cannot attend (a
    re-plan moves them). Side effect: after publication, the host office's officers are
    notified."""
    require(by, "events.change_registration", registration)
    event = registration.event
    firm = None if unavailable_sessions is None else list(unavailable_sessions)
    people = {pk: list(sessions) for pk, sessions in (per_attendee or {}).items()}
    raise_errors(availability_errors(registration, unavailable_sessions=firm, per_attendee=people))
    attendees = {a.pk: a for a in registration.attendees.all()}
    if firm is not None:
        registration.unavailable_sessions.set(firm)
        for attendee in attendees.values():
            attendee.unavailable_sessions.set(firm)
    for attendee_id, sessions in people.items():
        attendees[attendee_id].unavailable_sessions.set(sessions)
    actfor.record(by=by, organization=registration.organization, action="events.availability",
                  subject=registration)
    fresh = Registration.objects.prefetch_related(
        "unavailable_sessions", "attendees__unavailable_sessions").get(pk=registration.pk)
    ids = fresh.unavailable_session_ids()
    clashing = [
        m for m in Meeting.objects.filter(
            Q(a=registration) | Q(b=registration), status=Meeting.Status.SCHEDULED,
        ).select_related("slot")
        if m.slot and m.slot.session_id in ids
    ]
    if clashing and event.published_at:
        notify(
            event.host_office.officers.all(), kind="events.availability",
            title=gettext_lazy("%(organization)s changed availability: %(count)s meetings to re-plan"),
            url=reverse("events:schedule", args=[event.pk]),
            context={"organization": str(registration.organization), "count": len(clashing)},
        )
    return clashing


@transaction.atomic
def revoke_calendar(attendee: Attendee, *, by: User) -> Attendee:
    """Draw a new secret for the attendee's calendar subscription URL (the old one stops
    working at once)."""
    require(by, "events.change_registration", attendee.registration)
    attendee.calendar_token = new_token()
    attendee.save(update_fields=["calendar_token"])
    return attendee


def _admit(registration: Registration, event: Event) -> None:
    registration.waitlisted = False
    registration.save(update_fields=["waitlisted"])
    notify(users_of([registration]), kind="events.admitted",
           title=gettext_lazy("%(organization)s is admitted to %(event)s"),
           url=reverse("events:detail", args=[event.pk]),
           context={"organization": str(registration.organization), "event": event.title})


@transaction.atomic
def admit_from_waiting_list(registration: Registration, *, by: User) -> Registration:
    """The host office admits a firm from the waiting list (beyond the capacity if it so
    decides). Side effect: the firm's members are notified."""
    require(by, "events.manage_event", registration.event)
    if not registration.waitlisted:
        raise ValidationError(_("This firm is not on the waiting list."))
    _admit(registration, registration.event)
    return registration


def fill_from_waiting_list(event: Event) -> list[Registration]:
    """Admit firms from the waiting list, in the order they joined it, while the event has
    free places (a withdrawn registration, a raised or removed capacity). Side effect: each
    admitted firm's members are notified. Returns the admitted registrations."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().only("pk", "capacity").get(pk=event.pk)
        waiting = event.registrations.filter(waitlisted=True).select_related("organization").order_by(
            "created_at", "pk")
        if locked.capacity is None:
            admitted = list(waiting)
        else:
            free = locked.capacity - event.registrations.filter(waitlisted=False).count()
            admitted = list(waiting[:free]) if free > 0 else []
        for registration in admitted:
            _admit(registration, event)
    return admitted


@transaction.atomic
def withdraw_registration(registration: Registration, *, by: User) -> list[Registration]:
    """The firm leaves the event (its members or office withdraw it; the host office cancels
    it), or leaves the waiting list. Its meetings are cancelled first (after publication the
    other side is told and calendars get METHOD:CANCEL), then the registration, its people
    and its requests are removed. The place it held goes to the first firm on the waiting
    list. Returns the registrations admitted in its place."""
    require(by, "events.change_registration", registration)
    event = registration.event
    Event.objects.select_for_update().only("pk").get(pk=event.pk)
    held_place = not registration.waitlisted
    for meeting in (Meeting.objects.filter(Q(a=registration) | Q(b=registration))
                    .exclude(status=Meeting.Status.CANCELLED)
                    .select_related("event", "slot", "a__organization", "b__organization")):
        cancel_meeting(meeting, by=by)
    actfor.record(by=by, organization=registration.organization, action="events.withdraw", subject=event)
    registration.delete()
    return fill_from_waiting_list(event) if held_place else []


BULK_MAX = 200  # firms one bulk registration may name


def bulk_attendees(organization: Organization) -> list[AttendeeData]:
    """The people a firm registered in bulk comes with: its directory contacts (their names,
    e-mails and languages), else one attendee named after the firm speaking its language."""
    people: list[AttendeeData] = [
        {"name": p.name, "email": p.email, "languages": list(p.languages or [organization.language]), "person": p}
        for p in organization.people.all()[:3]]
    return people or [{"name": organization.name[:NAME_MAX], "languages": [organization.language]}]


def register_many(event: Event, *, by: User, organizations: list[Organization]) -> tuple[list[Registration], dict[str, str]]:
    """Register several firms at once (an office's "register these 40 firms"), each with
    `bulk_attendees`. Each firm is registered or refused on its own: returns the registrations
    and, for each refused firm, why (already registered, not the actor's office, …)."""
    if len(organizations) > BULK_MAX:
        raise ValidationError({"organizations": _("Register at most %(max)s firms at once.") % {"max": BULK_MAX}})
    refuse_unless_may_register(event, by)
    done: list[Registration] = []
    refused: dict[str, str] = {}
    for organization in organizations:
        try:
            with transaction.atomic():
                done.append(register(event, by=by, organization=organization,
                                     attendees=bulk_attendees(organization)))
        except ValidationError as e:
            refused[organization.name] = " ".join(e.messages)
    return done, refused
