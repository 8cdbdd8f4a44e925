"""Who may unlock a sign-in locked by the throttle: HQ any account; an officer the accounts of
members of the firms their office is responsible for."""

from __future__ import annotations

from typing import Any

import rules

from liaison.accounts.predicates import is_hq, is_officer


@rules.predicate
def is_officer_of_members_firm(user: Any, target: Any) -> bool:
    """`target` (a user) belongs to an organization of the officer's office."""
    if target is None or not (user.is_authenticated and user.is_active and user.office_id):
        return False
    return bool(target.memberships.filter(organization__office_id=user.office_id).exists())


rules.add_perm("accounts.view_sign_in_locks", is_hq | is_officer)
rules.add_perm("accounts.unlock_sign_in", is_hq | is_officer_of_members_firm)
