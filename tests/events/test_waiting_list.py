"""The waiting list moves by itself (#17 item 7): a withdrawn or cancelled registration, or a
raised capacity, admits the first firms waiting in the order they joined, and tells them; a
firm on the waiting list can leave it. Through the page and the service, with the users
who must be refused."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.accounts.models import Membership
from liaison.events import services
from liaison.events.models import Event, Meeting, Registration
from liaison.notifications.models import Notification, OutboundAttachment
from liaison.notifications.models import OutboundEmail as Mail
from tests.events.test_calendars_reach_people import _published
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


def _waiting(world: Any, ew: Any) -> tuple[Registration, Registration, Any]:
    """Capacity 3 (taken by the fixture's three firms); two firms wait, Early Wind first.
    `outsider` is a member of Early Wind, a new user of Later Sun."""
    Event.objects.filter(pk=ew.event.pk).update(capacity=3)
    event = Event.objects.get(pk=ew.event.pk)
    early = make_organization(world.sc, ecosystem="tel-aviv", name="Early Wind")
    later = make_organization(world.sc, ecosystem="tel-aviv", name="Later Sun")
    Membership.objects.create(user=world.outsider, organization=early, role="owner")
    sun = make_user("sun_member")
    Membership.objects.create(user=sun, organization=later, role="member")
    late = event.status != Event.Status.REGISTRATION  # then only the host office registers
    first = services.register(event, by=world.officer if late else world.outsider, organization=early,
                              attendees=[{"name": "Tal", "languages": ["he"]}])
    second = services.register(event, by=world.officer if late else sun, organization=later,
                               attendees=[{"name": "Gil", "languages": ["he"]}])
    assert first.waitlisted and second.waitlisted
    return first, second, sun


def _admitted_notices(username: str) -> int:
    return Notification.objects.filter(kind="events.admitted", user__username=username).count()


def test_a_cancelled_registration_admits_the_first_firm_waiting(world: Any, ew: Any) -> None:
    first, second, _sun = _waiting(world, ew)
    admitted = services.withdraw_registration(ew.third, by=world.officer)  # the host office cancels it
    assert [r.pk for r in admitted] == [first.pk]
    assert not Registration.objects.filter(pk=ew.third.pk).exists()
    assert not Registration.objects.get(pk=first.pk).waitlisted
    assert Registration.objects.get(pk=second.pk).waitlisted  # still one place only
    assert _admitted_notices("outsider") == 1 and _admitted_notices("sun_member") == 0
    # the admitted firm now takes meetings
    assert services.send_request(by=world.owner, requester=ew.home, recipient=Registration.objects.get(pk=first.pk))


def test_a_raised_or_removed_capacity_admits_in_the_order_firms_joined(world: Any, ew: Any) -> None:
    first, second, _sun = _waiting(world, ew)
    event = Event.objects.get(pk=ew.event.pk)
    services.update_event(event, by=world.officer, data={"capacity": 2})  # lowered: nobody leaves, nobody enters
    assert Registration.objects.filter(event=event, waitlisted=True).count() == 2
    services.update_event(Event.objects.get(pk=event.pk), by=world.officer, data={"capacity": 4})
    assert not Registration.objects.get(pk=first.pk).waitlisted
    assert Registration.objects.get(pk=second.pk).waitlisted
    services.update_event(Event.objects.get(pk=event.pk), by=world.officer, data={"capacity": None})
    assert not Registration.objects.get(pk=second.pk).waitlisted
    assert _admitted_notices("outsider") == 1 and _admitted_notices("sun_member") == 1


def test_a_firm_withdrawn_after_publication_cancels_its_meetings_and_frees_its_place(
        world: Any, ew: Any, client_for: Any) -> None:
    m1, _m2 = _published(world, ew)  # m1: the home firm with Dana's firm (partner)
    first, _second, _sun = _waiting(world, ew)
    Mail.objects.all().delete()
    page = client_for(world.other_member).get(f"/events/{ew.event.pk}/").content.decode()
    assert 'id="withdraw-registration"' in page
    # the other firms' members and an unrelated office cannot withdraw it
    for refused in (world.owner, world.member, world.outsider):
        assert client_for(refused).post(f"/events/registrations/{ew.partner.pk}/withdraw/").status_code in (403, 404)
    assert client_for(None).post(f"/events/registrations/{ew.partner.pk}/withdraw/").status_code == 302  # to sign in
    assert Registration.objects.filter(pk=ew.partner.pk).exists()
    response = client_for(world.other_member).post(f"/events/registrations/{ew.partner.pk}/withdraw/", follow=True)
    assert response.status_code == 200 and "is withdrawn from the event" in response.content.decode()
    assert not Registration.objects.filter(pk=ew.partner.pk).exists()
    assert not Meeting.objects.filter(pk=m1.pk).exists()
    # the other side's calendar gets the cancellation of the dropped meeting
    mail = Mail.objects.filter(to="wang.fang@jinghua.example", kind="events.agenda_update").latest("pk")
    ics = bytes(OutboundAttachment.objects.get(email=mail, filename="cancel.ics").content).decode()
    assert "METHOD:CANCEL" in ics and m1.uid in ics
    assert not Registration.objects.get(pk=first.pk).waitlisted and _admitted_notices("outsider") == 1


def test_a_firm_on_the_waiting_list_leaves_it_and_nobody_else_may(world: Any, ew: Any, client_for: Any) -> None:
    first, second, sun = _waiting(world, ew)
    page = client_for(sun).get(f"/events/{ew.event.pk}/").content.decode()
    assert 'id="on-waiting-list"' in page and 'id="leave-waiting-list"' in page
    url = f"/events/registrations/{second.pk}/withdraw/"
    for refused in (world.owner, world.other_member, world.outsider):  # outsider: a firm waiting before it
        assert client_for(refused).post(url).status_code in (403, 404)
    assert Registration.objects.get(pk=second.pk).waitlisted
    response = client_for(sun).post(url, follow=True)
    assert "left the waiting list" in response.content.decode()
    assert not Registration.objects.filter(pk=second.pk).exists()
    # leaving the waiting list frees no place: the firm before it still waits
    assert Registration.objects.get(pk=first.pk).waitlisted
    assert not Notification.objects.filter(kind="events.admitted").exists()
    # the host office sees the list and may remove a firm from it
    detail = client_for(world.officer).get(f"/events/{ew.event.pk}/").content.decode()
    assert "Early Wind" in detail and "Later Sun" not in detail and f"/registrations/{first.pk}/withdraw/" in detail
    assert client_for(world.officer).post(f"/events/registrations/{first.pk}/withdraw/").status_code == 302
    assert not Registration.objects.filter(pk=first.pk).exists()


def test_the_waiting_list_through_the_api(world: Any, ew: Any, client_for: Any) -> None:
    first, second, sun = _waiting(world, ew)
    listed = client_for(world.officer).get(f"/api/events/{ew.event.pk}/registrations").json()
    assert {r["organization_name"]: r["waitlisted"] for r in listed}["Early Wind"] is True
    url = f"/api/events/registrations/{ew.third.pk}/"
    for refused in (world.owner, world.other_member, sun):
        assert client_for(refused).delete(url.rstrip("/")).status_code in (403, 404)
    assert client_for(world.officer).delete("/api/events/registrations/99999999999999999999").status_code in (404, 422)
    response = client_for(world.officer).delete(url.rstrip("/"))
    assert response.status_code == 200 and response.json() == {"admitted": [first.pk]}
    assert not Registration.objects.get(pk=first.pk).waitlisted
    # the waiting firm leaves the list itself; nobody is admitted in its place
    response = client_for(sun).delete(f"/api/events/registrations/{second.pk}")
    assert response.status_code == 200 and response.json() == {"admitted": []}
    assert not Registration.objects.filter(pk=second.pk).exists()
