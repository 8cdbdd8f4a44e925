"""Event list pages must not issue a query per row: same count at 1 and 3 items."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.events import services
from liaison.events.models import Slot
from tests.events.conftest import accept
from tests.factories import make_organization


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _register(world: Any, ew: Any, name: str) -> Any:
    org = make_organization(world.sc, ecosystem="tel-aviv", name=name)
    return services.register(ew.event, by=world.officer, organization=org,
                             attendees=[{"name": "A", "languages": ["en"]}, {"name": "B", "languages": ["he"]}])


def test_participants_page_query_count_does_not_grow_with_rows(world: Any, ew: Any, client_for: Any) -> None:
    client = client_for(world.member)
    url = f"/events/{ew.event.pk}/participants/?recommend=0"
    one = _queries(client, url)
    _register(world, ew, "Extra One")
    _register(world, ew, "Extra Two")
    assert _queries(client, url) == one


def test_schedule_and_agenda_query_counts_do_not_grow_with_meetings(world: Any, ew: Any, client_for: Any) -> None:
    slots = list(Slot.objects.filter(session=ew.am))
    tables = list(ew.event.tables.all())
    m = accept(world.member, world.other_member, ew.home, ew.partner)
    services.move_meeting(m, by=world.officer, slot=slots[0], table=tables[0])
    services.publish_schedule(ew.event, by=world.officer)
    officer, member = client_for(world.officer), client_for(world.member)
    schedule_url = f"/events/{ew.event.pk}/schedule/"
    agenda_url = f"/events/registrations/{ew.home.pk}/agenda/"
    schedule_one, agenda_one = _queries(officer, schedule_url), _queries(member, agenda_url)
    services.set_status(ew.event, by=world.officer, status="registration")
    for i, name in enumerate(["Extra One", "Extra Two"], start=1):
        other = _register(world, ew, name)
        extra = accept(world.member, world.officer, ew.home, other)
        services.move_meeting(extra, by=world.officer, slot=slots[i], table=tables[i])
    assert _queries(officer, schedule_url) == schedule_one
    assert _queries(member, agenda_url) == agenda_one


def test_event_list_query_count_does_not_grow_with_rows(world: Any, ew: Any, client_for: Any) -> None:
    import datetime as dt

    client = client_for(world.officer)
    one = _queries(client, "/events/")
    for title in ("Second", "Third"):
        services.create_event(by=world.officer, data=dict(title=title, start_date=dt.date(2026, 9, 1),
                                                          end_date=dt.date(2026, 9, 1)))
    assert _queries(client, "/events/") == one
