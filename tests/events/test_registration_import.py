"""Event registrations from a spreadsheet (#14 item 1): one row per attendee, grouped by
organization, made through the events service by a host officer; again: nothing changes."""

from __future__ import annotations

from typing import Any

from liaison.events.models import Registration
from liaison.onboarding import importers, spreadsheet
from tests.factories import make_organization
from tests.onboarding.files import csv_bytes

HEADERS = ["Organization", "Attendee", "E-mail", "Languages", "Most meetings", "Remote",
           "Unavailable sessions"]


def _plan(rows: list[list[Any]], by: Any, event: Any) -> Any:
    book = spreadsheet.read(csv_bytes(HEADERS, rows), "r.csv")
    return importers.plan("registrations", book, by=by, event=event)


def test_registrations_with_attendees_languages_and_availability(world: Any, ew: Any) -> None:
    firm = make_organization(world.sc, ecosystem="beijing", name="北京智造机器人有限公司",
                             registry_number="91110108MA01ROBO1X")
    rows = [["91110108MA01ROBO1X", "李雷", "li@robot.example", "zh; en", "6", "no", "afternoon"],
            ["北京智造机器人有限公司", "韩梅梅", "", "zh", "", "", ""],
            ["Negev Battery Labs", "Avi Ben", "avi@negev.example", "he", "", "", ""]]
    plan = _plan(rows, world.officer, ew.event)
    assert plan.ok, plan.errors
    assert (len(plan.creates), len(plan.updates)) == (1, 1)  # Negev is registered: one attendee more
    importers.apply(plan)
    registration = Registration.objects.get(event=ew.event, organization=firm)
    assert registration.max_meetings == 6 and registration.registered_by == world.officer
    attendees = {a.name: a for a in registration.attendees.all()}
    assert set(attendees) == {"李雷", "韩梅梅"}
    assert [s.name for s in attendees["李雷"].unavailable_sessions.all()] == ["afternoon"]
    assert sorted(a.name for a in ew.partner.attendees.all()) == ["Avi Ben", "Dana Levi"]
    again = _plan(rows, world.officer, ew.event)
    assert (len(again.creates), len(again.updates), again.unchanged) == (0, 0, 2)


def test_bad_registration_rows_name_row_and_column(world: Any, ew: Any) -> None:
    rows = [["Negev Battery Labs", "No Language", "", "", "", "", ""],
            ["Nowhere Ltd", "Someone", "", "en", "", "", ""],
            ["京华储能科技有限公司", "王芳", "", "zh", "500", "maybe", "evening"]]
    plan = _plan(rows, world.officer, ew.event)
    assert sorted((e.row, e.column) for e in plan.errors) == [
        (2, "Attendee"), (3, "Organization"), (4, "Most meetings"), (4, "Remote"),
        (4, "Unavailable sessions")]
    assert any("No session “evening”" in e.message for e in plan.errors)


def test_only_a_host_officer_imports_registrations(world: Any, ew: Any) -> None:
    rows = [["Negev Battery Labs", "Avi Ben", "", "he", "", "", ""]]
    for user in (world.other_officer, world.owner, world.hq):
        plan = _plan(rows, user, ew.event)
        assert not plan.ok
        assert "host office" in plan.errors[0].message
    assert not _plan(rows, None, ew.event).ok  # the command line names --user


def test_the_officer_dashboard_lists_meeting_requests_waiting_on_firms_without_logins(
        world: Any, ew: Any, client_for: Any) -> None:
    from liaison.events import services

    services.send_request(by=world.owner, requester=ew.home, recipient=ew.third)
    page = client_for(world.other_officer).get("/dashboard/").content.decode()
    assert "1 meeting request waits on a firm without logins" in page
    assert "שמש אנרגיה" in page
    # The Negev firm has a member: a request to it is not listed.
    services.send_request(by=world.owner, requester=ew.home, recipient=ew.partner)
    page = client_for(world.other_officer).get("/dashboard/").content.decode()
    assert "1 meeting request waits on a firm without logins" in page
