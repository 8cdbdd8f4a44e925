"""Look up directory rows and check permission together (see `liaison.common.access`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.common.access import get_for
from liaison.directory.models import Organization

VIEW_ORGANIZATION = "directory.view_organization"


def organization_for(user: User | AnonymousUser, pk: Any, perm: str = VIEW_ORGANIZATION) -> Organization:
    queryset = (Organization.objects.select_related("ecosystem", "office", "vetted_by")
                .prefetch_related("translations", "sectors"))
    return get_for(user, queryset, pk, view=VIEW_ORGANIZATION, perm=perm)
