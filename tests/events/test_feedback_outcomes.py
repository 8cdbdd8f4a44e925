"""After the event: a firm that gave feedback on a held meeting is shown a link to report
what came of it (the reports app's outcome form, pre-filled from the meeting); nobody else
is shown it."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.events import services
from liaison.events.models import Meeting, Slot
from tests.events.conftest import accept


@pytest.fixture
def held(world: Any, ew: Any) -> Meeting:
    """A published meeting home firm – partner firm, held; the event is running."""
    meeting = accept(world.member, world.other_member, ew.home, ew.partner)
    services.move_meeting(meeting, by=world.officer, slot=Slot.objects.filter(session=ew.am).first(),
                          table=ew.event.tables.first())
    services.publish_schedule(ew.event, by=world.officer)
    services.set_status(ew.event, by=world.officer, status="running")
    meeting.refresh_from_db()
    services.record_outcome(meeting, by=world.officer, outcome=Meeting.Outcome.HELD)
    return meeting


def _link(meeting: Meeting) -> str:
    return f'href="/reports/outcomes/new/?meeting={meeting.pk}"'


def test_the_firm_is_offered_to_report_an_outcome_once_it_gave_feedback(
        world: Any, ew: Any, held: Meeting, client_for: Any) -> None:
    client = client_for(world.member)
    agenda = f"/events/registrations/{ew.home.pk}/agenda/"
    assert _link(held) not in client.get(agenda).content.decode()
    response = client.post(f"/events/meetings/{held.pk}/feedback/", {"useful": "on", "follow_up": "on"})
    assert response.status_code == 302
    assert _link(held) in client.get(agenda).content.decode()
    feedback_page = client.get(f"/events/meetings/{held.pk}/feedback/").content.decode()
    assert _link(held) in feedback_page and "A follow-up is planned" in feedback_page
    form = client.get(f"/reports/outcomes/new/?meeting={held.pk}")
    assert form.status_code == 200  # the reports app takes the meeting


def test_no_one_but_the_firm_sees_the_link(world: Any, ew: Any, held: Meeting, client_for: Any) -> None:
    services.give_feedback(held, by=world.member, registration=ew.home, useful=True, follow_up=True)
    agenda = f"/events/registrations/{ew.home.pk}/agenda/"
    assert _link(held) in client_for(world.owner).get(agenda).content.decode()  # the firm's owner too
    for user in (world.officer, world.hq):  # they may view the firm's agenda, not report for it
        page = client_for(user).get(agenda)
        assert page.status_code == 200 and _link(held) not in page.content.decode()
    # the other side has not given feedback: no link on its agenda
    other = client_for(world.other_member).get(f"/events/registrations/{ew.partner.pk}/agenda/")
    assert other.status_code == 200 and _link(held) not in other.content.decode()
    for user in (world.outsider, world.other_member):
        assert client_for(user).get(agenda).status_code == 404


def test_no_link_for_a_meeting_not_marked_held(world: Any, ew: Any, held: Meeting, client_for: Any) -> None:
    services.record_outcome(held, by=world.officer, outcome=Meeting.Outcome.NO_SHOW)
    services.give_feedback(held, by=world.member, registration=ew.home, useful=False, follow_up=False)
    page = client_for(world.member).get(f"/events/registrations/{ew.home.pk}/agenda/").content.decode()
    assert _link(held) not in page
