"""One validation path for outcomes: `validate_outcome` holds the rules; the page form and the
API only parse. The value is a bounded decimal (the model's 15 digits, 2 decimals), never
negative, never NaN or infinite: a bad amount is a field error on every front, never stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from liaison.reports import services
from liaison.reports.models import Outcome
from tests.factories import make_opportunity
from tests.fronts import api_errors, page_errors, send_json, service_errors
from tests.reports.conftest import make_interest

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(world: Any) -> Any:
    """An accepted introduction between the Beijing home firm and the Tel Aviv partner."""
    return make_interest(make_opportunity(world.partner_firm, status="published", title="Grid analytics"),
                         world.home_firm, by=world.owner)


def _three_fronts(world: Any, client_for: Any, interest: Any, fields: dict[str, str]) -> tuple[Any, Any, Any]:
    client = client_for(world.member)
    page = page_errors(client.post(f"/reports/outcomes/new/?interest={interest.pk}",
                                   {"interest": interest.pk, **fields}))
    api = api_errors(send_json(client, "post", "/api/reports/outcomes", {"interest": interest.pk, **fields}))
    data = {**fields, "value": Decimal(fields["value"]) if fields.get("value") else None}
    service = service_errors(lambda: services.report_outcome(interest, by=world.member, data=data))
    return page, api, service


@pytest.mark.parametrize(("value", "error"), [
    ("1e30", "Ensure that there are no more than 15 digits in total."),
    ("12345678901234", "Ensure that there are no more than 13 digits before the decimal point."),
    ("NaN", "“NaN” value must be a decimal number."),
    ("Infinity", "“Infinity” value must be a decimal number."),
    ("-1", "Ensure this value is greater than or equal to 0."),
    ("1.005", "Ensure that there are no more than 2 decimal places."),
])
def test_a_bad_value_gets_the_same_field_error_from_page_api_and_service_and_is_never_stored(
        world: Any, client_for: Any, accepted: Any, value: str, error: str) -> None:
    fields = {"kind": "pilot", "title": "Storage pilot", "date": timezone.localdate().isoformat(),
              "stage": "signed", "value": value, "currency": "USD"}
    page, api, service = _three_fronts(world, client_for, accepted, fields)
    assert page == api == service == {"value": [error]}
    assert not Outcome.objects.exists()


def test_the_other_rules_are_the_same_on_every_front(world: Any, client_for: Any, accepted: Any) -> None:
    fields = {"kind": "bribe", "title": " ", "date": "", "stage": "done", "value": "250000",
              "currency": ""}
    page, api, service = _three_fronts(world, client_for, accepted, {**fields, "date": ""})
    # The API's schema parses the date before the service sees anything: an empty one is a
    # parse error there, the other fields the service's.
    assert page == service == {
        "kind": ["Choose a kind of outcome."], "stage": ["Choose a stage."],
        "title": ["Give the outcome a title."], "date": ["Give the date."],
        "currency": ["Give the currency of the value."]}
    assert list(api) == ["date"]
    with_date = {**fields, "date": timezone.localdate().isoformat()}
    page, api, service = _three_fronts(world, client_for, accepted, with_date)
    assert page == api == service == {
        "kind": ["Choose a kind of outcome."], "stage": ["Choose a stage."],
        "title": ["Give the outcome a title."], "currency": ["Give the currency of the value."]}
    assert not Outcome.objects.exists()


def test_a_value_within_bounds_is_stored_exactly(world: Any, client_for: Any, accepted: Any) -> None:
    response = send_json(client_for(world.member), "post", "/api/reports/outcomes", {
        "interest": accepted.pk, "kind": "investment", "title": "Seed round",
        "date": timezone.localdate().isoformat(), "value": "1234567890123.45", "currency": "USD"})
    assert response.status_code == 201
    assert Outcome.objects.get().value == Decimal("1234567890123.45")


def test_changing_an_outcome_checks_the_value_the_same_way(world: Any, client_for: Any, accepted: Any) -> None:
    outcome = services.report_outcome(accepted, by=world.member, data={
        "kind": "pilot", "title": "Storage pilot", "date": timezone.localdate(), "value": Decimal("100"),
        "currency": "USD"})
    page = page_errors(client_for(world.member).post(f"/reports/outcomes/{outcome.pk}/edit/", {
        "kind": "pilot", "title": "Storage pilot", "date": timezone.localdate().isoformat(),
        "stage": "signed", "value": "1e30", "currency": "USD"}))
    service = service_errors(lambda: services.update_outcome(outcome, by=world.member,
                                                             data={"value": Decimal("1e30")}))
    assert page == service == {"value": ["Ensure that there are no more than 15 digits in total."]}
    outcome.refresh_from_db()
    assert outcome.value == Decimal("100")


@pytest.mark.parametrize("value", ["10000000000000000", "9999999999999999.99", "10000000000000"])
def test_a_value_past_15_digits_never_reaches_the_database_where_it_would_read_back_as_a_float(
        world: Any, client_for: Any, accepted: Any, value: str) -> None:
    """#13 item 3's gap: on SQLite a value of 1e16 within the old 18 digits was stored as a
    double and read back rounded. 15 digits (13 + 2) is what every database keeps exactly."""
    fields = {"kind": "pilot", "title": "Storage pilot", "date": timezone.localdate().isoformat(),
              "stage": "signed", "value": value, "currency": "USD"}
    page, api, service = _three_fronts(world, client_for, accepted, fields)
    assert page == api == service
    assert list(service) == ["value"]
    assert not Outcome.objects.exists()


def test_the_largest_value_reads_back_exactly_as_a_decimal(world: Any, accepted: Any, client_for: Any) -> None:
    outcome = services.report_outcome(accepted, by=world.member, data={
        "kind": "pilot", "title": "Storage pilot", "date": timezone.localdate(),
        "value": Decimal("9999999999999.99"), "currency": "USD"})
    stored = Outcome.objects.get(pk=outcome.pk).value
    assert isinstance(stored, Decimal) and stored == Decimal("9999999999999.99")
    assert client_for(world.member).get(f"/reports/outcomes/{outcome.pk}/").status_code == 200


def test_an_exchange_rate_past_its_digits_is_refused_by_the_csv_import(world: Any) -> None:
    from django.core.exceptions import ValidationError

    from liaison.reports import rates

    for line in ("CNY,2026-01-02,1e30", "CNY,9999-01-02,0.14"):
        with pytest.raises(ValidationError):
            rates.import_rates_csv(f"currency,date,rate\n{line}\n", by=world.hq)
