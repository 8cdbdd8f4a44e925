"""Look up a match and check permission together (see `liaison.common.access`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.common.access import get_for
from liaison.matchmaking.models import Match
from liaison.matchmaking.selectors import with_related

VIEW_MATCH = "matchmaking.view_match"


def match_for(user: User | AnonymousUser, pk: Any, perm: str = VIEW_MATCH) -> Match:
    return get_for(user, with_related(Match.objects.all()), pk, view=VIEW_MATCH, perm=perm)
