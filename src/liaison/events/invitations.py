"""Calendars that reach people: each attendee and interpreter, with or without a login, gets
their agenda by e-mail in their language with an iCalendar invitation, on publication and on
every change; and a private calendar subscription URL that calendar apps poll.

iCalendar (RFC 5545 / iTIP RFC 5546): an invitation is `METHOD:REQUEST` with one VEVENT per
meeting (UID `meeting-<id>@liaison`, kept for the meeting's life; SEQUENCE raised on every
change after publication, so calendar programs update the event in place); a dropped
meeting goes out as `METHOD:CANCEL` with the same UID. Times are written on the event's
clock (`DTSTART;TZID=Asia/Jerusalem`, with the VTIMEZONE), and the description gives the
person's home time beside it. The subscription feed is `METHOD:PUBLISH`.

E-mail goes through `notifications.outbox.send_to_address` (stored, sent by the worker after
the commit, retried).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from liaison.events import calendars
from liaison.events.models import Attendee, Event, Interpreter, Meeting, Registration, Slot
from liaison.notifications.outbox import send_to_address

# An attendee's spoken language → the UI language their e-mail is written in.
MAIL_LANGUAGES = {"zh": "zh-hans", "he": "he", "en": "en"}


@dataclass
class Person:
    """Someone who gets calendars: an attendee (of a registration) or an interpreter."""

    name: str
    email: str
    language: str  # a UI language code
    home: zoneinfo.ZoneInfo
    attendee: Attendee | None = None
    interpreter: Interpreter | None = None

    @property
    def token(self) -> str:
        return self.attendee.calendar_token if self.attendee else ""


@dataclass
class Change:
    """What changed for a meeting, for the people in it."""

    meeting: Meeting
    kind: str  # "moved", "dropped", "new"
    old_slot: Slot | None = None
    old_interpreter_id: int | None = None
    reason: str = ""

    @property
    def interpreter_ids(self) -> set[int]:
        return {pk for pk in (self.meeting.interpreter_id, self.old_interpreter_id) if pk}


def mail_language(spoken: Iterable[str]) -> str:
    """The first of the person's languages the interface speaks, else English."""
    for code in spoken or ():
        if code in MAIL_LANGUAGES:
            return MAIL_LANGUAGES[code]
    return "en"


def attendee_person(attendee: Attendee, event: Event) -> Person:
    registration = attendee.registration
    return Person(attendee.name, attendee.email, mail_language(attendee.languages),
                  calendars.home_timezone(registration.organization, event), attendee=attendee)


def interpreter_person(interpreter: Interpreter, event: Event) -> Person:
    return Person(interpreter.name, interpreter.email, mail_language(interpreter.languages), event.tz,
                  interpreter=interpreter)


def meetings_of(person: Person, event: Event) -> list[Meeting]:
    """The person's meetings that calendars show: scheduled ones (and, for the feed,
    cancelled ones that were once on it so calendars drop them)."""
    qs = event.meetings.select_related("slot", "published_slot", "table", "interpreter",
                                       "a__organization", "b__organization")
    if person.attendee is not None:
        reg = person.attendee.registration_id
        qs = qs.filter(Q(a_id=reg) | Q(b_id=reg))
    else:
        assert person.interpreter is not None
        qs = qs.filter(interpreter=person.interpreter)
    return list(qs.order_by("slot__starts_at", "pk"))


def subscription_url(person: Person) -> str:
    if not person.token:
        return ""
    return settings.SITE_URL.rstrip("/") + reverse("events:calendar_feed", args=[person.token])


def _when(slot: Slot, person: Person, event: Event) -> str:
    return calendars.both_times(slot.starts_at, person.home, event)


def _counterpart(meeting: Meeting, person: Person) -> str:
    if person.attendee is not None:
        reg_id = person.attendee.registration_id
        other = meeting.b if meeting.a_id == reg_id else meeting.a
        return other.organization.display_name
    return f"{meeting.a.organization.display_name} – {meeting.b.organization.display_name}"


def _line(meeting: Meeting, slot: Slot, person: Person, event: Event) -> str:
    parts = [_when(slot, person, event), _counterpart(meeting, person)]
    if meeting.table_id and meeting.table:
        parts.append(_("table %(table)s") % {"table": meeting.table.name})
    if meeting.interpreter_id and meeting.interpreter and person.interpreter is None:
        parts.append(_("interpreter %(name)s") % {"name": meeting.interpreter.name})
    return " · ".join(parts)


def ics(event: Event, person: Person, meetings: list[Meeting], *, method: str) -> bytes:
    """An iCalendar object for `person`: REQUEST (invitations), CANCEL (dropped meetings,
    with the slot they had) or PUBLISH (the subscription feed, cancelled ones marked so)."""
    from icalendar import Calendar, vCalAddress
    from icalendar import Event as VEvent

    cal = Calendar()
    cal.add("prodid", "-//Liaison//events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", f"{event.title} — {person.name}")
    cal.add("x-wr-timezone", event.timezone)
    organizer = vCalAddress(f"mailto:{event.host_office.email or 'noreply@liaison.invalid'}")
    organizer.params["cn"] = str(event.host_office)
    tz = event.tz
    for m in meetings:
        slot = m.slot if m.slot_id else m.published_slot
        if slot is None:
            continue
        ve = VEvent()
        ve.add("uid", m.uid)
        ve.add("sequence", m.sequence)
        ve.add("dtstamp", m.updated_at.astimezone(dt.UTC))
        ve.add("dtstart", slot.starts_at.astimezone(tz))
        ve.add("dtend", slot.ends_at.astimezone(tz))
        ve.add("summary", _("Meeting with %(organization)s") % {"organization": _counterpart(m, person)})
        location = ", ".join(x for x in [event.venue, m.table.name if m.table_id and m.table else ""] if x)
        if location:
            ve.add("location", location)
        lines = [_when(slot, person, event)]
        if m.interpreter_id and m.interpreter:
            lines.append(_("Interpreter: %(name)s") % {"name": m.interpreter.name})
        link = event.video_link(m.pk)
        if link and (m.a.remote or m.b.remote):
            lines.append(_("Video link: %(url)s") % {"url": link})
        ve.add("description", "\n".join(lines))
        ve.add("organizer", organizer)
        if person.email:
            attendee = vCalAddress(f"mailto:{person.email}")
            attendee.params["cn"] = person.name
            attendee.params["role"] = "REQ-PARTICIPANT"
            ve.add("attendee", attendee)
        cancelled = method == "CANCEL" or m.status in (Meeting.Status.CANCELLED, Meeting.Status.UNSCHEDULED)
        ve.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        cal.add_component(ve)
    # The zone's rules for the event's years only: a VTIMEZONE spanning decades is written
    # as long RDATE lists, which a second parser (vobject) read an hour off in summer.
    cal.add_missing_timezones(first_date=dt.date(event.start_date.year, 1, 1),
                              last_date=dt.date(event.end_date.year + 1, 1, 1))
    return bytes(cal.to_ical())


def _send(event: Event, person: Person, subject: str, lines: list[str],
          requests: list[Meeting], cancels: list[Meeting], kind: str) -> None:
    url = subscription_url(person)
    body = [_("Dear %(name)s,") % {"name": person.name}, "", *lines, ""]
    if event.venue:
        body.append(_("Venue: %(venue)s") % {"venue": event.venue})
    body.append(_("Times are on the event's clock (%(zone)s), your home time beside them.")
                % {"zone": event.timezone})
    if url:
        body += ["", _("Your calendar, always up to date (add it to your calendar app): %(url)s") % {"url": url}]
    attachments = []
    if requests:
        attachments.append(("invite.ics", ics(event, person, requests, method="REQUEST"),
                            "text/calendar; method=REQUEST; charset=utf-8"))
    if cancels:
        attachments.append(("cancel.ics", ics(event, person, cancels, method="CANCEL"),
                            "text/calendar; method=CANCEL; charset=utf-8"))
    send_to_address(person.email, subject, "\n".join(body), attachments=attachments, kind=kind)


def people_of_event(event: Event) -> list[Person]:
    """Everyone with an e-mail address: the attendees of every registration and the
    confirmed interpreters."""
    people = [attendee_person(a, event) for a in Attendee.objects.filter(registration__event=event)
              .exclude(email="").select_related("registration__organization__ecosystem")]
    people += [interpreter_person(i, event) for i in event.interpreters.filter(status=Interpreter.Status.CONFIRMED)
               .exclude(email="")]
    return people


def send_agendas(event: Event) -> int:
    """On publication: each person's whole agenda with an invitation for every meeting.
    Returns the number of e-mails."""
    sent = 0
    for person in people_of_event(event):
        meetings = [m for m in meetings_of(person, event) if m.status == Meeting.Status.SCHEDULED and m.slot_id]
        if not meetings:
            continue
        with translation.override(person.language):
            lines = [_line(m, m.slot, person, event) for m in meetings if m.slot]  # type: ignore[arg-type]
            _send(event, person, _("Your agenda for %(event)s") % {"event": event.title},
                  [_("Your meetings:"), *lines], meetings, [], "events.agenda")
        sent += 1
    return sent


def send_changes(event: Event, changes: list[Change]) -> int:
    """After a change to the published schedule: only the people whose meetings changed,
    each with what changed for them (an invitation with the raised SEQUENCE for a moved or
    new meeting, a cancellation for a dropped one). Returns the number of e-mails."""
    if not changes:
        return 0
    registration_ids = {r for c in changes for r in (c.meeting.a_id, c.meeting.b_id)}
    interpreter_ids: dict[int, set[int]] = {}
    for i, c in enumerate(changes):
        for pk in c.interpreter_ids:
            interpreter_ids.setdefault(pk, set()).add(i)
    people = [attendee_person(a, event) for a in Attendee.objects.filter(registration_id__in=registration_ids)
              .exclude(email="").select_related("registration__organization__ecosystem")]
    people += [interpreter_person(i, event) for i in Interpreter.objects.filter(pk__in=interpreter_ids)
               .exclude(email="")]
    sent = 0
    for person in people:
        if person.attendee is not None:
            mine = [c for c in changes if person.attendee.registration_id in (c.meeting.a_id, c.meeting.b_id)]
        else:
            assert person.interpreter is not None
            mine = [changes[i] for i in sorted(interpreter_ids[person.interpreter.pk])]
        if not mine:
            continue
        with translation.override(person.language):
            lines, requests, cancels = [], [], []
            for c in mine:
                m = c.meeting
                if c.kind == "dropped" or (person.interpreter is not None and m.interpreter_id != person.interpreter.pk):
                    slot = c.old_slot or m.published_slot
                    text = _line(m, slot, person, event) if slot else _counterpart(m, person)
                    lines.append(_("Dropped: %(meeting)s") % {"meeting": text}
                                 + (f" — {c.reason}" if c.reason else ""))
                    cancels.append(m)
                elif c.kind == "new":
                    lines.append(_("New: %(meeting)s") % {"meeting": _line(m, m.slot, person, event)})  # type: ignore[arg-type]
                    requests.append(m)
                else:
                    before = _when(c.old_slot, person, event) if c.old_slot else ""
                    lines.append(_("Moved: %(meeting)s (was %(before)s)")
                                 % {"meeting": _line(m, m.slot, person, event), "before": before})  # type: ignore[arg-type]
                    requests.append(m)
            _send(event, person, _("Changes to your meetings at %(event)s") % {"event": event.title},
                  [_("What changed for you:"), *lines], requests, cancels, "events.agenda_update")
        sent += 1
    return sent


def feed(attendee: Attendee) -> bytes:
    """The subscription feed of one attendee (METHOD:PUBLISH): every meeting once placed,
    cancelled ones marked so calendars drop them."""
    registration: Registration = attendee.registration
    event = registration.event
    person = attendee_person(attendee, event)
    meetings = [m for m in meetings_of(person, event) if m.status != Meeting.Status.ACCEPTED]
    if event.published_at is None:
        meetings = []
    return ics(event, person, meetings, method="PUBLISH")


def send_reminders(event: Event, day: dt.date) -> int:
    """The day before: each person with meetings on `day` (the event's clock) gets them."""
    sent = 0
    for person in people_of_event(event):
        meetings = [m for m in meetings_of(person, event) if m.status == Meeting.Status.SCHEDULED and m.slot
                    and m.slot.starts_at.astimezone(event.tz).date() == day]
        if not meetings:
            continue
        with translation.override(person.language):
            lines = [_line(m, m.slot, person, event) for m in meetings if m.slot]  # type: ignore[arg-type]
            _send(event, person, _("Tomorrow at %(event)s: %(count)s meetings") % {
                "event": event.title, "count": len(meetings)}, [_("Your meetings tomorrow:"), *lines],
                [], [], "events.reminder")
        sent += 1
    return sent
