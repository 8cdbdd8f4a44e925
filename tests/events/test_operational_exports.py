"""An event's participants, meeting requests and meeting list as spreadsheets (#14 item 4):
for the host office and HQ only."""

from __future__ import annotations

from typing import Any

from liaison.onboarding import spreadsheet
from tests.events.conftest import accept, schedule_now


def _rows(response: Any) -> list[list[Any]]:
    assert response.status_code == 200
    return spreadsheet.read(response.content, "x.xlsx").sheets[0].rows


def test_participants_requests_and_meetings_per_slot_and_table(world: Any, ew: Any,
                                                               client_for: Any) -> None:
    accept(world.owner, world.other_member, ew.home, ew.partner)
    schedule_now(ew.event, world.officer)
    client = client_for(world.officer)
    participants = _rows(client.get(f"/onboarding/exports/participants.xlsx?event={ew.event.pk}"))
    assert {r[0] for r in participants} == {"京华储能科技有限公司", "Negev Battery Labs", "שמש אנרגיה"}
    assert [r[2] for r in participants if r[0] == "Negev Battery Labs"] == ["Dana Levi"]
    requests = _rows(client.get(f"/onboarding/exports/meeting-requests.xlsx?event={ew.event.pk}"))
    assert [r[:2] for r in requests] == [["京华储能科技有限公司", "Negev Battery Labs"]]
    meetings = _rows(client.get(f"/onboarding/exports/meetings.xlsx?event={ew.event.pk}"))
    assert len(meetings) == 1
    starts, _ends, table, a, b = meetings[0][:5]
    assert starts.startswith("2026-05-10 ") and table in ("T1", "T2", "T3")
    assert {a, b} == {"京华储能科技有限公司", "Negev Battery Labs"}


def test_only_the_host_office_and_hq_export_an_event(world: Any, ew: Any, client_for: Any) -> None:
    url = f"/onboarding/exports/participants.csv?event={ew.event.pk}"
    got = {role: client_for(u).get(url).status_code for role, u in world.users().items()}
    assert {r: c for r, c in got.items() if c == 200} == {"hq": 200, "officer": 200}
    assert all(c in (403, 404) for r, c in got.items() if r not in ("hq", "officer"))
