"""Introductions and notifications lists cost the same number of queries at 1 and at 3 items:
the interests list, one introduction's conversation, notes, audit and contacts, the
notifications list, and their API endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.directory.models import Person
from liaison.introductions.models import AuditEntry, Message, OfficerNote
from liaison.notifications.services import notify
from tests.factories import make_opportunity
from tests.reports.conftest import make_interest
from tests.test_query_counts import assert_flat, firm

pytestmark = pytest.mark.django_db


def interest_in_offer(world: Any, i: int, *, status: str = "accepted") -> Any:
    """The home firm's interest in the i-th offer of another Tel Aviv firm (in Hebrew)."""
    offer = make_opportunity(firm(world, i), status="published", language="he",
                             type="technology_offer", title=f"Offer {i}")
    interest = make_interest(offer, world.home_firm, status=status, by=world.member)
    Person.objects.create(organization=offer.organization, name=f"Contact of firm {i}")
    # Another member's message: the list counts the unread ones.
    Message.objects.create(interest=interest, author=world.owner, body=f"Hello from the firm {i}")
    return interest


@pytest.mark.parametrize("user", ["member", "officer", "other_officer", "hq"])
def test_interest_list_query_count_does_not_grow_with_rows(
    world: Any, client_for: Any, user: str
) -> None:
    assert_flat(client_for(world.users()[user]), "/introductions/",
                lambda i: interest_in_offer(world, i).opportunity.title)


def test_interest_list_todo_box_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    # Interests in the home firm's own opportunities, waiting for its owner's answer.
    def add(i: int) -> str:
        request = make_opportunity(world.home_firm, status="published", language="zh",
                                   title=f"Request {i}")
        make_interest(request, firm(world, i), status="pending")
        return request.title

    assert_flat(client_for(world.owner), "/introductions/?box=todo", add)


def test_introduction_page_query_count_does_not_grow_with_messages_notes_and_contacts(
    world: Any, client_for: Any
) -> None:
    interest = interest_in_offer(world, 9)
    authors = [world.member, world.owner, world.officer]
    office = world.sc.offices["beijing"]

    def add(i: int) -> str:
        Message.objects.create(interest=interest, author=authors[i], body=f"Message {i}")
        OfficerNote.objects.create(interest=interest, office=office, author=authors[i],
                                   text=f"Note {i}")
        AuditEntry.objects.create(interest=interest, actor=authors[i], action="note",
                                  note=f"Audit {i}")
        Person.objects.create(organization=world.home_firm, name=f"Home contact {i}")
        Person.objects.create(organization=interest.to_organization, name=f"Their contact {i}")
        return f"Their contact {i}"

    # The first visit also records that the officer saw the contacts and read the thread.
    assert_flat(client_for(world.officer), f"/introductions/{interest.pk}/", add, warm=True)


# Notifications


def test_notification_list_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        notify([world.member], kind="message.new", title=f"News {i}", url="/introductions/")
        return f"News {i}"

    assert_flat(client_for(world.member), "/notifications/", add)


# API


@pytest.mark.parametrize("user", ["member", "officer", "other_officer", "hq"])
def test_api_interest_list_query_count_does_not_grow_with_rows(
    world: Any, client_for: Any, user: str
) -> None:
    assert_flat(client_for(world.users()[user]), "/api/introductions",
                lambda i: interest_in_offer(world, i).opportunity.title)


def test_api_messages_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    interest = interest_in_offer(world, 9)
    authors = [world.member, world.owner, world.officer]

    def add(i: int) -> str:
        Message.objects.create(interest=interest, author=authors[i], body=f"Message {i}")
        return f"Message {i}"

    assert_flat(client_for(world.member), f"/api/introductions/{interest.pk}/messages", add,
                warm=True)


def test_api_audit_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    interest = interest_in_offer(world, 9)
    authors = [world.member, world.owner, world.officer]

    def add(i: int) -> str:
        AuditEntry.objects.create(interest=interest, actor=authors[i], action="note",
                                  note=f"Audit {i}")
        return f"Audit {i}"

    assert_flat(client_for(world.officer), f"/api/introductions/{interest.pk}/audit", add)


def test_api_notification_list_query_count_does_not_grow_with_rows(world: Any, client_for: Any) -> None:
    def add(i: int) -> str:
        notify([world.member], kind="message.new", title=f"News {i}", url="/introductions/")
        return f"News {i}"

    assert_flat(client_for(world.member), "/api/notifications", add)
