"""Agendas: each participant's meetings as rows, as an iCalendar file and as a PDF; the
table plan and the interpreters' rota as PDFs for the venue.

iCalendar: one VEVENT per meeting with a stable UID (`meeting-<id>@liaison`), SEQUENCE from
the meeting (incremented on every move after publication) and STATUS:CANCELLED for a
cancelled meeting, so calendar programs update events in place. Times are UTC (each
calendar program shows them on its own clock). The PDFs print every time on the event's clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from liaison.events import calendars
from liaison.events.models import Event, Meeting, Registration, Slot


@dataclass
class AgendaRow:
    meeting: Meeting
    counterpart: Registration
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    table: str
    interpreter: str
    video: str
    when: str = ""  # on the event's clock
    home: str = ""  # on the participant's home clock, when it reads differently


def agenda_meetings(registration: Registration) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(Q(a=registration) | Q(b=registration))
        .exclude(status=Meeting.Status.ACCEPTED)
        .select_related("slot", "table", "interpreter", "a__organization", "b__organization", "event")
        .prefetch_related("a__attendees", "b__attendees")
        .order_by("slot__starts_at", "pk")
    )


def agenda_rows(registration: Registration) -> list[AgendaRow]:
    rows = []
    for m in agenda_meetings(registration):
        if m.status != Meeting.Status.SCHEDULED:
            continue
        rows.append(AgendaRow(
            meeting=m, counterpart=m.other(registration),
            starts_at=m.slot.starts_at if m.slot else None, ends_at=m.slot.ends_at if m.slot else None,
            table=m.table.name if m.table else "", interpreter=m.interpreter.name if m.interpreter else "",
            video=m.event.video_link(m.pk) if registration.remote or m.other(registration).remote else "",
            when=calendars.event_time(m.slot.starts_at, m.event) if m.slot else "",
        ))
    return rows


def agenda_ics(registration: Registration) -> bytes:
    """The registration's meetings, cancelled ones included (so calendars drop them)."""
    event = registration.event
    from icalendar import Calendar  # a third of a second to import: on first use

    cal = Calendar()
    cal.add("prodid", "-//Liaison//events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{event.title} — {registration.organization}")
    for m in agenda_meetings(registration):
        slot: Slot | None = m.slot or (m.published_slot if m.published_slot_id else None)
        if slot is None:
            continue
        other = m.other(registration)
        ve = VEvent()
        ve.add("uid", m.uid)
        ve.add("sequence", m.sequence)
        ve.add("dtstamp", m.updated_at.astimezone(dt.UTC))
        ve.add("dtstart", slot.starts_at.astimezone(dt.UTC))
        ve.add("dtend", slot.ends_at.astimezone(dt.UTC))
        ve.add("summary", _("Meeting with %(organization)s") % {"organization": other.organization.name})
        location = ", ".join(x for x in [event.venue, m.table.name if m.table else ""] if x)
        if location:
            ve.add("location", location)
        lines = [_("Attendees: %(names)s") % {"names": ", ".join(a.name for a in other.attendees.all())}]
        if m.interpreter_id and m.interpreter:
            lines.append(_("Interpreter: %(name)s") % {"name": m.interpreter.name})
        link = event.video_link(m.pk)
        if link:
            lines.append(_("Video link: %(url)s") % {"url": link})
            ve.add("url", link)
        ve.add("description", "\n".join(lines))
        if m.status in (Meeting.Status.CANCELLED, Meeting.Status.UNSCHEDULED):
            ve.add("status", "CANCELLED")
        else:
            ve.add("status", "CONFIRMED")
        cal.add_component(ve)
    return bytes(cal.to_ical())


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return bytes(HTML(string=html, base_url=str(settings.STATIC_ROOT)).write_pdf())


def pdf_document(template: str, context: dict[str, Any]) -> Any:
    """The laid-out document (for tests that read the text back)."""
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context)).render()


def agenda_context(registration: Registration) -> dict[str, Any]:
    """A participant's agenda for print: every time on the event's clock (templates would turn
    an aware datetime back to the server's zone, so times go in as text), and the
    participant's home clock beside it when it reads differently (Beijing delegates in Tel
    Aviv see Tel Aviv time, then Beijing's)."""
    event = registration.event
    home = calendars.home_timezone(registration.organization, event)
    rows = agenda_rows(registration)
    for r in rows:
        r.home = calendars.home_time(r.starts_at, home, event) if r.starts_at else ""
    shown_home = str(home) if any(r.home for r in rows) else ""
    from liaison.events import checkin

    codes = [(a, checkin.qr_image(checkin.checkin_url(a))) for a in registration.attendees.all()]
    return {"event": event, "registration": registration, "rows": rows, "home_zone": shown_home,
            "now": timezone.now(), "checkin_codes": codes}


def table_plan_context(event: Event) -> dict[str, Any]:
    slots = list(Slot.objects.filter(session__event=event).select_related("session"))
    tables = list(event.tables.all())
    cells: dict[tuple[int, int], Meeting] = {}
    for m in event.meetings.filter(status=Meeting.Status.SCHEDULED).select_related(
        "a__organization", "b__organization", "interpreter"
    ):
        cells[(m.slot_id, m.table_id)] = m  # type: ignore[index]
    grid = [
        (s, calendars.event_time(s.starts_at, event), [cells.get((s.pk, t.pk)) for t in tables]) for s in slots
    ]
    return {"event": event, "tables": tables, "grid": grid}


def rota_context(event: Event) -> dict[str, Any]:
    scheduled = (
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED)
        .select_related("slot", "table", "a__organization", "b__organization")
        .order_by("slot__starts_at")
    )
    rota = []
    for i in event.interpreters.filter(status="confirmed").prefetch_related(
        Prefetch("meetings", queryset=scheduled, to_attr="scheduled_meetings")
    ):
        meetings = [
            (m, calendars.event_time(m.slot.starts_at, event))
            for m in i.scheduled_meetings  # type: ignore[attr-defined]
            if m.slot
        ]
        rota.append((i, meetings))
    return {"event": event, "rota": rota}
