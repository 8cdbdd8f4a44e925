"""Send notifications: one row per recipient, and an e-mail unless the user turned it off.

`notify()` is the one entry point for every app. The e-mail never goes out inside the
request: once the transaction commits, a background task (notifications.tasks) sends it
through Django's configured backend (console or file by default, SMTP by setting), in the
recipient's language, and retries with a growing delay when the mail server fails, so an
SMTP outage never undoes or fails the user's action.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.common import sql
from liaison.notifications.kinds import KINDS
from liaison.notifications.models import Notification, Preference
from liaison.notifications.tasks import send_notification_email

log = logging.getLogger(__name__)


def wants_email(user: User, kind: str) -> bool:
    pref = Preference.objects.filter(user=user, kind=kind).values_list("email", flat=True).first()
    return bool(user.email) and (pref is None or pref)


def notify(
    users: Iterable[User | None], *, kind: str, title: Any, body: Any = "", url: str = "",
    context: dict[str, Any] | None = None, text: str = "",
) -> list[Notification]:
    """Notify each user (deduplicated). `title` and `body` may be lazy translations with
    %-placeholders filled from `context`; they are rendered in each recipient's language.
    Side effects: Notification rows; after the transaction commits, one e-mail task per
    recipient who wants e-mail of this kind."""
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
            transaction.on_commit(partial(_queue_email, note.pk))
    return sent


def _queue_email(notification_id: int) -> None:
    # Runs after the commit: the user's action is saved, so a queue hiccup is logged, not
    # turned into an error page.
    try:
        enqueue_email(notification_id)
    except Exception:
        log.exception("could not queue the e-mail of notification %s", notification_id)


def enqueue_email(notification_id: int, *, delay: dt.timedelta | None = None) -> None:
    """Queue the e-mail of a notification, to run after `delay`. A backend that cannot defer
    (the immediate one of tests and development) runs it at once."""
    task = send_notification_email
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(notification_id)


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait before the next try after `attempts` failed ones: the first retry after
    LIAISON_EMAIL_RETRY_SECONDS, each next one four times longer (1, 4, 16, 64 minutes)."""
    return dt.timedelta(seconds=settings.LIAISON_EMAIL_RETRY_SECONDS * 4 ** (attempts - 1))


def send_email(notification_id: int) -> None:
    """Send the e-mail of one notification (the task's body). Never raises for a delivery
    failure: the attempt is recorded instead.

    Side effects: on success `emailed_at`; on failure `email_attempts` and `email_error`, and
    either the task enqueued again after `retry_delay`, or, after LIAISON_EMAIL_ATTEMPTS
    tries, `email_failed_at` (given up; shown with the notification and in the back office).
    """
    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or note.emailed_at or note.email_failed_at or not note.user.email:
        return
    link = f"\n\n{settings.SITE_URL}{note.url}" if note.url else ""
    deliver_with_retries(
        lambda: send_mail(note.title, f"{note.body}{link}", None, [note.user.email], fail_silently=False),
        attempts=note.email_attempts + 1, what=f"notification {note.pk}",
        record=lambda **fields: Notification.objects.filter(pk=note.pk).update(
            **{_NOTIFICATION_FIELDS[k]: v for k, v in fields.items()}),
        retry=lambda delay: enqueue_email(note.pk, delay=delay))


_NOTIFICATION_FIELDS = {"attempts": "email_attempts", "error": "email_error",
                        "failed_at": "email_failed_at", "sent_at": "emailed_at"}


def deliver_with_retries(send: Callable[[], object], *, attempts: int, what: str,
                         record: Callable[..., object], retry: Callable[[dt.timedelta], None]) -> None:
    """One try at sending an e-mail (a notification's or one to an address): on success
    record `sent_at`; on a failure of the mail backend record the error and either queue a
    retry after `retry_delay(attempts)` or, at the last of LIAISON_EMAIL_ATTEMPTS, give up
    (`failed_at`). Never raises for a delivery failure."""
    try:
        send()
    except Exception as exc:  # any failure of the mail backend: SMTP, network, DNS, TLS
        error = f"{type(exc).__name__}: {exc}"[:500]
        if attempts >= settings.LIAISON_EMAIL_ATTEMPTS:
            record(attempts=attempts, error=error, failed_at=timezone.now())
            log.error("E-mail of %s given up after %d attempts: %s", what, attempts, error)
            return
        record(attempts=attempts, error=error)
        log.warning("E-mail of %s failed (attempt %d), retrying: %s", what, attempts, error)
        retry(retry_delay(attempts))
        return
    record(attempts=attempts, error="", sent_at=timezone.now())


def mark_read(user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    """The user's unread notifications (every page's header: plain SQL, `common.sql`)."""
    if not user.is_authenticated:
        return 0
    found = sql.rows(Notification, f"SELECT COUNT(*) FROM {sql.table(Notification)} "  # noqa: S608 (our table)
                     "WHERE user_id = %s AND read_at IS NULL", [user.pk])
    return int(found[0][0])


@transaction.atomic
def set_email_preferences(user: User, choices: Mapping[str, bool]) -> None:
    """Store the user's e-mail choice per kind. A kind that is not in the registry is a
    ValidationError naming it (the page only sends known kinds)."""
    unknown = [kind for kind in choices if kind not in KINDS]
    if unknown:
        raise ValidationError({kind: _("Unknown kind of notification.") for kind in unknown})
    for kind, email in choices.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"email": bool(email)})
