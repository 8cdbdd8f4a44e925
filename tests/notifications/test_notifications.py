"""Notifications: the list and its unread count, mark read, e-mail per kind, the digest
(idempotent), and access for every role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from liaison.notifications.digest import send_digests
from liaison.notifications.models import Digest, Notification
from liaison.notifications.services import notify, unread_count


@pytest.fixture
def notes(world: Any) -> list[Notification]:
    return notify([world.member], kind="interest.received", title="Someone is interested <b>now</b>",
                  url="/introductions/")


def test_list_shows_unread_count_and_escapes_text(world: Any, notes: Any, client_for: Any) -> None:
    page = client_for(world.member).get("/notifications/").content.decode()
    assert 'id="unread-count">1<' in page
    assert "Someone is interested &lt;b&gt;now&lt;/b&gt;" in page
    assert "Someone is interested" not in client_for(world.outsider).get("/notifications/").content.decode()


def test_mark_one_read_follows_its_link_and_mark_all(world: Any, client_for: Any) -> None:
    first, second = (notify([world.member], kind="message.new", title=t, url="/introductions/")[0]
                     for t in ("one", "two"))
    client = client_for(world.member)
    response = client.post("/notifications/read/", {"id": first.pk, "open": "1"})
    assert response.status_code == 302 and response["Location"] == "/introductions/"
    assert unread_count(world.member) == 1
    client_for(world.outsider).post("/notifications/read/", {"id": second.pk})
    assert unread_count(world.member) == 1  # nobody marks another user's notifications
    client.post("/notifications/read/")
    assert unread_count(world.member) == 0


def test_email_follows_the_users_choice_per_kind(world: Any, client_for: Any, immediate_tasks: None,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(world.member)
    response = client.post("/notifications/preferences/", {"interest.received": "on"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.member], kind="interest.received", title="Interest")
        notify([world.member], kind="message.new", title="Message")
    assert [m.subject for m in mail.outbox] == ["Interest"]
    assert client.get("/api/notifications/preferences").json()["message.new"] is False


def test_digest_is_sent_once_per_day_even_when_run_twice(world: Any, partner_owner: Any, express: Any,
                                                         immediate_tasks: None,
                                                         django_capture_on_commit_callbacks: Any) -> None:
    express()  # partner_owner now has an interest to answer
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() >= 1
        assert send_digests() == 0
        call_command("send_digests")
    assert Digest.objects.filter(user=partner_owner).count() == 1
    digest = Notification.objects.get(user=partner_owner, kind="digest")
    assert "Battery management analytics for grid storage" in digest.body
    assert [m.to for m in mail.outbox if "digest" in m.subject.lower()].count([partner_owner.email]) == 1
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert send_digests(today=tomorrow) >= 1  # still pending: a new period, a new digest
    assert not Digest.objects.filter(user=world.outsider).exists()  # nothing to report


ROLES = ["anon", "member", "outsider"]


@pytest.mark.parametrize(("method", "url", "expected"), [
    ("get", "/notifications/", "302 200 200"),
    ("get", "/notifications/?unread=1", "302 200 200"),
    ("post", "/notifications/read/", "302 302 302"),
    ("get", "/notifications/preferences/", "302 200 200"),
    ("get", "/api/notifications", "401 200 200"),
    ("get", "/api/notifications/unread-count", "401 200 200"),
    ("post", "/api/notifications/read", "401 200 200"),
    ("get", "/api/notifications/preferences", "401 200 200"),
])
def test_access(world: Any, notes: Any, client_for: Any, method: str, url: str, expected: str) -> None:
    got = []
    for role in ROLES:
        client = client_for(None if role == "anon" else getattr(world, role))
        kwargs = {"data": "{}", "content_type": "application/json"} if url.startswith("/api") and method == "post" else {}
        got.append(str(getattr(client, method)(url, **kwargs).status_code))
    assert " ".join(got) == expected


def test_api_lists_only_own_notifications(world: Any, notes: Any, client_for: Any) -> None:
    mine = client_for(world.member).get("/api/notifications").json()
    assert [n["title"] for n in mine["items"]] == ["Someone is interested <b>now</b>"]
    assert client_for(world.outsider).get("/api/notifications").json()["items"] == []
    assert client_for(world.member).post("/api/notifications/read", data="{}",
                                         content_type="application/json").json() == {"unread": 0}
