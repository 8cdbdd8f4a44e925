"""The event's own pages (#17 item 7): a public page (opt-in), a waiting list beyond the
capacity, QR codes for check-in on agendas and badges with self check-in from the phone,
a printable badge sheet and a day sheet per table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from liaison.common.errors import ValidationError
from liaison.events import services
from liaison.events.models import Attendee, Event, Registration
from tests.events.conftest import accept, schedule_now
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


def test_the_public_page_is_opt_in_and_readable_without_login(world: Any, ew: Any, client_for: Any) -> None:
    anonymous = client_for(None)
    assert anonymous.get(f"/events/{ew.event.pk}/about/").status_code == 404  # not opted in
    Event.objects.filter(pk=ew.event.pk).update(public=True, capacity=10, description="Energy storage week")
    page = anonymous.get(f"/events/{ew.event.pk}/about/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Beijing delegation to Tel Aviv" in text and "Expo Tel Aviv" in text and "Energy storage week" in text
    assert "3 of 10 taken" in text and "Sign in to register your firm" in text
    signed_in = client_for(world.other_member).get(f"/events/{ew.event.pk}/about/").content.decode()
    assert 'id="public-register"' in signed_in
    Event.objects.filter(pk=ew.event.pk).update(status=Event.Status.DRAFT)
    assert anonymous.get(f"/events/{ew.event.pk}/about/").status_code == 404
    assert anonymous.get("/events/99999999999999999999/about/").status_code == 404


def test_beyond_the_capacity_firms_wait_and_the_host_office_admits_them(world: Any, ew: Any, client_for: Any) -> None:
    Event.objects.filter(pk=ew.event.pk).update(capacity=3)
    event = Event.objects.get(pk=ew.event.pk)
    late = make_organization(world.sc, ecosystem="tel-aviv", name="Waiting Wind")
    reg = services.register(event, by=world.other_officer, organization=late,
                            attendees=[{"name": "Tal", "languages": ["he"]}])
    assert reg.waitlisted
    # it takes no meetings and is not in the marketplace
    with pytest.raises(ValidationError) as caught:
        services.send_request(by=world.owner, requester=ew.home, recipient=reg)
    assert list(caught.value.message_dict) == ["recipient"]
    market = client_for(world.owner).get(f"/events/{event.pk}/participants/?recommend=0").content.decode()
    assert "Waiting Wind" not in market
    detail = client_for(world.officer).get(f"/events/{event.pk}/").content.decode()
    assert 'id="waiting-list"' in detail and "Waiting Wind" in detail
    assert client_for(world.other_officer).post(f"/events/registrations/{reg.pk}/admit/").status_code == 403
    assert client_for(world.officer).post(f"/events/registrations/{reg.pk}/admit/").status_code == 302
    assert not Registration.objects.get(pk=reg.pk).waitlisted
    assert services.send_request(by=world.owner, requester=ew.home, recipient=Registration.objects.get(pk=reg.pk))


def _published(world: Any, ew: Any) -> Any:
    accept(world.owner, world.other_member, ew.home, ew.partner)
    schedule_now(ew.event, world.officer)
    services.publish_schedule(ew.event, by=world.officer)
    return Event.objects.get(pk=ew.event.pk)


def test_self_check_in_with_the_qr_code_on_the_days_of_the_event(world: Any, ew: Any, client_for: Any) -> None:
    event = _published(world, ew)
    dana = Attendee.objects.get(registration=ew.partner)
    agenda = client_for(world.other_member).get(f"/events/registrations/{ew.partner.pk}/agenda/").content.decode()
    assert f'id="qr-{dana.pk}"' in agenda and "<svg" in agenda.split(f'id="qr-{dana.pk}"')[1][:400]
    phone = client_for(None)
    page = phone.get(f"/events/check-in/{dana.checkin_token}/")
    assert page.status_code == 200 and "Dana Levi" in page.content.decode()
    assert 'id="check-in-refused"' in page.content.decode()  # today is not a day of the event
    assert phone.post(f"/events/check-in/{dana.checkin_token}/").status_code == 409
    on_the_day = dt.datetime(2026, 5, 10, 7, 30, tzinfo=dt.UTC)
    services.self_check_in(dana, now=on_the_day)
    assert Attendee.objects.get(pk=dana.pk).checked_in_at == on_the_day
    assert Registration.objects.get(pk=ew.partner.pk).checked_in_at == on_the_day
    assert phone.get("/events/check-in/wrong-token-wrong-token-wrong/").status_code == 404
    assert event.published_at


def test_badges_and_table_sheets_are_pdfs_for_the_host_office_only(world: Any, ew: Any, client_for: Any) -> None:
    event = _published(world, ew)
    for url in (f"/events/{event.pk}/badges.pdf", f"/events/{event.pk}/table-sheets.pdf"):
        response = client_for(world.officer).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert client_for(world.owner).get(url).status_code == 403
        assert client_for(world.outsider).get(url).status_code == 404
        assert client_for(None).get(url).status_code == 302


def test_the_badge_sheet_names_each_attendee(world: Any, ew: Any) -> None:
    from liaison.events import agendas, checkin

    event = _published(world, ew)
    attendees = list(Attendee.objects.filter(registration__event=event).select_related("registration__organization"))
    document = agendas.pdf_document("events/pdf/badges.html", {
        "event": event, "badges": [(a, checkin.qr_image(checkin.checkin_url(a))) for a in attendees]})
    text = "".join(box.text for page in document.pages for box in _boxes(page._page_box) if hasattr(box, "text"))
    for a in attendees:
        assert a.name in text


def _boxes(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_the_participants_page_shows_one_bounded_page_and_searches_every_page(
    world: Any, ew: Any, client_for: Any, settings: Any
) -> None:
    settings.PAGE_SIZE = 2
    for name in ("Zephyr Storage", "Zulu Solar", "Zeta Grid"):
        services.register(ew.event, by=world.officer, organization=make_organization(
            world.sc, ecosystem="tel-aviv", name=name), attendees=[{"name": "A", "languages": ["en"]}])
    officer = client_for(world.officer)
    url = f"/events/{ew.event.pk}/participants/?recommend=0"
    first = officer.get(url).content.decode()
    assert first.count('id="participant-') == 2 and 'rel="next"' in first
    seen = []
    for number in range(1, 10):
        text = officer.get(f"{url}&page={number}").content.decode()
        seen += [n for n in ("Zephyr Storage", "Zulu Solar", "Zeta Grid") if n in text.split('id="participants"')[1]]
        if 'rel="next"' not in text:
            break
    assert sorted(seen) == ["Zephyr Storage", "Zeta Grid", "Zulu Solar"]  # each once, in some page
    # The search runs over every registration, not the page shown; the next link keeps it.
    found = officer.get(f"{url}&q=ZULU").content.decode()
    table = found.split('id="participants"')[1]
    assert "Zulu Solar" in table and "Zephyr Storage" not in table and "Zeta Grid" not in table
    # A search text beyond the bound is refused with a message naming the limit, not run.
    long = officer.get(f"{url}&q={'x' * 201}").content.decode()
    assert "at most 200 characters" in long and 'role="alert"' in long
    # Someone with no role in the event is refused, whatever the page or search.
    assert client_for(world.outsider).get(f"{url}&q=zulu&page=2").status_code in (403, 404)
