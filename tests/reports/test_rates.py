"""Exchange rates: Decimal conversion with the rate of a stated date; CSV import all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from liaison.common.errors import PermissionDenied, ValidationError
from liaison.reports.models import ExchangeRate
from liaison.reports.rates import available_rates, convert, import_rates_csv, rates_on


def test_conversion_uses_the_latest_rate_on_or_before_the_date(db: Any) -> None:
    ExchangeRate.objects.create(currency="USD", date=dt.date(2025, 1, 1), rate=Decimal("7.1"))
    ExchangeRate.objects.create(currency="USD", date=dt.date(2025, 6, 1), rate=Decimal("7.25"))
    rate = rates_on({"USD", "CNY"}, dt.date(2025, 5, 31))
    assert rate["USD"].date == dt.date(2025, 1, 1)
    assert convert(Decimal("0.10"), rate["USD"]) == Decimal("0.71")
    assert rate["CNY"].rate == Decimal(1) and rate["CNY"].date is None
    assert rates_on({"USD"}, dt.date(2025, 12, 31))["USD"].rate == Decimal("7.25")


def test_a_currency_without_any_rate_is_reported_not_guessed(db: Any) -> None:
    found, missing = available_rates({"EUR"}, dt.date(2025, 1, 1))
    assert found == {} and missing == ["EUR"]


def test_csv_import_creates_and_updates(world: Any) -> None:
    ExchangeRate.objects.create(currency="USD", date=dt.date(2025, 1, 1), rate=Decimal("7"))
    result = import_rates_csv("currency,date,rate\nUSD,2025-01-01,7.1\nils,2025-01-01,1.95\n", by=world.hq)
    assert (result.created, result.updated) == (1, 1)
    assert ExchangeRate.objects.get(currency="ILS").rate == Decimal("1.95")
    assert ExchangeRate.objects.get(currency="USD").rate == Decimal("7.1")


def test_csv_import_names_every_bad_line_and_field_and_imports_nothing(world: Any) -> None:
    data = "currency,date,rate\nUSD,2025-01-01,7.1\nXXX,2025-01-01,1\nEUR,01/02/2025,7.8\nJPY,2025-01-01,-1\n"
    with pytest.raises(ValidationError) as error:
        import_rates_csv(data, by=world.hq)
    assert error.value.messages == [
        "Line 3, currency: unknown currency “XXX”.",
        "Line 4, date: expected YYYY-MM-DD, got “01/02/2025”.",
        "Line 5, rate: expected a positive number, got “-1”.",
    ]
    assert not ExchangeRate.objects.exists()


def test_only_hq_imports_rates(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        import_rates_csv("currency,date,rate\nUSD,2025-01-01,7.1\n", by=world.other_officer)


def test_rates_page_loads_a_csv_file(world: Any, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rates.csv", b"currency,date,rate\nEUR,2025-03-01,7.8123\n", "text/csv")
    response = client_for(world.hq).post("/reports/rates/", {"file": upload})
    assert response.status_code == 302
    assert ExchangeRate.objects.get(currency="EUR").rate == Decimal("7.8123")
    bad = SimpleUploadedFile("rates.csv", b"currency,date,rate\nEUR,2025-03-01,x\n", "text/csv")
    page = client_for(world.hq).post("/reports/rates/", {"file": bad}).content.decode()
    assert "Line 2, rate" in page
