"""The periodic digest: new matches and pending actions, once per user and period.

`send_digests()` is idempotent per period (a day by default): a `Digest` row is written in
the same transaction as the notification, under a unique constraint, so a second run — or
two runs at once — never sends anyone a second digest for the same period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.accounts.models import User
from liaison.notifications.models import Digest
from liaison.notifications.services import notify


def _new_matches(user: Any, since: dt.datetime | None) -> list[str]:
    from liaison.matchmaking.selectors import new_matches_for

    return [m.target_label() for m in new_matches_for(user, since=since)[:10]]


def _pending(user: Any) -> list[str]:
    from liaison.introductions.selectors import pending_actions

    return [i.opportunity.display_title for i in
            pending_actions(user).select_related("opportunity").prefetch_related(
                "opportunity__translations")[:10]]


def digest_for(user: Any, since: dt.datetime | None) -> tuple[int, str]:
    """(number of items, body text in the user's language)."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        matches = _new_matches(user, since)
        pending = _pending(user)
        lines: list[str] = []
        if matches:
            lines.append(ngettext("%(n)d new match:", "%(n)d new matches:", len(matches))
                         % {"n": len(matches)})
            lines += [f"  • {m}" for m in matches]
        if pending:
            lines.append(ngettext("%(n)d expression of interest waits for you:",
                                  "%(n)d expressions of interest wait for you:", len(pending))
                         % {"n": len(pending)})
            lines += [f"  • {p}" for p in pending]
        return len(matches) + len(pending), "\n".join(lines)


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
                notify([user], kind="digest", title=title, body=body, url="/matches/")
        except IntegrityError:  # another run got there first
            continue
        sent += 1
    return sent
