"""Event fixtures: a Beijing → Tel Aviv delegation hosted by the Beijing home office, with
two sessions on a Sunday (a working day in Tel Aviv, a weekend day in Beijing), three
tables, an interpreter, and the world's two firms registered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import make_organization


@dataclass
class EventWorld:
    event: Any
    home: Any  # registration of world.home_firm (Chinese speakers)
    partner: Any  # registration of world.partner_firm (Hebrew speakers)
    third: Any  # registration of a third Tel Aviv firm (English)
    am: Any
    pm: Any
    interpreter: Any


@pytest.fixture(autouse=True)
def _small_embedder() -> Any:
    from liaison.events import recommend
    from tests.matching.support import WordHashEmbedder

    recommend.set_embedder(WordHashEmbedder())
    yield
    recommend.set_embedder(None)


@pytest.fixture
def ew(world: Any) -> EventWorld:
    from liaison.events import services
    from liaison.events.models import Event

    event = services.create_event(by=world.officer, data=dict(
        title="Beijing delegation to Tel Aviv", kind="delegation", direction="outbound",
        partner_ecosystem=world.sc.ecosystems["tel-aviv"], start_date=dt.date(2026, 5, 10),
        end_date=dt.date(2026, 5, 11), venue="Expo Tel Aviv", timezone="Asia/Jerusalem",
        slot_minutes=30, video_link_template="https://meet.example.org/liaison-{meeting}",
    ))
    am = services.add_session(event, by=world.officer, name="morning", date=dt.date(2026, 5, 10),
                              start_time=dt.time(9), end_time=dt.time(11))
    pm = services.add_session(event, by=world.officer, name="afternoon", date=dt.date(2026, 5, 10),
                              start_time=dt.time(14), end_time=dt.time(16))
    services.add_tables(event, by=world.officer, names=["T1", "T2", "T3"])
    interpreter = services.add_interpreter(event, by=world.officer, name="Li Wei", languages=["zh", "he", "en"])
    services.set_status(event, by=world.officer, status=Event.Status.REGISTRATION)
    third_firm = make_organization(world.sc, ecosystem="tel-aviv", name="שמש אנרגיה",
                                   language="he", description="אגירת אנרגיה סולארית")
    home = services.register(event, by=world.owner, organization=world.home_firm,
                             attendees=[{"name": "王芳", "languages": ["zh"]}])
    partner = services.register(event, by=world.other_member, organization=world.partner_firm,
                                attendees=[{"name": "Dana Levi", "languages": ["he"]}], remote=True)
    third = services.register(event, by=world.officer, organization=third_firm,
                              attendees=[{"name": "נועה כהן", "languages": ["he", "en"]}])
    event.refresh_from_db()
    return EventWorld(event, home, partner, third, am, pm, interpreter)


def accept(by_requester: Any, by_recipient: Any, requester: Any, recipient: Any, priority: int = 2) -> Any:
    from liaison.events import services

    req = services.send_request(by=by_requester, requester=requester, recipient=recipient, priority=priority)
    return services.answer_request(req, by=by_recipient, accept=True)


def schedule_now(event: Any, by: Any, *, publish_proposal: bool = True) -> Any:
    """Run the scheduler synchronously (the task calls the same service). After publication
    a run is a re-plan proposal; `publish_proposal` publishes it as the officer would."""
    from liaison.events import services
    from liaison.events.models import Proposal, SchedulingRun

    event.refresh_from_db()
    run = SchedulingRun.objects.create(event=event, replan=bool(event.published_at), started_by=by, time_limit=3)
    run = services.run_scheduling(run)
    proposal = Proposal.objects.filter(run=run).first()
    if proposal is not None and publish_proposal:
        services.publish_proposal(proposal, by=by)
    return run
