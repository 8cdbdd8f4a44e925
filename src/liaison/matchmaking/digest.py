"""The matchmaking section of the periodic digest: new matches."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import ngettext

from liaison.accounts.models import User
from liaison.matchmaking.cards import one_per_counterpart
from liaison.matchmaking.reasons import strength_label
from liaison.matchmaking.selectors import new_matches_for
from liaison.notifications.digest import DigestSection, register_section


def _new_matches(user: User, since: dt.datetime | None) -> list[str]:
    """One line per counterpart: the title and the strength, as on the pages."""
    cards = one_per_counterpart(new_matches_for(user, since=since)[:30])[:10]
    return [f"{m.target_label()} — {strength_label(m.strength)}" for m in cards]


def _heading(n: int) -> str:
    return ngettext("%(n)d new match:", "%(n)d new matches:", n) % {"n": n}


def register() -> None:
    register_section("matchmaking.new_matches", DigestSection(order=10, items=_new_matches, heading=_heading))
