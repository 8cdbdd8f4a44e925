"""Setting an event up: the event itself, its status, its sessions (cut into slots) and its
tables. The host office's officers do this."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.common.bounds import EVENT_MAX_DAYS, period_errors, text_error
from liaison.common.errors import PermissionDenied, ValidationError, require
from liaison.common.urls import url_error
from liaison.common.validation import FieldErrors
from liaison.events.models import Event, Session, Slot, Table
from liaison.events.services._common import Errors, add_error, raise_errors

EVENT_FIELDS = (
    "title", "kind", "direction", "partner_ecosystem", "description", "start_date", "end_date",
    "venue", "timezone", "slot_minutes", "registration_opens", "registration_closes",
    "video_link_template", "request_cap", "request_days", "breaks", "pairs", "meeting_cap", "public",
    "capacity",
)

TABLE_NAME_MAX = Table._meta.get_field("name").max_length or 60
SESSION_NAME_MAX = Session._meta.get_field("name").max_length or 100


# Fields checked against the model's declarations (the partner ecosystem is a row, parsed by
# the front).
_DECLARED = tuple(f for f in EVENT_FIELDS if f != "partner_ecosystem")


def validate_event(data: dict[str, Any], *, event: Event | None = None) -> dict[str, Any]:
    """Check a new event, or `event` with the changes in `data`, and return its fields cleaned:
    a title, kinds from the lists, days within the date window and at most EVENT_MAX_DAYS
    long, a known time zone, registration closing after it opens, a video-link template that
    makes an http(s) address, and each number within its field's bounds.

    Raises ValidationError naming each bad field; reads and writes nothing."""
    current = {k: getattr(event, k) for k in EVENT_FIELDS} if event is not None else {}
    given = {**current, **{k: v for k, v in data.items() if k in EVENT_FIELDS}}
    for name in ("title", "description", "venue", "timezone", "video_link_template"):
        if isinstance(given.get(name), str):
            given[name] = given[name].strip()
    errors = FieldErrors()
    if not given.get("title"):
        errors.add("title", _("Give the event a title."))
    for name in ("start_date", "end_date"):
        if given.get(name) in (None, ""):
            errors.add(name, _("Give the date."))
    timezone = given.get("timezone") or "UTC"
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors.add("timezone", _("Unknown time zone, e.g. Asia/Jerusalem."))
    link = given.get("video_link_template") or ""
    message = url_error(link.replace("{meeting}", "1")) if link else None
    if message:
        errors.add("video_link_template", message)
    # (a field that already has an error is not checked again)
    cleaned = errors.model_fields(Event, {k: given[k] for k in _DECLARED if k in given})
    for field, messages in period_errors(
            cleaned.get("start_date"), cleaned.get("end_date"), start_field="start_date",
            end_field="end_date", max_days=EVENT_MAX_DAYS).items():
        for m in messages:
            errors.add(field, m)
    opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
    if opens and closes and closes <= opens and "registration_closes" not in errors:
        errors.add("registration_closes", _("Registration closes after it opens."))
    errors.raise_if_any()
    if "partner_ecosystem" in given:
        cleaned["partner_ecosystem"] = given["partner_ecosystem"]
    return cleaned


@transaction.atomic
def create_event(*, by: User, data: dict[str, Any]) -> Event:
    """A draft event hosted by the actor's office (`data` checked by `validate_event`)."""
    require(by, "events.create_event")
    if by.office_id is None:  # the rule lets officers only; this says so to the type checker
        raise PermissionDenied("events.create_event")
    cleaned = validate_event(data)
    return Event.objects.create(host_office_id=by.office_id, created_by=by, **cleaned)


@transaction.atomic
def update_event(event: Event, *, by: User, data: dict[str, Any]) -> Event:
    """Change the event's fields in `data` (checked by `validate_event`). A raised or removed
    capacity admits firms from the waiting list, in the order they joined it."""
    require(by, "events.manage_event", event)
    before = event.capacity
    for k, v in validate_event(data, event=event).items():
        setattr(event, k, v)
    event.save()
    if event.capacity != before and (event.capacity is None or (before is not None and event.capacity > before)):
        from liaison.events.services.registration import fill_from_waiting_list

        fill_from_waiting_list(event)
    return event


@transaction.atomic
def set_status(event: Event, *, by: User, status: str) -> Event:
    """Move the event to another status (any order: officers correct mistakes)."""
    require(by, "events.manage_event", event)
    if status not in Event.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status in (Event.Status.SCHEDULED, Event.Status.RUNNING) and not event.published_at:
        raise ValidationError({"status": _("Publish the schedule first.")})
    event.status = status
    event.save(update_fields=["status"])
    return event


def _slot_times(event: Event, session: Session) -> list[tuple[dt.datetime, dt.datetime]]:
    tz = event.tz
    start = dt.datetime.combine(session.date, session.start_time, tzinfo=tz)
    end = dt.datetime.combine(session.date, session.end_time, tzinfo=tz)
    step = dt.timedelta(minutes=event.slot_minutes)
    out = []
    while start + step <= end:
        out.append((start, start + step))
        start += step
    return out


@transaction.atomic
def add_session(event: Event, *, by: User, name: str, date: dt.date, start_time: dt.time,
                end_time: dt.time) -> Session:
    """A session of meeting slots; its slots are created from the event's slot length."""
    require(by, "events.manage_event", event)
    errors: Errors = {}
    name = (name or "").strip()
    message = text_error(name, SESSION_NAME_MAX)
    if not name:
        add_error(errors, "name", _("Give the session a name."))
    elif message:
        add_error(errors, "name", message)
    if not event.start_date <= date <= event.end_date:
        add_error(errors, "date", _("The date must be within the event's days."))
    if end_time <= start_time:
        add_error(errors, "end_time", _("A session ends after it starts."))
    raise_errors(errors)
    session = Session.objects.create(event=event, name=name, date=date, start_time=start_time,
                                     end_time=end_time)
    times = _slot_times(event, session)
    if not times:
        raise ValidationError({"end_time": _("The session is shorter than one slot.")})
    Slot.objects.bulk_create([Slot(session=session, starts_at=s, ends_at=e) for s, e in times])
    return session


@transaction.atomic
def add_tables(event: Event, *, by: User, names: list[str]) -> list[Table]:
    """Tables or rooms by name; names already present are kept."""
    require(by, "events.manage_event", event)
    clean = [n.strip() for n in names if n.strip()]
    if not clean:
        raise ValidationError({"names": _("Give at least one table name.")})
    if any(len(n) > TABLE_NAME_MAX for n in clean):
        raise ValidationError({"names": _("A table name has at most 60 characters.")})
    for n in clean:
        if text_error(n, TABLE_NAME_MAX):
            raise ValidationError({"names": str(text_error(n, TABLE_NAME_MAX))})
    existing = set(event.tables.values_list("name", flat=True))
    return [Table.objects.create(event=event, name=n) for n in dict.fromkeys(clean) if n not in existing]
