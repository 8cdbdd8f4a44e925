"""End to end in Chromium: a firm registers, asks for a meeting, the other side accepts, the
host officer runs the scheduler and publishes; one person of the other side can no longer
come in the meeting's session, the officer re-plans with the fewest moves, and the firm
downloads its agenda."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from liaison.events.models import Meeting, Registration
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_event(world: Any) -> Any:
    from liaison.events import services

    event = services.create_event(by=world.officer, data=dict(
        title="Tel Aviv battery week", start_date=dt.date(2026, 5, 11), end_date=dt.date(2026, 5, 11),
        venue="Expo Tel Aviv", timezone="Asia/Jerusalem", slot_minutes=30,
        partner_ecosystem=world.sc.ecosystems["tel-aviv"]))
    services.add_session(event, by=world.officer, name="morning", date=dt.date(2026, 5, 11),
                         start_time=dt.time(9), end_time=dt.time(11))
    services.add_session(event, by=world.officer, name="afternoon", date=dt.date(2026, 5, 11),
                         start_time=dt.time(14), end_time=dt.time(16))
    services.add_tables(event, by=world.officer, names=["A1", "A2"])
    services.add_interpreter(event, by=world.officer, name="Li Wei", languages=["zh", "he"])
    services.set_status(event, by=world.officer, status="registration")
    services.register(event, by=world.other_member, organization=world.partner_firm,
                      attendees=[{"name": "Dana Levi", "languages": ["he"]}])
    return event


def test_from_registration_to_a_published_agenda(world: Any, open_event: Any, live_server: Any, page: Any,
                                                 artifacts: Path, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    base, event = live_server.url, open_event
    partner = Registration.objects.get(organization=world.partner_firm)

    sign_in(page, base, "owner")
    page.goto(f"{base}/events/{event.pk}/")
    page.click("text=Register")
    page.fill("#id_organization", "京华")  # the picker: search as you type, then choose
    page.check(f"#pick-{world.home_firm.pk}")
    page.fill("#id_attendee_name", "王芳")
    page.check("input[name=attendee_languages][value=zh]")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/events/{event.pk}/")
    home = Registration.objects.get(organization=world.home_firm)

    page.goto(f"{base}/events/{event.pk}/participants/")
    page.select_option(f"#priority-{partner.pk}", "3")
    page.click(f"#participant-{partner.pk} button")
    page.wait_for_selector(f"#participant-{partner.pk} .badge")
    page.context.clear_cookies()

    sign_in(page, base, "other_member")
    page.goto(f"{base}/events/{event.pk}/requests/")
    page.click("#received button.primary")  # htmx swaps the row
    page.wait_for_selector("#received >> text=accepted")
    meeting = Meeting.objects.get(a=home, b=partner)
    assert meeting.priority == 3
    page.context.clear_cookies()

    sign_in(page, base, "officer")
    page.goto(f"{base}/events/{event.pk}/schedule/")
    page.fill("#id_time_limit", "2")
    page.click("#run-form button")
    page.wait_for_selector("#run-figures")
    assert "1 meetings scheduled" in page.inner_text("#run-figures")
    assert "Li Wei" in page.inner_text("#grid")  # Chinese meets Hebrew: the interpreter is there
    page.click("#publish-form button")
    page.wait_for_selector("#published")
    screenshot(page, artifacts / "events-schedule.png")
    page.context.clear_cookies()

    # Dana Levi can no longer come in the session of the meeting: she says so on her page
    meeting.refresh_from_db()
    session_id = meeting.slot.session_id
    dana = partner.attendees.get()
    sign_in(page, base, "other_member")
    page.goto(f"{base}/events/registrations/{partner.pk}/availability/")
    page.check(f"input[name=attendee_{dana.pk}][value='{session_id}']")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/events/{event.pk}/")
    assert "1 scheduled meetings now clash" in page.content()
    page.context.clear_cookies()

    sign_in(page, base, "officer")
    page.goto(f"{base}/events/{event.pk}/schedule/")
    page.wait_for_selector("#stale")
    page.click("#run-form button")  # re-plan with the fewest moves: a proposal to review
    page.wait_for_selector("#run-figures >> text=1 moved")
    page.wait_for_selector("#proposal-diff")
    page.click("#publish-proposal button")
    page.wait_for_selector("#published")
    meeting.refresh_from_db()
    assert meeting.slot.session_id != session_id and meeting.sequence == 1
    assert page.query_selector("#stale") is None
    page.context.clear_cookies()

    sign_in(page, base, "member")
    page.goto(f"{base}/events/{event.pk}/agenda/")
    page.wait_for_selector("#agenda")
    assert "Negev Battery Labs" in page.inner_text("#agenda")
    assert "Asia/Shanghai" in page.inner_text("#agenda")  # viewer time, event time beside
    ics = page.request.get(page.get_attribute("#agenda-ics", "href") and f"{base}{page.get_attribute('#agenda-ics', 'href')}")
    events = Calendar.from_ical(ics.body()).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"meeting-{meeting.pk}@liaison"]
    pdf = page.request.get(f"{base}{page.get_attribute('#agenda-pdf', 'href')}")
    assert pdf.body().startswith(b"%PDF")
