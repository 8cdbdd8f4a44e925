"""Read queries of the directory, scoped to what a user may see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.common.paging import cached_within_budget, count_rows
from liaison.common.search import text_search
from liaison.directory.models import Ecosystem, Organization

FACETS = ("ecosystem", "kind", "sector", "size")


def visible_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """Vetted organizations for any signed-in user; plus own, own office's, or all for HQ."""
    qs = Organization.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.is_hq:
        return qs
    scope = Q(vetted_at__isnull=False) | Q(pk__in=member_organization_ids(user))
    if user.office_id:
        scope |= Q(office_id=user.office_id)
    return qs.filter(scope)


def visibility_key(user: User | AnonymousUser) -> tuple[object, ...]:
    """What decides which organizations `user` sees (`visible_organizations`), as a cache key."""
    if not user.is_authenticated:
        return ("anonymous",)
    if user.is_hq:
        return ("hq",)
    return ("office", user.office_id, tuple(sorted(member_organization_ids(user))))


def search_directory(user: User | AnonymousUser, params: dict[str, Any]) -> QuerySet[Organization]:
    qs = visible_organizations(user)
    if params.get("q"):
        qs = text_search(qs, params["q"])
    if params.get("ecosystem"):
        qs = qs.filter(ecosystem__code=params["ecosystem"])
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    if params.get("sector"):
        qs = qs.filter(sectors__code=params["sector"])
    if params.get("size"):
        qs = qs.filter(size=params["size"])
    if params.get("office"):
        qs = qs.filter(office__code=params["office"])
    if params.get("vetted") in ("yes", "no"):
        qs = qs.filter(vetted_at__isnull=params["vetted"] == "no")
    return qs


# Facet counts are a help, not the answer: they get this much database time, else the page
# shows the facets without numbers.
FACET_BUDGET_MS = 150


def ecosystems_with_organizations() -> QuerySet[Ecosystem]:
    """Ecosystems that have an organization (a semi-join: no DISTINCT over the directory)."""
    return Ecosystem.objects.filter(
        Exists(Organization.objects.filter(ecosystem_id=OuterRef("pk"))))


def facet_counts(qs: QuerySet[Organization], *, total: int | None = None) -> dict[str, dict[str, int]] | None:
    """How many of the filtered organizations (`total` of them, if known) fall into each facet
    value, or None if counting takes longer than FACET_BUDGET_MS (over large sets, cached per
    query for a minute: see `cached_within_budget`)."""
    rows = count_rows(qs) if total is None else total
    return cached_within_budget("facets", qs, lambda: _facet_counts(qs),
                                milliseconds=FACET_BUDGET_MS, rows=rows)


def _facet_counts(qs: QuerySet[Organization]) -> dict[str, dict[str, int]]:
    ids = qs.order_by().values("pk")
    base = Organization.objects.filter(pk__in=ids).order_by()
    return {
        "ecosystem": dict(base.values_list("ecosystem__code").annotate(n=Count("pk"))),
        "kind": dict(base.values_list("kind").annotate(n=Count("pk"))),
        "size": dict(base.exclude(size="").values_list("size").annotate(n=Count("pk"))),
        "sector": dict(
            base.filter(sectors__isnull=False).values_list("sectors__code").annotate(n=Count("pk"))
        ),
    }
