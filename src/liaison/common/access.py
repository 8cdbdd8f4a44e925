"""The one access helper: look up an object and check permission in one step.

Every page and endpoint fetches a protected object through `get_for` (each app's `access.py`
names its querysets and permissions on top of it). What the user may not see is a 404, so its
existence is not revealed; what they may see but not do is a 403. Visibility is always asked
of the rules (`user.has_perm`), never re-derived here.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from liaison.common import sql
from liaison.common.errors import PermissionDenied

M = TypeVar("M", bound=Model)

# Primary keys are 64-bit; a larger number in a URL or a query string is simply not found
# (the database would raise an overflow error instead of answering "no such row").
MAX_ID = 2**63 - 1


def valid_id(value: Any) -> int | None:
    """`value` as a primary key, or None if it cannot be one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def get_for(user: Any, queryset: QuerySet[M], pk: Any, *, view: str, perm: str | None = None) -> M:
    """The row of `queryset` with this primary key if `user` has `view` on it (else 404) and,
    when `perm` names another permission, also that one (else 403)."""
    number = valid_id(pk)
    # At most one row: no ORDER BY (`first()` would order by the model's ordering, whose
    # compiling is a good part of the lookup's cost).
    obj = next(iter(queryset.filter(pk=number).order_by()[:1]), None) if number is not None else None
    return _checked(user, obj, view=view, perm=perm)


def get_row_for(user: Any, model: type[M], pk: Any, *, view: str, perm: str | None = None) -> M:
    """`get_for` on the row alone (no related rows), read in plain SQL (`common.sql.instance`:
    building the SELECT through the ORM cost more than the rest of the lookup)."""
    number = valid_id(pk)
    obj = sql.instance(model, "id = %s", [number]) if number is not None else None
    return _checked(user, obj, view=view, perm=perm)


def _checked(user: Any, obj: M | None, *, view: str, perm: str | None) -> M:
    if obj is None or not user.has_perm(view, obj):
        raise Http404
    if perm and perm != view and not user.has_perm(perm, obj):
        raise PermissionDenied(perm)
    return obj
