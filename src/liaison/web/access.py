"""Access helpers: look up an object and check the permission in one step.

An object the user may not see is a 404 (its existence is not revealed); an action the user
may not take on an object they can see is a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from liaison.directory.models import Organization
from liaison.opportunities.models import Opportunity


def organization_for(user: Any, pk: int, perm: str = "directory.view_organization") -> Organization:
    organization = (
        Organization.objects.select_related("ecosystem", "office", "vetted_by")
        .prefetch_related("translations", "sectors")
        .filter(pk=pk)
        .first()
    )
    if organization is None or not user.has_perm("directory.view_organization", organization):
        raise Http404
    if perm != "directory.view_organization" and not user.has_perm(perm, organization):
        raise PermissionDenied(perm)
    return organization


def opportunity_for(user: Any, pk: int, perm: str = "opportunities.view_opportunity") -> Opportunity:
    opportunity = (
        Opportunity.objects.select_related("organization__ecosystem", "organization__office")
        .prefetch_related("translations", "sectors", "target_ecosystems")
        .filter(pk=pk)
        .first()
    )
    if opportunity is None or not user.has_perm("opportunities.view_opportunity", opportunity):
        raise Http404
    if perm != "opportunities.view_opportunity" and not user.has_perm(perm, opportunity):
        raise PermissionDenied(perm)
    return opportunity
