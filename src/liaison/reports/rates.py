"""Exchange rates: conversion with `Decimal`, the rate date a report used, CSV import.

A report converts every amount with the latest rate on or before one reference date (the end of
its period) and says which date that was, per currency.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.common.bounds import date_error
from liaison.common.errors import ValidationError, require
from liaison.directory.models import CURRENCIES
from liaison.reports.models import BASE_CURRENCY, ExchangeRate

CURRENCY_CODES = {code for code, _label in CURRENCIES}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class RateUsed:
    currency: str
    rate: Decimal
    date: dt.date | None  # None: the base currency itself


class MissingRate(Exception):
    def __init__(self, currency: str, on: dt.date) -> None:
        super().__init__(f"No {currency} rate on or before {on}")
        self.currency = currency
        self.on = on


def rates_on(currencies: set[str], on: dt.date) -> dict[str, RateUsed]:
    """The latest rate on or before `on` for each currency (one query per currency, few)."""
    found: dict[str, RateUsed] = {}
    for currency in sorted(currencies):
        if currency == BASE_CURRENCY:
            found[currency] = RateUsed(currency, Decimal(1), None)
            continue
        row = (ExchangeRate.objects.filter(currency=currency, date__lte=on)
               .order_by("-date").values_list("rate", "date").first())
        if row is None:
            row = (ExchangeRate.objects.filter(currency=currency)
                   .order_by("date").values_list("rate", "date").first())
        if row is None:
            raise MissingRate(currency, on)
        found[currency] = RateUsed(currency, row[0], row[1])
    return found


def available_rates(currencies: set[str], on: dt.date) -> tuple[dict[str, RateUsed], list[str]]:
    """Like rates_on, but currencies without any rate are returned apart instead of raising."""
    found: dict[str, RateUsed] = {}
    missing: list[str] = []
    for currency in sorted(currencies):
        try:
            found.update(rates_on({currency}, on))
        except MissingRate:
            missing.append(currency)
    return found, missing


def convert(amount: Decimal, rate: RateUsed) -> Decimal:
    return (amount * rate.rate).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class ImportResult:
    created: int
    updated: int


@transaction.atomic
def rate_error(rate: Decimal) -> str | None:
    """Why `rate` cannot be stored (the model field's digits and bounds), or None."""
    try:
        ExchangeRate._meta.get_field("rate").clean(rate, None)
    except DjangoValidationError as error:
        return str(error.messages[0])
    return None


def import_rates_csv(data: str | bytes, *, by: User) -> ImportResult:
    """Load `currency,date,rate` lines (a header line is expected). All lines or none.

    Raises ValidationError listing every bad line with its number and field.
    """
    require(by, "reports.manage_rates")
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    missing = {"currency", "date", "rate"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(_("The header must name the columns currency, date and rate."))
    errors: list[str] = []
    rows: list[tuple[str, dt.date, Decimal]] = []
    for number, line in enumerate(reader, start=2):
        currency = (line.get("currency") or "").strip().upper()
        if currency not in CURRENCY_CODES or currency == BASE_CURRENCY:
            errors.append(_("Line %(line)d, currency: unknown currency “%(value)s”.")
                          % {"line": number, "value": currency})
        try:
            day = dt.date.fromisoformat((line.get("date") or "").strip())
            if date_error(day):
                raise ValueError
        except ValueError:
            errors.append(_("Line %(line)d, date: expected YYYY-MM-DD, got “%(value)s”.")
                          % {"line": number, "value": line.get("date") or ""})
            day = None
        try:
            rate = Decimal((line.get("rate") or "").strip())
            if not rate.is_finite() or rate <= 0 or rate_error(rate):
                raise InvalidOperation
        except InvalidOperation:
            errors.append(_("Line %(line)d, rate: expected a positive number, got “%(value)s”.")
                          % {"line": number, "value": line.get("rate") or ""})
            rate = None
        if day is not None and rate is not None and not errors:
            rows.append((currency, day, rate))
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    for currency, day, rate in rows:
        _obj, was_created = ExchangeRate.objects.update_or_create(
            currency=currency, date=day, defaults={"rate": rate, "updated_by": by, "source": "CSV"}
        )
        created += was_created
        updated += not was_created
    return ImportResult(created, updated)


@transaction.atomic
def set_rate(*, currency: str, date: dt.date, rate: Decimal, by: User) -> ExchangeRate:
    """Create or change one rate (HQ)."""
    require(by, "reports.manage_rates")
    if currency not in CURRENCY_CODES or currency == BASE_CURRENCY:
        raise ValidationError({"currency": _("Unknown currency.")})
    if rate <= 0:
        raise ValidationError({"rate": _("The rate must be positive.")})
    problem = rate_error(rate)
    if problem:
        raise ValidationError({"rate": problem})
    problem = date_error(date)
    if problem:
        raise ValidationError({"date": problem})
    obj, _created = ExchangeRate.objects.update_or_create(
        currency=currency, date=date, defaults={"rate": rate, "updated_by": by, "source": ""}
    )
    return obj
