"""Read queries of notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from liaison.accounts.models import User
from liaison.notifications.kinds import KINDS
from liaison.notifications.models import Notification, Preference


def notifications_of(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def email_preferences(user: User) -> dict[str, bool]:
    stored = dict(Preference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: stored.get(kind, True) for kind in KINDS}
