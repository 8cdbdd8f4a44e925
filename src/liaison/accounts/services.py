"""Writes on accounts: unlocking a sign-in locked by the throttle."""

from __future__ import annotations

import logging

from axes.utils import reset

from liaison.accounts.models import User
from liaison.accounts.predicates import is_hq, is_officer
from liaison.accounts.throttling import LockedAccount, locked_accounts
from liaison.common.errors import require

log = logging.getLogger(__name__)


def unlock_sign_in(username: str, *, by: User) -> int:
    """Forget the failed sign-ins of account `username` so its owner can sign in at once;
    returns how many attempt records were cleared. HQ may unlock any name (also one without
    an account), an officer the members of their office's firms (else PermissionDenied).

    Side effects: django-axes' attempt rows of that name are deleted (which also lowers the
    count of the addresses they came from); a log line names who unlocked whom."""
    target = User.objects.filter(username=username).first()
    require(by, "accounts.unlock_sign_in", target)
    cleared = reset(username=username)
    log.warning("Sign-in of %r unlocked by %s (%d attempt records)", username, by.username, cleared)
    return cleared


def sign_in_locks_for(user: User) -> list[LockedAccount]:
    """The locked accounts `user` may unlock: every one for HQ, their firms' members for an
    officer, none for anyone else."""
    if user.is_superuser or is_hq(user):
        return locked_accounts()
    if is_officer(user) and user.office_id is not None:
        members = User.objects.filter(memberships__organization__office_id=user.office_id)
        return locked_accounts(members.values("username"))
    return []
