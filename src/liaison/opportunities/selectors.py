"""Read queries of opportunities, scoped to what a user may see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.common.search import text_search
from liaison.opportunities.models import Opportunity, Status, public_q


def visible_opportunities(user: User | AnonymousUser) -> QuerySet[Opportunity]:
    """Public ones for everybody; all of own organizations', own office's; all for HQ."""
    if user.is_authenticated and user.is_hq:
        return Opportunity.objects.all()
    scope = public_q()
    if user.is_authenticated:
        scope |= Q(organization_id__in=member_organization_ids(user))
        if user.office_id:
            scope |= Q(organization__office_id=user.office_id)
    return Opportunity.objects.filter(scope)


def filter_opportunities(qs: QuerySet[Opportunity], params: dict[str, Any]) -> QuerySet[Opportunity]:
    if params.get("q"):
        qs = text_search(qs, params["q"])
    if params.get("type"):
        qs = qs.filter(type=params["type"])
    if params.get("sector"):
        qs = qs.filter(sectors__code=params["sector"])
    if params.get("ecosystem"):
        qs = qs.filter(organization__ecosystem__code=params["ecosystem"])
    if params.get("language"):
        qs = qs.filter(language=params["language"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("organization"):
        qs = qs.filter(organization_id=params["organization"])
    return qs


def validation_queue(user: User | AnonymousUser) -> QuerySet[Opportunity]:
    """Submitted opportunities waiting for this officer's office, oldest first."""
    if not (user.is_authenticated and user.office_id):
        return Opportunity.objects.none()
    return Opportunity.objects.filter(
        status=Status.SUBMITTED, organization__office_id=user.office_id
    ).order_by("submitted_at")
