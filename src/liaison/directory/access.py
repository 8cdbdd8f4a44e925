"""Look up directory rows and check permission together (see `liaison.common.access`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects

from liaison.accounts.models import User
from liaison.common.access import get_for
from liaison.directory.models import Organization

VIEW_ORGANIZATION = "directory.view_organization"
# What a page showing an organization reads with it.
RELATED = ("translations", "sectors")


def organization_for(user: User | AnonymousUser, pk: Any, perm: str = VIEW_ORGANIZATION, *,
                     related: bool = True) -> Organization:
    """The organization if `user` may see it (404) and do `perm` (403). `related`: with its
    translations and sectors (without, a page that may not need them reads them itself:
    `with_related`)."""
    queryset = Organization.objects.select_related("ecosystem", "office", "vetted_by")
    if related:
        queryset = queryset.prefetch_related(*RELATED)
    return get_for(user, queryset, pk, view=VIEW_ORGANIZATION, perm=perm)


def with_related(organization: Organization) -> Organization:
    """`organization` with its translations and sectors read (once)."""
    prefetch_related_objects([organization], *RELATED)
    return organization
