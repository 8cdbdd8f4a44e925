"""Send notifications: one row per recipient, and an e-mail unless the user turned it off.

`notify()` is the one entry point for every app. The e-mail goes through Django's configured
backend (console or file by default, SMTP by setting), in the recipient's preferred language.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from liaison.accounts.models import User
from liaison.notifications.kinds import KINDS
from liaison.notifications.models import Notification, Preference


def wants_email(user: User, kind: str) -> bool:
    pref = Preference.objects.filter(user=user, kind=kind).values_list("email", flat=True).first()
    return bool(user.email) and (pref is None or pref)


def notify(
    users: Iterable[User | None], *, kind: str, title: Any, body: Any = "", url: str = "",
    context: dict[str, Any] | None = None, text: str = "",
) -> list[Notification]:
    """Notify each user (deduplicated). `title` and `body` may be lazy translations with
    %-placeholders filled from `context`; they are rendered in each recipient's language.
    Side effects: Notification rows; e-mails sent after the transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}: list it in notifications/kinds.py")
    sent: list[Notification] = []
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        with translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE):
            rendered_title = str(title) % (context or {}) if context else str(title)
            rendered_body = str(body) % (context or {}) if context else str(body)
        # `text` is what a user wrote (a reason, a note, a message): never a format string,
        # it follows the rendered body verbatim ("100%" or "%(title)s" stay as written).
        rendered_body = "\n\n".join(part for part in (rendered_body, text) if part)
        note = Notification.objects.create(
            user=user, kind=kind, title=rendered_title[:300], body=rendered_body, url=url
        )
        sent.append(note)
        if wants_email(user, kind):
            transaction.on_commit(partial(_email, note, user))
    return sent


def _email(note: Notification, user: User) -> None:
    link = f"\n\n{settings.SITE_URL}{note.url}" if note.url else ""
    send_mail(note.title, f"{note.body}{link}", None, [user.email], fail_silently=False)
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def mark_read(user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
