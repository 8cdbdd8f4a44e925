"""Events lists cost the same number of queries at 1 and at 3 items: the events list, an
event's sessions, interpreters, registrations, meeting requests and meetings (schedule,
agendas, the day's check-in, the printed plans) and the API lists.

The delegation is `tests/events/conftest.py`'s (`ew`): its fixtures are borrowed here. The
participants, schedule and agenda pages before the event are also pinned in
`tests/events/test_query_counts.py`; here they are counted on the day, with outcomes and
feedback recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from liaison.events import services
from liaison.events.models import Event, Slot
from tests.events import conftest as event_fixtures
from tests.test_query_counts import assert_flat, firm

pytestmark = pytest.mark.django_db

ew = event_fixtures.ew
_small_embedder = event_fixtures._small_embedder


@pytest.fixture
def html_for_pdf(monkeypatch: Any) -> None:
    """WeasyPrint hands back the HTML it is given: the printed plans are counted without
    laying out a PDF, and the names in them can be read (it makes no query of its own)."""

    class HtmlAsPdf:
        def __init__(self, string: str, base_url: str | None = None) -> None:
            self.string = string

        def write_pdf(self) -> bytes:
            return self.string.encode()

    monkeypatch.setattr("weasyprint.HTML", HtmlAsPdf)


@dataclass
class Held:
    firm: str  # the other firm's name
    uid: str  # the meeting's calendar uid
    message: str  # the meeting request's message


def held_meeting(world: Any, ew: Any, i: int) -> Held:
    """The home firm meets a new Tel Aviv firm at the i-th morning slot and table: requested,
    accepted, placed, published, held, and the home firm's feedback given; the event runs."""
    event = ew.event
    services.set_status(event, by=world.officer, status=Event.Status.REGISTRATION)
    org = firm(world, i)
    registration = services.register(event, by=world.officer, organization=org,
                                     attendees=[{"name": f"Attendee {i}", "languages": ["he"]}])
    message = f"Shall we meet, firm {i}?"
    request = services.send_request(by=world.member, requester=ew.home, recipient=registration,
                                    message=message)
    meeting = services.answer_request(request, by=world.officer, accept=True)
    assert meeting is not None
    slot = list(Slot.objects.filter(session=ew.am))[i]
    services.move_meeting(meeting, by=world.officer, slot=slot, table=list(event.tables.all())[i])
    services.publish_schedule(event, by=world.officer)
    services.set_status(event, by=world.officer, status=Event.Status.RUNNING)
    meeting.refresh_from_db()
    services.record_outcome(meeting, by=world.officer, outcome="held")
    services.give_feedback(meeting, by=world.member, registration=ew.home, useful=True,
                           follow_up=True)
    return Held(firm=org.name, uid=meeting.uid, message=message)


# (page, user, url, what it shows of each meeting); {E}: the event, {R}: the home firm's registration.
MEETING_LISTS = [
    ("agenda", "member", "/events/registrations/{R}/agenda/", "firm"),
    ("agenda-ics", "member", "/events/registrations/{R}/agenda.ics", "uid"),
    ("agenda-pdf", "member", "/events/registrations/{R}/agenda.pdf", "firm"),
    ("schedule", "officer", "/events/{E}/schedule/", "firm"),
    ("schedule-of-a-participant", "officer", "/events/{E}/schedule/?participant={R}", "firm"),
    ("table-plan-pdf", "officer", "/events/{E}/table-plan.pdf", "firm"),
    ("rota-pdf", "officer", "/events/{E}/interpreters.pdf", "firm"),
    ("day", "officer", "/events/{E}/day/", "firm"),
    ("participants", "member", "/events/{E}/participants/", "firm"),
    ("requests", "member", "/events/{E}/requests/", "message"),
    ("requests", "officer", "/events/{E}/requests/", "message"),
    ("api-schedule", "officer", "/api/events/{E}/schedule", "uid"),
    ("api-schedule", "member", "/api/events/{E}/schedule", "uid"),
    ("api-requests", "member", "/api/events/{E}/requests", "message"),
    ("api-requests", "officer", "/api/events/{E}/requests", "message"),
    ("api-registrations", "officer", "/api/events/{E}/registrations", "firm"),
]


@pytest.mark.parametrize(("page", "user", "url", "shows"), MEETING_LISTS,
                         ids=[f"{page}-{user}" for page, user, _url, _shows in MEETING_LISTS])
@pytest.mark.usefixtures("html_for_pdf")
def test_meeting_lists_query_count_does_not_grow_with_meetings(
    world: Any, ew: Any, client_for: Any, page: str, user: str, url: str, shows: str
) -> None:
    def add(i: int) -> str:
        return str(getattr(held_meeting(world, ew, i), shows))

    url = url.format(E=ew.event.pk, R=ew.home.pk)
    assert_flat(client_for(world.users()[user]), url, add)


@pytest.mark.parametrize("url", ["/events/", "/api/events"])
@pytest.mark.parametrize("user", ["member", "officer", "hq"])
def test_event_list_query_count_does_not_grow_with_rows(
    world: Any, client_for: Any, user: str, url: str
) -> None:
    def add(i: int) -> str:
        # Events of both offices, open for registration (a firm member sees those).
        host = (world.officer, world.other_officer)[i % 2]
        partner = ("tel-aviv", "beijing")[i % 2]
        event = services.create_event(by=host, data=dict(
            title=f"Trade days {i}", start_date=dt.date(2026, 9, 1 + i),
            end_date=dt.date(2026, 9, 2 + i), partner_ecosystem=world.sc.ecosystems[partner]))
        services.set_status(event, by=host, status=Event.Status.REGISTRATION)
        return event.title

    assert_flat(client_for(world.users()[user]), url, add)


def _forum(world: Any) -> Any:
    """A new Beijing event with neither sessions nor participants yet."""
    return services.create_event(by=world.officer, data=dict(
        title="Energy forum", start_date=dt.date(2026, 5, 10), end_date=dt.date(2026, 5, 12),
        partner_ecosystem=world.sc.ecosystems["tel-aviv"]))


def _session(world: Any, event: Any, i: int) -> Any:
    return services.add_session(event, by=world.officer, name=f"Session {i}",
                                date=dt.date(2026, 5, 10 + i), start_time=dt.time(9),
                                end_time=dt.time(11))


def test_event_page_query_count_does_not_grow_with_sessions_and_tables(
    world: Any, client_for: Any
) -> None:
    event = _forum(world)

    def add(i: int) -> str:
        services.add_tables(event, by=world.officer, names=[f"Table {i}"])
        return str(_session(world, event, i).name)

    assert_flat(client_for(world.officer), f"/events/{event.pk}/", add)


def test_interpreters_page_query_count_does_not_grow_with_interpreters(
    world: Any, client_for: Any
) -> None:
    event = _forum(world)

    def add(i: int) -> str:
        session = _session(world, event, i)
        return str(services.add_interpreter(event, by=world.officer, name=f"Interpreter {i}",
                                            languages=["zh", "he"],
                                            unavailable_sessions=[session]).name)

    assert_flat(client_for(world.officer), f"/events/{event.pk}/interpreters/", add)


@pytest.mark.usefixtures("html_for_pdf")
def test_rota_query_count_does_not_grow_with_interpreters(world: Any, ew: Any, client_for: Any) -> None:
    # Meetings of a Beijing and a Tel Aviv firm, all in the first slot: each needs its own
    # interpreter. The rota lists the interpreters with their meetings.
    first_slot = Slot.objects.filter(session=ew.am).first()
    tables = list(ew.event.tables.all())

    def add(i: int) -> str:
        event = ew.event
        services.set_status(event, by=world.officer, status=Event.Status.REGISTRATION)
        if i:
            services.add_interpreter(event, by=world.officer, name=f"Interpreter {i}",
                                     languages=["zh", "he"])
        pair = [services.register(event, by=world.officer, organization=org,
                                  attendees=[{"name": org.name, "languages": [org.language]}])
                for org in (firm(world, i, ecosystem="beijing"), firm(world, i))]
        meeting = event_fixtures.accept(world.officer, world.officer, *pair)
        services.move_meeting(meeting, by=world.officer, slot=first_slot, table=tables[i])
        return pair[1].organization.name

    assert_flat(client_for(world.officer), f"/events/{ew.event.pk}/interpreters.pdf", add)


@pytest.mark.xfail(strict=True, reason="AvailabilityForm gives each attendee a sessions field "
                   "whose choices are queried again (Django's ModelChoiceField copies its queryset)")
def test_availability_page_query_count_does_not_grow_with_attendees(
    world: Any, ew: Any, client_for: Any
) -> None:
    from liaison.events.models import Attendee

    ew.home.attendees.all().delete()

    def add(i: int) -> str:
        return Attendee.objects.create(registration=ew.home, name=f"Attendee {i}",
                                       languages=["zh"]).name

    assert_flat(client_for(world.member), f"/events/registrations/{ew.home.pk}/availability/", add)


def test_register_page_query_count_does_not_grow_with_organizations(
    world: Any, client_for: Any
) -> None:
    event = _forum(world)
    services.set_status(event, by=world.officer, status=Event.Status.REGISTRATION)

    def add(i: int) -> str:
        return firm(world, i, ecosystem="beijing").name

    # the organizations are offered by the search-as-you-type picker (#17 item 2)
    assert_flat(client_for(world.officer), f"/events/{event.pk}/register/organizations/?organization_q=Firm", add)
