"""The queries every signed-in request runs, in plain SQL (`common.sql`): the session, its user,
the memberships and the unread count answer exactly what the ORM answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from liaison.accounts.backends import UserBackend
from liaison.accounts.models import User
from liaison.accounts.predicates import _membership_roles
from liaison.notifications.models import Notification
from liaison.notifications.services import unread_count

pytestmark = pytest.mark.django_db


def test_the_user_of_a_session_is_the_one_the_orm_reads(world: Any) -> None:
    User.objects.filter(pk=world.officer.pk).update(last_login=timezone.now())
    expected = User.objects.get(pk=world.officer.pk)
    user = UserBackend().get_user(world.officer.pk)
    assert user is not None
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(expected, field.attname), field.name
    assert timezone.is_aware(user.date_joined) and timezone.is_aware(user.last_login)
    assert user.is_active is True and user.office_id == world.officer.office_id
    user.first_name = "Saved"
    user.save()  # a loaded row, not a new one
    assert User.objects.filter(first_name="Saved").count() == 1


def test_an_inactive_or_unknown_user_has_no_session(world: Any) -> None:
    User.objects.filter(pk=world.outsider.pk).update(is_active=False)
    assert UserBackend().get_user(world.outsider.pk) is None
    assert UserBackend().get_user(10**9) is None


def test_an_expired_session_signs_out(world: Any) -> None:
    client = Client()
    client.force_login(world.owner)
    assert client.get("/dashboard/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/dashboard/").status_code == 302


def test_memberships_and_unread_count(world: Any) -> None:
    user = User.objects.get(pk=world.owner.pk)
    assert _membership_roles(user) == {world.home_firm.pk: "owner"}
    Notification.objects.create(user=user, kind="test", title="One")
    Notification.objects.create(user=user, kind="test", title="Two", read_at=timezone.now())
    Notification.objects.create(user=world.member, kind="test", title="Not theirs")
    assert unread_count(user) == 1
