"""Two calendars: weekends and public holidays of the countries an event brings together,
and times shown on the event's clock, with a participant's home clock beside it.

Holidays, weekends and China's adjusted working days (调休: a Saturday or Sunday worked to
bridge a holiday) come from the `holidays` package, for any year. Holiday names are given in
the viewer's language where the package has it (Chinese for China; Hebrew for Israel),
else in English. A country the package does not know has Saturday–Sunday weekends.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.directory.models import Organization
from liaison.events.models import Event
from liaison.events.rules import Visitor

if TYPE_CHECKING:
    import holidays

DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday, Sunday
# Django's language → the package's; English is the fallback for every country.
LIBRARY_LANGUAGES = {"zh-hans": "zh_CN", "zh": "zh_CN", "he": "he", "en": "en_US"}
ENGLISH = "en_US"


@dataclass(frozen=True)
class DayOff:
    date: dt.date
    country: str
    reason: str


@lru_cache(maxsize=64)
def _calendar(country: str, year: int, language: str) -> holidays.HolidayBase | None:
    try:
        import holidays  # half a second to import: only when a calendar is first needed

        return holidays.country_holidays(country, years=year, language=language)
    except NotImplementedError:  # a country the package does not cover
        return None


@lru_cache(maxsize=1)
def _localized() -> dict[str, list[str]]:
    import holidays

    return dict(holidays.list_localized_countries())


def _language(country: str) -> str:
    """The viewer's language if the package names this country's holidays in it, else English."""
    wanted = LIBRARY_LANGUAGES.get((get_language() or "en").lower(), ENGLISH)
    return wanted if wanted in _localized().get(country, ()) else ENGLISH


def day_off(date: dt.date, country: str) -> str | None:
    """Why `date` is not a working day in `country` (the holiday's name, or "weekend"), or None."""
    calendar = _calendar(country.upper(), date.year, _language(country.upper()))
    if calendar is None:
        return _("weekend") if date.weekday() in DEFAULT_WEEKEND else None
    name = calendar.get(date)
    if name:
        return str(name)
    if date in calendar.weekend_workdays:
        return None
    if date.weekday() in calendar.weekend:
        return _("weekend")
    return None


def adjusted_working_day(date: dt.date, country: str) -> bool:
    """True when `date` is a weekend day worked in `country` to bridge a holiday (调休)."""
    calendar = _calendar(country.upper(), date.year, ENGLISH)
    return calendar is not None and date in calendar.weekend_workdays


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


def working_weekends(event: Event) -> list[DayOff]:
    """The event's weekend days that are working days for one side (adjusted working days)."""
    return [DayOff(day, country, _("adjusted working day"))
            for day in event.days() for country in event_countries(event)
            if adjusted_working_day(day, country)]


def viewer_timezone(user: Visitor, event: Event) -> zoneinfo.ZoneInfo:
    """The user's home zone: their organization's ecosystem's, else their office's, else the event's."""
    if isinstance(user, User):
        membership = user.memberships.select_related("organization__ecosystem").first()
        if membership is not None:
            return home_timezone(membership.organization, event)
        if user.office is not None:
            return _zone(user.office.ecosystem.timezone, event)
    return event.tz


def home_timezone(organization: Organization, event: Event) -> zoneinfo.ZoneInfo:
    """Where a participant organization lives (its ecosystem's zone), else the event's zone."""
    return _zone(organization.ecosystem.timezone, event)


def _zone(name: str, event: Event) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return event.tz


def event_time(moment: dt.datetime, event: Event) -> str:
    """The moment on the event's clock: '2026-05-10 09:00'."""
    return f"{moment.astimezone(event.tz):%Y-%m-%d %H:%M}"


def home_time(moment: dt.datetime, home: zoneinfo.ZoneInfo, event: Event) -> str:
    """The same moment on a participant's home clock, for beside the event's time: '14:00
    in Asia/Shanghai' (with the date when it is another day there), or '' when both clocks agree."""
    there, here = moment.astimezone(event.tz), moment.astimezone(home)
    if there.utcoffset() == here.utcoffset():
        return ""
    when = f"{here:%H:%M}" if here.date() == there.date() else f"{here:%Y-%m-%d %H:%M}"
    return _("%(time)s in %(zone)s") % {"time": when, "zone": str(home)}


def both_times(moment: dt.datetime, viewer: zoneinfo.ZoneInfo, event: Event) -> str:
    """The event's time first, the viewer's home time beside it when it differs:
    '2026-05-10 09:00 (14:00 in Asia/Shanghai)'."""
    text = event_time(moment, event)
    home = home_time(moment, viewer, event)
    return f"{text} ({home})" if home else text
