"""Calendars that reach people, and a re-plan that is a proposal (#17 items 5 and 6).

Every attendee and interpreter with an e-mail address, with or without a login, gets the
agenda in their language with an iCalendar invitation on publication; a re-plan is shown
to the officer as a diff and only when published are the people of the changed meetings
told, each with what changed for them (SEQUENCE raised; METHOD:CANCEL for a dropped
meeting). The .ics files are read back with vobject, a parser independent of the library
that wrote them (icalendar).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import vobject

from liaison.common.errors import ValidationError
from liaison.events import services
from liaison.events.invitations import send_reminders
from liaison.events.models import Attendee, Meeting, Proposal
from liaison.notifications.models import Notification, OutboundAttachment, OutboundEmail
from tests.events.conftest import accept, schedule_now

pytestmark = pytest.mark.django_db

JERUSALEM, SHANGHAI = "Asia/Jerusalem", "Asia/Shanghai"


def _emails(world: Any, ew: Any) -> None:
    Attendee.objects.filter(registration=ew.home).update(email="wang.fang@jinghua.example")
    Attendee.objects.filter(registration=ew.partner).update(email="dana@negev.example")
    Attendee.objects.filter(registration=ew.third).update(email="noa@shemesh.example")
    ew.interpreter.email = "li.wei@interpreters.example"
    ew.interpreter.save()


def _published(world: Any, ew: Any) -> list[Meeting]:
    _emails(world, ew)
    m1 = accept(world.owner, world.other_member, ew.home, ew.partner, priority=3)
    m2 = accept(world.owner, world.officer, ew.home, ew.third)
    schedule_now(ew.event, world.officer)
    services.publish_schedule(ew.event, by=world.officer)
    return [Meeting.objects.select_related("slot").get(pk=m.pk) for m in (m1, m2)]


def _mail_to(address: str, kind: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=address, kind=kind).order_by("pk"))


def _calendar(email: OutboundEmail, name: str) -> Any:
    attachment = OutboundAttachment.objects.get(email=email, filename=name)
    assert attachment.mimetype.startswith("text/calendar")
    return vobject.readOne(bytes(attachment.content).decode())


def test_publication_mails_every_person_their_agenda_with_an_invitation(world: Any, ew: Any) -> None:
    m1, m2 = _published(world, ew)
    # Wang Fang (Chinese, Beijing firm, no login needed): in Chinese, both meetings
    [mail] = _mail_to("wang.fang@jinghua.example", "events.agenda")
    assert "您" in mail.body or "会" in mail.body  # written in Chinese
    cal = _calendar(mail, "invite.ics")
    assert cal.method.value == "REQUEST"
    events = {e.uid.value: e for e in cal.vevent_list}
    assert set(events) == {f"meeting-{m1.pk}@liaison", f"meeting-{m2.pk}@liaison"}
    first = events[f"meeting-{m1.pk}@liaison"]
    start = first.dtstart.value
    # on the event's clock, with its zone; the same instant as the slot
    assert JERUSALEM in repr(start.tzinfo)
    assert start.astimezone(dt.UTC) == m1.slot.starts_at.astimezone(dt.UTC)
    here = m1.slot.starts_at.astimezone(ew.event.tz)
    there = m1.slot.starts_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert start.hour == here.hour
    assert f"{there:%H:%M}" in first.description.value and SHANGHAI in first.description.value
    assert int(first.sequence.value) == 0
    assert first.attendee.value == "mailto:wang.fang@jinghua.example"
    # Dana (Hebrew) gets hers in Hebrew; the subscription URL is in every mail
    [dana] = _mail_to("dana@negev.example", "events.agenda")
    assert any("\u0590" <= ch <= "\u05ff" for ch in dana.body)
    token = Attendee.objects.get(registration=ew.partner).calendar_token
    assert f"/events/calendar/{token}.ics" in dana.body
    # the interpreter gets the meetings they interpret
    [li] = _mail_to("li.wei@interpreters.example", "events.agenda")
    interpreted = [m for m in (m1, m2) if m.interpreter_id == ew.interpreter.pk]
    assert {e.uid.value for e in _calendar(li, "invite.ics").vevent_list} == {m.uid for m in interpreted}


def test_a_re_plan_is_a_diff_the_officer_publishes_and_only_the_affected_hear(
        world: Any, ew: Any, client_for: Any) -> None:
    m1, m2 = _published(world, ew)
    OutboundEmail.objects.all().delete()
    Notification.objects.filter(kind="events.replanned").delete()
    # Dana (partner) can no longer come in the session of her meeting
    services.change_availability(ew.partner, by=world.other_member, unavailable_sessions=[m1.slot.session])
    run = schedule_now(ew.event, world.officer, publish_proposal=False)
    proposal = Proposal.objects.get(run=run)
    # nothing changed yet, nobody was told
    assert Meeting.objects.get(pk=m1.pk).slot_id == m1.slot_id
    assert not OutboundEmail.objects.exists()
    changes = services.proposal_changes(proposal)
    moved = {c.meeting.pk for c in changes if c.kind == "moved"}
    assert m1.pk in moved
    page = client_for(world.officer).get(f"/events/{ew.event.pk}/schedule/").content.decode()
    assert 'id="proposal-diff"' in page and "moved" in page
    # the other office sees no proposal and cannot publish it
    assert client_for(world.other_officer).post(
        f"/events/proposals/{proposal.pk}/publish/").status_code in (403, 404)
    assert client_for(world.owner).post(f"/events/proposals/{proposal.pk}/publish/").status_code in (403, 404)
    response = client_for(world.officer).post(f"/events/proposals/{proposal.pk}/publish/")
    assert response.status_code == 302
    after = Meeting.objects.get(pk=m1.pk)
    assert after.slot.session_id != m1.slot.session_id and after.sequence == 1
    # only the people of changed meetings get an update: Dana and Wang Fang for m1; Noa's
    # meeting (m2) moved only if the re-plan moved it
    told = {e.to for e in OutboundEmail.objects.filter(kind="events.agenda_update")}
    expected = {"dana@negev.example", "wang.fang@jinghua.example"}
    if m2.pk in moved:
        expected.add("noa@shemesh.example")
    else:
        assert Meeting.objects.get(pk=m2.pk).sequence == 0
    interpreters = {x for c in services.proposal_changes(proposal) for x in c.interpreter_ids} or {
        pk for pk in (m1.interpreter_id, after.interpreter_id) if pk}
    if ew.interpreter.pk in interpreters:
        expected.add("li.wei@interpreters.example")
    assert told == expected
    [dana] = _mail_to("dana@negev.example", "events.agenda_update")
    cal = _calendar(dana, "invite.ics")
    [vevent] = [e for e in cal.vevent_list if e.uid.value == m1.uid]
    assert int(vevent.sequence.value) == 1
    assert vevent.dtstart.value.astimezone(dt.UTC) == after.slot.starts_at.astimezone(dt.UTC)
    was = m1.slot.starts_at.astimezone(ew.event.tz)
    assert f"{was:%Y-%m-%d %H:%M}" in dana.body  # what it was, beside what it becomes
    # in the app: the members of the two firms of the moved meeting, nobody else
    notified = set(Notification.objects.filter(kind="events.replanned").values_list("user__username", flat=True))
    assert {"owner", "member", "other_member"} <= notified
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PUBLISHED


def test_a_dropped_meeting_goes_out_as_a_cancellation(world: Any, ew: Any) -> None:
    m1, _m2 = _published(world, ew)
    OutboundEmail.objects.all().delete()
    services.cancel_meeting(m1, by=world.officer)
    [dana] = _mail_to("dana@negev.example", "events.agenda_update")
    cal = _calendar(dana, "cancel.ics")
    assert cal.method.value == "CANCEL"
    [vevent] = cal.vevent_list
    assert vevent.uid.value == m1.uid and int(vevent.sequence.value) == 1
    assert vevent.status.value == "CANCELLED"
    assert not _mail_to("noa@shemesh.example", "events.agenda_update")  # not in that meeting


def test_a_discarded_re_plan_changes_nothing_and_tells_nobody(world: Any, ew: Any, client_for: Any) -> None:
    m1, _m2 = _published(world, ew)
    OutboundEmail.objects.all().delete()
    services.change_availability(ew.partner, by=world.other_member, unavailable_sessions=[m1.slot.session])
    run = schedule_now(ew.event, world.officer, publish_proposal=False)
    proposal = Proposal.objects.get(run=run)
    assert client_for(world.officer).post(f"/events/proposals/{proposal.pk}/discard/").status_code == 302
    assert Meeting.objects.get(pk=m1.pk).slot_id == m1.slot_id
    assert not OutboundEmail.objects.exists()
    with pytest.raises(ValidationError):
        services.publish_proposal(Proposal.objects.get(pk=proposal.pk), by=world.officer)


def test_a_proposal_made_stale_by_a_later_change_is_refused(world: Any, ew: Any) -> None:
    m1, m2 = _published(world, ew)
    services.change_availability(ew.partner, by=world.other_member, unavailable_sessions=[m1.slot.session])
    run = schedule_now(ew.event, world.officer, publish_proposal=False)
    services.cancel_meeting(Meeting.objects.get(pk=m2.pk), by=world.officer)
    with pytest.raises(ValidationError) as caught:
        services.publish_proposal(Proposal.objects.get(run=run), by=world.officer)
    assert "re-plan again" in str(caught.value)


def test_the_subscription_url_serves_without_login_and_a_new_link_revokes_it(
        world: Any, ew: Any, client_for: Any) -> None:
    m1, _m2 = _published(world, ew)
    dana = Attendee.objects.get(registration=ew.partner)
    anonymous = client_for(None)
    feed = anonymous.get(f"/events/calendar/{dana.calendar_token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    cal = vobject.readOne(feed.content.decode())
    assert cal.method.value == "PUBLISH" and [e.uid.value for e in cal.vevent_list] == [m1.uid]
    assert anonymous.get("/events/calendar/not-a-token-of-anyone-at-all.ics").status_code == 404
    # the firm's member sees the link and draws a new one; another firm cannot
    page = client_for(world.other_member).get(f"/events/registrations/{ew.partner.pk}/agenda/").content.decode()
    assert dana.calendar_token in page
    assert client_for(world.owner).post(f"/events/attendees/{dana.pk}/calendar/revoke/").status_code == 404
    assert client_for(world.other_member).post(f"/events/attendees/{dana.pk}/calendar/revoke/").status_code == 302
    assert anonymous.get(f"/events/calendar/{dana.calendar_token}.ics").status_code == 404
    fresh = Attendee.objects.get(pk=dana.pk).calendar_token
    assert fresh != dana.calendar_token
    assert anonymous.get(f"/events/calendar/{fresh}.ics").status_code == 200


def test_a_reminder_goes_out_the_day_before(world: Any, ew: Any) -> None:
    _published(world, ew)
    OutboundEmail.objects.all().delete()
    assert send_reminders(ew.event, dt.date(2026, 5, 11)) == 0
    sent = send_reminders(ew.event, dt.date(2026, 5, 10))
    assert sent >= 3
    [mail] = _mail_to("wang.fang@jinghua.example", "events.reminder")
    assert "2026-05-10" in mail.body
