"""Role predicates (django-rules) shared by every app's permission rules.

Membership lookups are cached on the user object for the duration of a request.
"""

from __future__ import annotations

from typing import Any, TypeGuard

import rules
from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import Membership, User
from liaison.common import sql


def is_active_user(user: User | AnonymousUser) -> TypeGuard[User]:
    """Signed in and active (for the type checker: a `User`, not an AnonymousUser)."""
    return bool(user.is_authenticated and user.is_active)


def _membership_roles(user: User) -> dict[int, str]:
    cache: dict[int, str] | None = getattr(user, "_liaison_memberships", None)
    if cache is None:
        # Read by most signed-in requests: plain SQL (`common.sql`).
        cache = {int(org): str(role) for org, role in sql.rows(
            Membership, f"SELECT organization_id, role FROM {sql.table(Membership)} WHERE user_id = %s",  # noqa: S608
            [user.pk])}
        user._liaison_memberships = cache  # type: ignore[attr-defined]
    return cache


def member_organization_ids(user: User | AnonymousUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(_membership_roles(user))


@rules.predicate
def is_hq(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_hq)


@rules.predicate
def is_officer(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.office_id)


def _organization_of(obj: Any) -> Any:
    return obj.organization if hasattr(obj, "organization_id") else obj


@rules.predicate
def is_responsible_officer(user: User | AnonymousUser, obj: Any) -> bool:
    """The user is an officer of the office responsible for the organization (of obj)."""
    if obj is None or not (user.is_authenticated and user.is_active and user.office_id):
        return False
    return bool(user.office_id == _organization_of(obj).office_id)


@rules.predicate
def is_member(user: User | AnonymousUser, obj: Any) -> bool:
    """The user is an owner or member of the organization (of obj)."""
    if obj is None or not (user.is_authenticated and user.is_active):
        return False
    org_id = obj.organization_id if hasattr(obj, "organization_id") else obj.pk
    return org_id in _membership_roles(user)


@rules.predicate
def is_owner(user: User | AnonymousUser, obj: Any) -> bool:
    if obj is None or not (user.is_authenticated and user.is_active):
        return False
    org_id = obj.organization_id if hasattr(obj, "organization_id") else obj.pk
    return _membership_roles(user).get(org_id) == Membership.Role.OWNER


is_signed_in = rules.is_authenticated & rules.is_active
