"""Look up directory rows and check permission together (see `liaison.common.access`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects

from liaison.accounts.models import User
from liaison.common.access import get_for, get_row_for
from liaison.directory.models import Organization

VIEW_ORGANIZATION = "directory.view_organization"
# What a page showing an organization reads with it: joined, then prefetched.
JOINED = ("ecosystem", "office", "vetted_by")
RELATED = ("translations", "sectors")


def organization_for(user: User | AnonymousUser, pk: Any, perm: str = VIEW_ORGANIZATION, *,
                     related: bool = True) -> Organization:
    """The organization if `user` may see it (404) and do `perm` (403). `related`: with its
    ecosystem, offices, translations and sectors (without, the row alone: a page that may not
    need them reads them itself, `with_related`; compiling the joins was a good part of the
    lookup's cost)."""
    if not related:
        return get_row_for(user, Organization, pk, view=VIEW_ORGANIZATION, perm=perm)
    queryset = Organization.objects.select_related(*JOINED).prefetch_related(*RELATED)
    return get_for(user, queryset, pk, view=VIEW_ORGANIZATION, perm=perm)


def with_related(organization: Organization) -> Organization:
    """`organization` with its ecosystem, offices, translations and sectors read (once)."""
    if not all(name in organization._state.fields_cache for name in JOINED):
        joined = Organization.objects.select_related(*JOINED).get(pk=organization.pk)
        for name in JOINED:
            setattr(organization, name, getattr(joined, name))
    prefetch_related_objects([organization], *RELATED)
    return organization
