"""Two calendars: weekends and public holidays of the countries an event brings together,
and times shown in the viewer's time zone with the event's beside it.

Holidays come from `data/holidays.json` (2026–2027, CN and IL, kept by hand); weekends are
rules per country (CN Saturday–Sunday, IL Friday–Saturday).
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from liaison.events.models import Event

DATA = Path(__file__).resolve().parent / "data" / "holidays.json"


@cache
def _table() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class DayOff:
    date: dt.date
    country: str
    reason: str


def day_off(date: dt.date, country: str) -> str | None:
    """Why `date` is not a working day in `country`, or None."""
    table = _table()
    holiday = table.get(country, {}).get(date.isoformat())
    if holiday:
        return str(holiday)
    weekend = table["weekends"].get(country, table["weekends"]["default"])
    if date.weekday() in weekend:
        return _("weekend")
    return None


def event_countries(event: Event) -> list[str]:
    countries = [event.host_office.ecosystem.country, event.host_office.park.ecosystem.country]
    if event.partner_ecosystem_id:
        countries.append(event.partner_ecosystem.country)  # type: ignore[union-attr]
    return list(dict.fromkeys(c.upper() for c in countries))


def days_off(event: Event) -> list[DayOff]:
    """The event's days that are off for either side, for a warning while planning."""
    out = []
    for day in event.days():
        for country in event_countries(event):
            reason = day_off(day, country)
            if reason:
                out.append(DayOff(day, country, reason))
    return out


def viewer_timezone(user: Any, event: Event) -> zoneinfo.ZoneInfo:
    """The user's organization's ecosystem zone, else their office's, else the event's."""
    if getattr(user, "is_authenticated", False):
        membership = user.memberships.select_related("organization__ecosystem").first()
        if membership is not None:
            return zoneinfo.ZoneInfo(membership.organization.ecosystem.timezone)
        if user.office_id:
            return zoneinfo.ZoneInfo(user.office.ecosystem.timezone)
    return event.tz


def both_times(moment: dt.datetime, viewer: zoneinfo.ZoneInfo, event: Event) -> str:
    """'09:00 (Asia/Shanghai) · 03:00 event time' or one time when the zones agree."""
    local = moment.astimezone(viewer)
    text = f"{local:%Y-%m-%d %H:%M}"
    if str(viewer) != event.timezone:
        there = moment.astimezone(event.tz)
        text += " " + _("(%(zone)s; %(time)s at the event)") % {
            "zone": str(viewer), "time": f"{there:%Y-%m-%d %H:%M}"}
    return text
