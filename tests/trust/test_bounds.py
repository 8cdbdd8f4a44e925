"""#13 items 4 and 5: every date range a user can enter is bounded, and every stored URL is
http(s) only — the same field error from page, API and service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.fronts import api_errors, send_json, service_errors

pytestmark = pytest.mark.django_db

EVENT = {"title": "Forum", "kind": "delegation", "direction": "outbound", "description": "",
         "start_date": "2026-05-10", "end_date": "2026-05-11", "venue": "", "timezone": "UTC",
         "slot_minutes": 30, "video_link_template": "", "request_cap": 12, "request_days": 5}


def _page_post(client: Any, url: str, data: dict[str, Any]) -> dict[str, list[str]]:
    response = client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 422, response.status_code
    return {f: list(m) for f, m in response.context["form"].errors.items()}


def _service_create(world: Any, **changes: Any) -> Any:
    from liaison.events import services

    data: dict[str, Any] = {**EVENT, **changes}
    for k in ("start_date", "end_date"):
        data[k] = dt.date.fromisoformat(data[k])
    return services.create_event(by=world.officer, data=data)


@pytest.mark.parametrize(("changes", "field"), [
    ({"start_date": "0001-01-01", "end_date": "9999-12-31"}, "start_date"),
    ({"start_date": "2026-01-01", "end_date": "9999-12-31"}, "end_date"),
    ({"start_date": "2026-01-01", "end_date": "2026-03-01"}, "end_date"),  # two months
    ({"start_date": "2026-05-11", "end_date": "2026-05-10"}, "end_date"),
])
def test_an_event_of_absurd_dates_is_refused_on_the_field_by_page_api_and_service(
        world: Any, client_for: Any, changes: dict[str, str], field: str) -> None:
    from liaison.events.models import Event

    client = client_for(world.officer)
    page = _page_post(client, "/events/new/", {**EVENT, **changes})
    api = api_errors(send_json(client, "post", "/api/events", {**EVENT, **changes}))
    service = service_errors(lambda: _service_create(world, **changes))
    assert field in page and field in api and field in service
    assert page[field] == api[field] == service[field]
    assert not Event.objects.exists()


def test_a_month_long_event_is_fine_and_editing_it_to_years_is_refused(world: Any, client_for: Any) -> None:
    event = _service_create(world, start_date="2026-05-01", end_date="2026-05-31")
    client = client_for(world.officer)
    errors = _page_post(client, f"/events/{event.pk}/edit/", {**EVENT, "start_date": "2026-05-01",
                                                              "end_date": "2099-05-31"})
    assert "end_date" in errors
    event.refresh_from_db()
    assert event.end_date == dt.date(2026, 5, 31)


@pytest.mark.parametrize("template", [
    "javascript:alert(document.cookie)//{meeting}", "data:text/html,<script>{meeting}",
    "ftp://files.example.org/{meeting}", "meet.example.org/{meeting}",
])
def test_a_video_link_template_that_is_not_http_is_refused_everywhere(
        world: Any, client_for: Any, template: str) -> None:
    client = client_for(world.officer)
    page = _page_post(client, "/events/new/", {**EVENT, "video_link_template": template})
    api = api_errors(send_json(client, "post", "/api/events", {**EVENT, "video_link_template": template}))
    service = service_errors(lambda: _service_create(world, video_link_template=template))
    assert page["video_link_template"] == api["video_link_template"] == service["video_link_template"]


def test_a_javascript_template_stored_before_the_rule_never_becomes_a_link(ew: Any) -> None:
    from liaison.events import agendas
    from liaison.events.models import Event, Meeting

    Event.objects.filter(pk=ew.event.pk).update(video_link_template="javascript:alert(1)//{meeting}")
    event = Event.objects.get(pk=ew.event.pk)
    meeting = Meeting.objects.create(event=event, a=ew.home, b=ew.partner)
    assert event.video_link(meeting.pk) == ""
    assert b"javascript" not in agendas.agenda_ics(ew.home)


def test_an_http_video_link_template_still_makes_links(ew: Any) -> None:
    assert ew.event.video_link(7) == "https://meet.example.org/liaison-7"


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://example.org/", "data:,x"])
def test_an_organization_website_that_is_not_http_is_refused_by_page_api_and_service(
        world: Any, client_for: Any, website: str) -> None:
    from liaison.directory import services

    client = client_for(world.owner)
    api = api_errors(send_json(client, "patch", f"/api/organizations/{world.home_firm.pk}",
                               {"website": website}))
    service = service_errors(lambda: services.validate_organization(
        {"website": website}, organization=world.home_firm))
    assert api["website"] == service["website"]
    world.home_firm.refresh_from_db()
    assert world.home_firm.website == ""


def test_a_stored_javascript_website_is_shown_as_text_not_as_a_link(world: Any, client_for: Any) -> None:
    from liaison.directory.models import Organization

    Organization.objects.filter(pk=world.home_firm.pk).update(website="javascript:alert(1)")
    body = client_for(world.owner).get(f"/organizations/{world.home_firm.pk}/").content.decode()
    assert "javascript:alert(1)" in body
    assert 'href="javascript:' not in body


@pytest.mark.parametrize(("query", "field"), [
    ({"start": "2026-01-01", "end": "9999-12-31"}, "end"),
    ({"start": "1000-01-01", "end": "2026-12-31"}, "start"),
    ({"start": "2000-01-01", "end": "2026-12-31"}, "end"),  # 27 years
    ({"year": "99999"}, "year"),
    ({"year": "1999"}, "year"),
])
def test_a_report_period_out_of_bounds_is_a_field_error_on_page_and_api(
        world: Any, client_for: Any, query: dict[str, str], field: str) -> None:
    client = client_for(world.hq)
    page = client.get("/reports/", query)
    assert page.status_code == 422
    assert field in page.context["form"].errors
    api = api_errors(client.get("/api/reports/kpis", query))
    assert field in api
    assert client.get("/reports/export.csv", query).status_code == 400


def test_a_report_year_past_64_bits_is_a_field_error(world: Any, client_for: Any) -> None:
    assert "year" in api_errors(client_for(world.hq).get("/api/reports/kpis", {"year": str(2**70)}))


def test_a_report_of_one_year_still_answers(world: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    assert client.get("/reports/", {"year": "2026"}).status_code == 200
    body = client.get("/api/reports/kpis", {"start": "2026-01-01", "end": "2026-12-31"}).json()
    assert (body["start"], body["end"]) == ("2026-01-01", "2026-12-31")


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "2026-1"])
def test_a_monthly_pdf_of_an_absurd_month_is_refused_not_a_crash(world: Any, client_for: Any, month: str) -> None:
    response = client_for(world.hq).get(f"/reports/{world.sc.home.code}/monthly.pdf", {"month": month})
    assert response.status_code == 400
