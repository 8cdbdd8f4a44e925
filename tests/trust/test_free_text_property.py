"""Standing guard (#13): arbitrary Unicode through every service write with free text — `%`,
`{}`, format placeholders, NUL, RTL and bidi marks, lone surrogates, 10,000-character strings
— is either saved exactly (as the service strips it) or refused with a field error, never an
exception."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_opportunity, make_user

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

NASTY = ["100%", "50% off", "%(title)s", "%s %d", "{}", "{0}", "{title}", "\x00", "a\x00b",
         "\u200f\u202eשלום\u202c", "\u2067עברית\u2069 and English.", "\ud800", "储" * 10_000,
         "x" * 10_001, " \t\n ", "<script>alert(1)</script>", "=1+2", "\r\n"]

free_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(min_size=1, max_size=60),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=20), st.sampled_from(NASTY),
              st.text(max_size=20)),
)

PROPERTY = settings(max_examples=25, derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def saved_or_field_error(write: Callable[[], Any], read: Callable[[Any], str], value: str) -> None:
    """The property: `write()` either stores `value` (or `value` stripped, as most services
    do) so that `read(result)` gives it back, or raises a ValidationError naming fields."""
    try:
        result = write()
    except ValidationError as error:
        assert hasattr(error, "error_dict"), error  # names the field
        assert all(error.message_dict.values())
        return
    assert read(result) in (value, value.strip())


@PROPERTY
@given(title=free_text, summary=free_text, description=free_text)
def test_an_opportunity_with_any_text(world: Any, title: str, summary: str, description: str) -> None:
    from liaison.opportunities import services
    from liaison.opportunities.models import Opportunity

    def write() -> Any:
        return services.create_opportunity(organization=world.home_firm, by=world.owner, data={
            "type": "technology_offer", "language": "en", "title": title, "summary": summary,
            "description": description, "sectors": [world.sc.sectors["energy"]]})

    def read(o: Any) -> str:
        o = Opportunity.objects.get(pk=o.pk)
        assert (o.title, o.summary) == (title.strip(), summary.strip())
        return str(o.description)

    saved_or_field_error(write, read, description)


@PROPERTY
@given(reason=free_text)
def test_rejecting_an_opportunity_with_any_reason(world: Any, reason: str) -> None:
    from liaison.opportunities import services

    opp = make_opportunity(world.home_firm, status="submitted", title="Grid storage controllers")
    saved_or_field_error(lambda: services.reject_opportunity(opp, by=world.officer, reason=reason),
                         lambda o: type(o).objects.get(pk=o.pk).rejection_reason, reason)


@PROPERTY
@given(description=free_text, website=free_text)
def test_an_organization_profile_with_any_text(world: Any, description: str, website: str) -> None:
    from liaison.directory import services

    saved_or_field_error(
        lambda: services.update_organization(world.home_firm, by=world.owner,
                                             data={"description": description}),
        lambda o: type(o).objects.get(pk=o.pk).description, description)
    try:
        services.update_organization(world.home_firm, by=world.owner, data={"website": website})
    except ValidationError as error:
        assert "website" in error.message_dict


@pytest.fixture
def interest(world: Any) -> Any:
    from liaison.introductions import services

    partner_owner = make_user("partner_owner")
    world.partner_firm.memberships.create(user=partner_owner, role="owner")
    offer = make_opportunity(world.home_firm, status="published", title="Grid storage controllers")
    made = services.express_interest(opportunity=offer, organization=world.partner_firm,
                                      by=partner_owner, message="Interested.")
    made.partner_owner = partner_owner
    return made


@PROPERTY
@given(text=free_text)
def test_an_officer_note_with_any_text(world: Any, interest: Any, text: str) -> None:
    from liaison.introductions import services

    saved_or_field_error(lambda: services.add_note(interest, by=world.officer, text=text),
                         lambda n: type(n).objects.get(pk=n.pk).text, text)


@PROPERTY
@given(message=free_text, reason=free_text)
def test_an_interest_and_its_refusal_with_any_text(world: Any, message: str, reason: str) -> None:
    from liaison.introductions import services
    from liaison.introductions.models import Interest, OfficePolicy

    OfficePolicy.objects.get_or_create(office=world.sc.home, defaults={"vet_interests": True})
    Interest.objects.all().delete()
    offer = make_opportunity(world.home_firm, status="published", title="Grid storage controllers")
    try:
        made = services.express_interest(opportunity=offer, organization=world.partner_firm,
                                         by=world.other_member, message=message)
    except ValidationError as error:
        assert "message" in error.message_dict
        return
    assert Interest.objects.get(pk=made.pk).message == message.strip()
    saved_or_field_error(lambda: services.refuse_interest(made, by=world.officer, reason=reason),
                         lambda i: Interest.objects.get(pk=i.pk).refusal_reason, reason)


@PROPERTY
@given(body=free_text)
def test_a_thread_message_with_any_text(world: Any, interest: Any, body: str) -> None:
    from liaison.introductions import services

    if interest.status != "accepted":
        services.accept_interest(interest, by=world.owner)
    saved_or_field_error(lambda: services.post_message(interest, by=world.owner, body=body),
                         lambda m: type(m).objects.get(pk=m.pk).body, body)


@PROPERTY
@given(title=free_text, description=free_text, other_parties=free_text)
def test_an_outcome_with_any_text(world: Any, interest: Any, title: str, description: str,
                                  other_parties: str) -> None:
    from liaison.introductions import services as introductions
    from liaison.reports import services

    if interest.status != "accepted":
        introductions.accept_interest(interest, by=world.owner)

    def read(o: Any) -> str:
        o = type(o).objects.get(pk=o.pk)
        assert (o.title, o.other_parties) == (title.strip(), other_parties.strip())
        return str(o.description)

    saved_or_field_error(lambda: services.report_outcome(interest, by=world.owner, data={
        "kind": "pilot", "title": title, "description": description, "other_parties": other_parties,
        "date": dt.date(2026, 5, 1)}), read, description)


@PROPERTY
@given(title=free_text, venue=free_text, template=free_text)
def test_an_event_with_any_text(world: Any, title: str, venue: str, template: str) -> None:
    from liaison.events import services

    def read(e: Any) -> str:
        e = type(e).objects.get(pk=e.pk)
        assert e.video_link(1) == "" or e.video_link(1).startswith(("http://", "https://"))
        assert e.venue == venue.strip()
        return str(e.title)

    saved_or_field_error(lambda: services.create_event(by=world.officer, data={
        "title": title, "venue": venue, "video_link_template": template,
        "start_date": dt.date(2026, 5, 10), "end_date": dt.date(2026, 5, 11)}), read, title)


@PROPERTY
@given(name=free_text, table=free_text, message=free_text, comment=free_text)
def test_event_names_messages_and_feedback_with_any_text(
        ew: Any, world: Any, name: str, table: str, message: str, comment: str) -> None:
    from liaison.events import services
    from liaison.events.models import Attendee, Event, Meeting, MeetingRequest

    Event.objects.filter(pk=ew.event.pk).update(status=Event.Status.REGISTRATION)
    ew.event.refresh_from_db()
    try:
        tables = services.add_tables(ew.event, by=world.officer, names=[table])
    except ValidationError as error:
        assert "names" in error.message_dict
    else:
        assert [t.name for t in tables] in ([], [table.strip()])
    saved_or_field_error(lambda: services.add_interpreter(ew.event, by=world.officer, name=name,
                                                          languages=["zh", "he"]),
                         lambda i: type(i).objects.get(pk=i.pk).name, name)
    MeetingRequest.objects.all().delete()
    saved_or_field_error(lambda: services.send_request(by=world.owner, requester=ew.home,
                                                       recipient=ew.partner, message=message),
                         lambda r: type(r).objects.get(pk=r.pk).message, message)
    Event.objects.filter(pk=ew.event.pk).update(status=Event.Status.RUNNING)
    meeting = Meeting.objects.filter(event=ew.event).first() or Meeting.objects.create(
        event=ew.event, a=ew.home, b=ew.partner, status=Meeting.Status.SCHEDULED)
    meeting = Meeting.objects.select_related("event").get(pk=meeting.pk)  # the running event
    try:
        feedback = services.give_feedback(meeting, by=world.owner, registration=ew.home,
                                          useful=True, follow_up=False, comment=comment)
    except ValidationError as error:
        assert "comment" in error.message_dict or not hasattr(error, "error_dict")
    else:
        assert type(feedback).objects.get(pk=feedback.pk).comment == comment.strip()
    assert Attendee.objects.exists()
