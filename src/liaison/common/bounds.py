"""The bounds of what a user may send: dates and periods, integers, free text, page sizes.

Every number, length and date range a user can enter has one limit, declared here (or on the
model field it is stored in) and enforced by the service, so a page and the API refuse the
same input with the same field error. The API's schemas carry the integer and page bounds
too, so a value no database could hold (an id past 64 bits) is a 422 naming the field before
any query runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from pydantic import Field as SchemaField

# Dates a user may enter (event days, report periods, outcome dates): a window around the
# platform's lifetime. Outside it a date is a typo or an attack (9999-12-31 made an event page
# build millions of days).
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2099, 12, 31)
YEAR_MIN, YEAR_MAX = DATE_MIN.year, DATE_MAX.year

# An event runs at most a month; a report covers at most ten years.
EVENT_MAX_DAYS = 31
REPORT_MAX_DAYS = 3653

# Integers the databases can hold (SQLite's INTEGER and PostgreSQL's bigint).
INT64_MAX = 2**63 - 1

# Pages of a list: at most this many items per page, and an offset past any real list.
PAGE_MAX = 100
# (offsets: `paging.MAX_OFFSET`)

# Money: at most 15 digits (13 before the point, 2 after), the models' max_digits. SQLite keeps
# a decimal as a double, exact to 15 digits: a longer amount would read back rounded, as a
# float (a 1e16 value did). An exchange rate to the base currency: 15 digits too (5 + 10).
MONEY_DIGITS = 15
RATE_DIGITS = 15

# Items in one list a caller sends (sectors, languages, sessions, attendees, ids).
LIST_MAX = 100

# Free text stored without a declared length (descriptions, notes, messages).
TEXT_MAX = 10_000

# An integer in an API schema: a row's id, or any other integer a caller sends.
Id = Annotated[int, SchemaField(ge=1, le=INT64_MAX)]
Int64 = Annotated[int, SchemaField(ge=-INT64_MAX, le=INT64_MAX)]
_T = TypeVar("_T")
# A list in an API schema: at most LIST_MAX items (`Many[str]`).
Many = Annotated[list[_T], SchemaField(max_length=LIST_MAX)]


def date_error(value: Any) -> str | None:
    """Why `value` (a date or datetime) is outside the window, or None."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date) and not DATE_MIN <= value <= DATE_MAX:
        return _("Give a date between %(first)s and %(last)s.") % {
            "first": DATE_MIN.isoformat(), "last": DATE_MAX.isoformat()}
    return None


def period_errors(start: Any, end: Any, *, start_field: str, end_field: str,
                  max_days: int) -> dict[str, list[str]]:
    """The field errors of a period from `start` to `end` (dates, both days included): each
    within the window, in order, and at most `max_days` long."""
    errors: dict[str, list[str]] = {}
    for field, value in ((start_field, start), (end_field, end)):
        message = date_error(value)
        if message:
            errors[field] = [message]
    if errors or not (isinstance(start, dt.date) and isinstance(end, dt.date)):
        return errors
    if end < start:
        errors[end_field] = [_("The end is before the start.")]
    elif (end - start).days + 1 > max_days:
        errors[end_field] = [_("A period of at most %(days)d days.") % {"days": max_days}]
    return errors


def text_error(value: Any, max_length: int) -> str | None:
    """Why the free text `value` cannot be stored, or None: a NUL character (PostgreSQL cannot
    store it and no one types it) or more than `max_length` characters."""
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return _("The text contains a NUL character.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in JSON): no database stores it
        return _("The text is not valid Unicode.")
    try:
        MaxLengthValidator(max_length)(value)  # Django's own message, in every language
    except ValidationError as error:
        return str(error.messages[0])
    return None


def parse_id(value: Any) -> int | None:
    """A row id from a page's query string or form ("12"), or None when it is not one: not
    digits, or past 64 bits (a database could not even look it up)."""
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= INT64_MAX else None
