"""Read queries and preference writes of notifications."""

from __future__ import annotations

from django.db import transaction
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


@transaction.atomic
def set_email_preferences(user: User, choices: dict[str, bool]) -> None:
    """Store the user's e-mail choice per kind (unknown kinds are ignored)."""
    for kind, email in choices.items():
        if kind in KINDS:
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"email": bool(email)})
