"""The periodic digest: new matches and pending actions, once per user and period.

The sections come from the apps that own their data (matchmaking: new matches;
introductions: interests waiting for an answer), registered with `register_section`.

`send_digests()` is idempotent per period (a day by default): a `Digest` row is written in
the same transaction as the notification, under a unique constraint, so a second run — or
two runs at once — never sends anyone a second digest for the same period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.notifications.models import Digest
from liaison.notifications.services import notify


@dataclass(frozen=True)
class DigestSection:
    """One part of the digest, contributed by the app that owns its data.

    `items(user, since)` gives the lines (at most ten, in the user's language, which is active
    when it is called); `heading(n)` the translated heading for n items."""

    order: int
    items: Callable[[User, dt.datetime | None], list[str]]
    heading: Callable[[int], str]


_sections: dict[str, DigestSection] = {}


def register_section(key: str, section: DigestSection) -> None:
    """Apps above notifications add their sections here (from their AppConfig.ready)."""
    _sections[key] = section


def digest_for(user: User, since: dt.datetime | None) -> tuple[int, str]:
    """(number of items, body text in the user's language)."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        count = 0
        lines: list[str] = []
        for section in sorted(_sections.values(), key=lambda s: s.order):
            items = section.items(user, since)
            if items:
                count += len(items)
                lines.append(section.heading(len(items)))
                lines += [f"  • {item}" for item in items]
        return count, "\n".join(lines)


def send_digests(*, today: dt.date | None = None) -> int:
    """Send today's digest to every active user who has something new; returns how many."""
    period = today or timezone.localdate()
    sent = 0
    done = set(Digest.objects.filter(period=period).values_list("user_id", flat=True))
    for user in User.objects.filter(is_active=True).exclude(pk__in=done).order_by("pk"):
        last = Digest.objects.filter(user=user).order_by("-period").values_list("sent_at", flat=True).first()
        count, body = digest_for(user, last)
        if not count:
            continue
        try:
            with transaction.atomic():
                Digest.objects.create(user=user, period=period, items=count)
                with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                    title = _("Your Liaison digest")
                notify([user], kind="digest", title=title, body=body, url=reverse("matchmaking:home"))
        except IntegrityError:  # another run got there first
            continue
        sent += 1
    return sent
