"""The introductions section of the periodic digest: interests waiting for an answer."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import ngettext

from liaison.accounts.models import User
from liaison.introductions.selectors import pending_actions
from liaison.notifications.digest import DigestSection, register_section


def _pending(user: User, since: dt.datetime | None) -> list[str]:
    return [i.opportunity.display_title for i in
            pending_actions(user).select_related("opportunity").prefetch_related(
                "opportunity__translations")[:10]]


def _heading(n: int) -> str:
    return ngettext("%(n)d expression of interest waits for you:",
                    "%(n)d expressions of interest wait for you:", n) % {"n": n}


def register() -> None:
    register_section("introductions.pending", DigestSection(order=20, items=_pending, heading=_heading))
