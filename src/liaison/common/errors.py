"""Errors raised by service functions and rendered by every front."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "ValidationError", "require"]


def require(user: object, perm: str, obj: object = None) -> None:
    """Raise PermissionDenied unless `user` has `perm` (on `obj`)."""
    if not user.has_perm(perm, obj):  # type: ignore[attr-defined]
        raise PermissionDenied(perm)
