"""Who may see and act on matches. Declared once; pages and API check these."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.accounts.predicates import is_hq, is_member, is_officer, is_responsible_officer


@rules.predicate
def is_match_member(user: User | AnonymousUser, match: Any) -> bool:
    return match is not None and is_member(user, match.owner_organization)


@rules.predicate
def is_match_officer(user: User | AnonymousUser, match: Any) -> bool:
    return match is not None and is_responsible_officer(user, match.owner_organization)


# Opportunity or organization as the object: its insiders see its matches.
rules.add_perm("matchmaking.view_matches", is_hq | is_responsible_officer | is_member)
rules.add_perm("matchmaking.view_match", is_hq | is_match_officer | is_match_member)
rules.add_perm("matchmaking.change_match", is_match_officer | is_match_member)
rules.add_perm("matchmaking.view_portfolio", is_officer)
rules.add_perm("matchmaking.search", rules.is_authenticated)
