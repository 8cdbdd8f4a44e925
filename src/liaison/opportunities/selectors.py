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


def identity_visible_q(user: User | AnonymousUser) -> Q:
    """The opportunities whose organization `user` may know, as a filter (the rule
    `opportunities.view_identity` over many rows): all for HQ; for others those of their own
    organizations, of their office's organizations, and those in which an interest of one of
    their organizations was accepted (the double opt-in). Nothing for anonymous visitors."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_hq:
        return Q()
    orgs = member_organization_ids(user)
    # The relation by name: introductions sits above opportunities in the house ("accepted" is
    # introductions.models.InterestStatus.ACCEPTED).
    introduced = Opportunity.objects.filter(
        interests__status="accepted", interests__from_organization_id__in=orgs).values("pk")
    scope = Q(organization_id__in=orgs) | Q(pk__in=introduced)
    if user.office_id:
        scope |= Q(organization__office_id=user.office_id)
    return scope


def filter_opportunities(qs: QuerySet[Opportunity], params: dict[str, Any], *,
                         user: User | AnonymousUser) -> QuerySet[Opportunity]:
    """`qs` narrowed by the filters in `params`. The owner is hidden from the public view, so
    the `organization` filter looks only among the opportunities whose organization `user` may
    know: asking for a firm's id never tells which anonymous opportunities are its own."""
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
        qs = qs.filter(identity_visible_q(user), organization_id=params["organization"])
    return qs


def validation_queue(user: User | AnonymousUser) -> QuerySet[Opportunity]:
    """Submitted opportunities waiting for this officer's office, oldest first."""
    if not (user.is_authenticated and user.office_id):
        return Opportunity.objects.none()
    return Opportunity.objects.filter(
        status=Status.SUBMITTED, organization__office_id=user.office_id
    ).order_by("submitted_at")
