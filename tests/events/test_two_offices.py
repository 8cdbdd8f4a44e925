"""Both offices broker a delegation (#17 items 1 and 2).

The event is hosted by the Beijing office (`world.officer`); the Tel Aviv office
(`world.other_officer`) is responsible for the Tel Aviv firms registered in it, so it sees
the event and acts for those firms, but does not plan, schedule or publish. Registration:
the picker searches the organizations the officer may register, in the reader's language;
after registration closes the host office still registers, and anyone else hears the real
reason (the event's status) instead of "your role".
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from liaison.common.errors import PermissionDenied, ValidationError
from liaison.directory.models import OrganizationTranslation
from liaison.events import services
from liaison.events.models import Event, MeetingRequest, Registration
from liaison.events.selectors import registrable_organizations, search_organizations, visible_events
from tests.events.conftest import accept
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


def test_the_office_of_a_registered_firm_sees_the_event_and_its_firms(world: Any, ew: Any) -> None:
    tel_aviv = world.other_officer
    assert ew.event in visible_events(tel_aviv)
    assert tel_aviv.has_perm("events.view_event", ew.event)
    assert tel_aviv.has_perm("events.view_participants", ew.event)
    assert tel_aviv.has_perm("events.view_registration", ew.partner)
    # ...not the other office's firm's registration, and no planning
    assert not tel_aviv.has_perm("events.view_registration", ew.home)
    for perm in ("events.manage_event", "events.view_schedule"):
        assert not tel_aviv.has_perm(perm, ew.event)
    # an officer of a third office, none of whose firms take part, sees nothing once
    # registration is over
    Event.objects.filter(pk=ew.event.pk).update(status=Event.Status.REQUESTS)
    munich = make_user("munich_officer", office=world.sc.offices["munich"])
    assert ew.event not in visible_events(munich)
    assert not munich.has_perm("events.view_event", Event.objects.get(pk=ew.event.pk))


def test_the_office_of_a_firm_registers_it_and_acts_for_it(world: Any, ew: Any) -> None:
    tel_aviv = world.other_officer
    firm = make_organization(world.sc, ecosystem="tel-aviv", name="Haifa Hydrogen")
    reg = services.register(ew.event, by=tel_aviv, organization=firm,
                            attendees=[{"name": "Yael Bar", "languages": ["he", "en"]}])
    assert reg.registered_by == tel_aviv
    # it sends a request for its firm and answers one sent to it
    req = services.send_request(by=tel_aviv, requester=reg, recipient=ew.home, priority=3)
    assert req.created_by == tel_aviv
    incoming = services.send_request(by=world.owner, requester=ew.home, recipient=ew.partner)
    services.answer_request(incoming, by=tel_aviv, accept=True)
    assert MeetingRequest.objects.get(pk=incoming.pk).status == MeetingRequest.Status.ACCEPTED
    # but not for the Beijing firm
    with pytest.raises(PermissionDenied):
        services.send_request(by=tel_aviv, requester=ew.home, recipient=reg)


def test_an_office_cannot_register_another_offices_firm(world: Any, ew: Any) -> None:
    beijing_firm = make_organization(world.sc, ecosystem="beijing", name="Zhongguancun Robotics")
    with pytest.raises(ValidationError) as caught:
        services.register(ew.event, by=world.other_officer, organization=beijing_firm,
                          attendees=[{"name": "Li Na", "languages": ["zh"]}])
    assert caught.value.message_dict == {"organization": ["You can only register the firms of your office."]}
    assert not Registration.objects.filter(organization=beijing_firm).exists()


def test_the_host_office_registers_late_and_others_hear_the_events_status(
        world: Any, ew: Any, client_for: Any) -> None:
    services.set_status(ew.event, by=world.officer, status=Event.Status.REQUESTS)
    late = make_organization(world.sc, ecosystem="tel-aviv", name="Late Lithium")
    reg = services.register(ew.event, by=world.officer, organization=late,
                            attendees=[{"name": "Omer Tal", "languages": ["he"]}])
    assert reg.pk
    services.change_availability(reg, by=world.officer, unavailable_sessions=[ew.am])
    # the Tel Aviv office and a member are told why: the event's status, and whom to ask
    other = make_organization(world.sc, ecosystem="tel-aviv", name="Later Lithium")
    with pytest.raises(PermissionDenied) as caught:
        services.register(ew.event, by=world.other_officer, organization=other,
                          attendees=[{"name": "Gil", "languages": ["he"]}])
    assert "Registration is closed" in str(caught.value) and "requests open" in str(caught.value)
    page = client_for(world.owner).get(f"/events/{ew.event.pk}/register/")
    assert page.status_code == 403
    text = page.content.decode()
    assert "Registration is closed: the event is “requests open”." in text
    assert "Your role does not allow this action" not in text


def test_the_picker_offers_only_what_the_officer_may_register_in_the_readers_language(
        world: Any, ew: Any, client_for: Any) -> None:
    named = make_organization(world.sc, ecosystem="tel-aviv", name="מעבדות סוללות חיפה", language="he")
    OrganizationTranslation.objects.create(organization=named, language="en", name="Haifa Battery Labs")
    OrganizationTranslation.objects.create(organization=named, language="zh", name="海法电池实验室")
    make_organization(world.sc, ecosystem="munich", name="Bavarian Battery Works", vetted=False)
    beijing = make_organization(world.sc, ecosystem="beijing", name="Battery Capital Beijing")
    tel_aviv = world.other_officer
    # the Tel Aviv office: its own firms only (not Beijing's, not another office's unvetted one)
    with translation.override("en"):
        found = search_organizations(registrable_organizations(tel_aviv, ew.event), "battery")
        assert [o.display_name for o in found] == ["Haifa Battery Labs"]
    # the host office: every organization it may see, but not another office's unvetted firm
    # nor one already registered (Negev Battery Labs)
    with translation.override("en"):
        names = [o.display_name for o in search_organizations(
            registrable_organizations(world.officer, ew.event), "battery")]
    assert names == ["Battery Capital Beijing", "Haifa Battery Labs"]
    # the page fragment: names in the reader's language, found by another language's name
    response = client_for(tel_aviv).get(f"/events/{ew.event.pk}/register/organizations/",
                                        {"organization_q": "Haifa"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    text = response.content.decode()
    assert "海法电池实验室" in text and f'value="{named.pk}"' in text
    assert f'value="{beijing.pk}"' not in text
    # a member only their own organization; an outsider is refused
    assert list(registrable_organizations(world.owner, ew.event)) == []  # already registered
    assert client_for(world.outsider).get(f"/events/{ew.event.pk}/register/organizations/",
                                          {"organization_q": "a"}).status_code == 403


def test_the_picker_bounds_the_search_and_the_list(world: Any, ew: Any) -> None:
    for i in range(25):
        make_organization(world.sc, ecosystem="tel-aviv", name=f"Solar {i:02d}")
    found = search_organizations(registrable_organizations(world.other_officer, ew.event), "solar")
    assert len(found) == 20 and found[0].name == "Solar 00"
    assert search_organizations(registrable_organizations(world.other_officer, ew.event), "x" * 5000) == []
    assert search_organizations(registrable_organizations(world.other_officer, ew.event), "   ") == []


def test_registering_through_the_page_with_the_picker(world: Any, ew: Any, client_for: Any) -> None:
    firm = make_organization(world.sc, ecosystem="tel-aviv", name="Jaffa Grid")
    response = client_for(world.other_officer).post(f"/events/{ew.event.pk}/register/", {
        "organization": firm.pk, "attendee_name": "Noa", "attendee_languages": ["he"]})
    assert response.status_code == 302
    assert Registration.objects.filter(event=ew.event, organization=firm).exists()
    # without JavaScript the search box submits and the page lists the matches
    page = client_for(world.other_officer).post(f"/events/{ew.event.pk}/register/", {
        "organization_q": "Negev", "attendee_name": "Noa", "attendee_languages": ["he"]})
    assert page.status_code == 422
    assert "Jaffa Grid" not in page.content.decode()  # registered now: no longer offered


def test_the_register_page_does_not_list_every_organization(world: Any, ew: Any, client_for: Any) -> None:
    for i in range(30):
        make_organization(world.sc, ecosystem="tel-aviv", name=f"Firm {i:02d}")
    page = client_for(world.officer).get(f"/events/{ew.event.pk}/register/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<select name="organization"' not in text
    assert "Firm 07" not in text
    assert f'hx-get="/events/{ew.event.pk}/register/organizations/"' in text


def test_a_meeting_request_between_two_offices_firms(world: Any, ew: Any) -> None:
    # the Tel Aviv office answers for its firm; the Beijing firm's owner sent it
    accept(world.owner, world.other_officer, ew.home, ew.partner)
    meeting = ew.event.meetings.get()
    assert world.other_officer.has_perm("events.view_meeting", meeting)
    assert world.other_officer.has_perm("events.cancel_meeting", meeting)
    assert not world.other_officer.has_perm("events.manage_event", meeting)


def test_an_office_registers_forty_firms_from_a_filter_at_once(world: Any, ew: Any, client_for: Any) -> None:
    from liaison.directory.models import Person

    firms = [make_organization(world.sc, ecosystem="tel-aviv", name=f"Negev Solar {i:02d}", language="he")
             for i in range(40)]
    Person.objects.create(organization=firms[0], name="Rina Adler", email="rina@negev-solar.example",
                          languages=["he", "en"])
    make_organization(world.sc, ecosystem="beijing", name="Negev Solar Beijing Branch")  # not Tel Aviv's
    client = client_for(world.other_officer)
    page = client.get(f"/events/{ew.event.pk}/register/bulk/", {"q": "Negev Solar"}).content.decode()
    assert page.count("<li><bdi>Negev Solar") == 40 and "Beijing Branch" not in page
    assert "Register these 40 firms" in page
    response = client.post(f"/events/{ew.event.pk}/register/bulk/", {"q": "Negev Solar"})
    assert response.status_code == 302
    registered = Registration.objects.filter(event=ew.event, organization__in=firms)
    assert registered.count() == 40 and {r.registered_by for r in registered} == {world.other_officer}
    first = registered.get(organization=firms[0]).attendees.get()
    assert (first.name, first.email, first.languages) == ("Rina Adler", "rina@negev-solar.example", ["en", "he"])
    other = registered.get(organization=firms[1]).attendees.get()
    assert other.name == "Negev Solar 01" and other.languages == ["he"]
    # a member may not use it for firms that are not theirs; an outsider is refused
    assert client_for(world.outsider).get(f"/events/{ew.event.pk}/register/bulk/").status_code == 403


def test_bulk_registration_is_bounded(world: Any, ew: Any) -> None:
    firms = [make_organization(world.sc, ecosystem="tel-aviv", name=f"Bulk {i}") for i in range(201)]
    with pytest.raises(ValidationError) as caught:
        services.register_many(ew.event, by=world.other_officer, organizations=firms)
    assert list(caught.value.message_dict) == ["organizations"]
