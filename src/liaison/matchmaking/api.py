"""API endpoints of matchmaking (mounted under /api/matches). Same rules and services as the
pages; reasons in words in the request's language beside the machine-readable explanation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from liaison.accounts.auth import signed_in
from liaison.accounts.requests import SignedInRequest
from liaison.common.bounds import Id
from liaison.directory.access import organization_for
from liaison.matchmaking import access, selectors, services
from liaison.matchmaking.cards import one_per_counterpart
from liaison.matchmaking.engine import opportunity_key, organization_key
from liaison.matchmaking.models import Match
from liaison.opportunities.access import opportunity_for

router = Router(tags=["matchmaking"], auth=signed_in)


class MatchOut(Schema):
    id: int
    # The match strength: the calibrated chance in 100 that a match like this is relevant
    # (docs/matching.md), and its word ("strong", "good", "possible") and label in words.
    strength: int
    strength_word: str
    strength_label: str
    # The engine's raw score: it orders the results, its scale is the engine's own.
    score: float
    target_opportunity: int | None
    target_organization: int | None
    title: str
    ecosystem: str
    poster: str
    similar: list[int]
    reasons: list[str]
    explanation: dict[str, Any]
    saved: bool
    dismissed: bool
    created_at: dt.datetime


class SearchOut(Schema):
    scope: str
    ids: list[int]


def match_out(m: Match) -> dict[str, Any]:
    target: Any = m.target_opportunity or m.target_organization
    ecosystem = (m.target_opportunity.organization.ecosystem.code if m.target_opportunity
                 else target.ecosystem.code)
    return {
        "id": m.pk, "strength": m.strength, "strength_word": m.strength_word,
        "strength_label": getattr(m, "strength_label", ""), "poster": getattr(m, "poster", ""),
        "similar": [s.pk for s in getattr(m, "similar", [])],
        "score": m.score, "target_opportunity": m.target_opportunity_id,
        "target_organization": m.target_organization_id, "title": m.target_label(),
        "ecosystem": ecosystem, "reasons": getattr(m, "reasons", []), "explanation": m.explanation,
        "saved": m.saved_at is not None, "dismissed": m.dismissed_at is not None,
        "created_at": m.created_at,
    }


def _list(request: SignedInRequest, key: str, show: str) -> list[dict[str, Any]]:
    rows = selectors.decorate(request.user, one_per_counterpart(selectors.matches_of(
        key, show=show if show in ("saved", "dismissed") else "")[:50]))
    services.record_shown(rows, to=request.user)
    return [match_out(m) for m in rows]


@router.get("/opportunities/{pk}", response=list[MatchOut])
def opportunity_matches(request: SignedInRequest, pk: Id, show: str = "") -> Any:
    opportunity_for(request.user, pk, "matchmaking.view_matches")
    return _list(request, opportunity_key(pk), show)


@router.get("/organizations/{pk}", response=list[MatchOut])
def organization_matches(request: SignedInRequest, pk: Id, show: str = "") -> Any:
    organization_for(request.user, pk, "matchmaking.view_matches")
    return _list(request, organization_key(pk), show)


@router.get("/office", response=list[MatchOut])
def portfolio(request: SignedInRequest) -> Any:
    if not request.user.has_perm("matchmaking.view_portfolio"):
        raise PermissionDenied
    cards = one_per_counterpart(selectors.office_portfolio(request.user)[:50])
    return [match_out(m) for m in selectors.decorate(request.user, cards)]


@router.get("/search", response=SearchOut)
def search(request: SignedInRequest, q: str, scope: str = "opportunities") -> Any:
    scope = "organizations" if scope == "organizations" else "opportunities"
    return {"scope": scope, "ids": selectors.hybrid_search(request.user, q, scope=scope)}


def _mark(request: SignedInRequest, pk: Id, action: Any) -> Any:
    match = access.match_for(request.user, pk, "matchmaking.change_match")
    action(match, by=request.user)
    return match_out(selectors.decorate(request.user, [access.match_for(request.user, pk)])[0])


@router.post("/{pk}/dismiss", response=MatchOut)
def dismiss(request: SignedInRequest, pk: Id) -> Any:
    return _mark(request, pk, services.dismiss_match)


@router.post("/{pk}/save", response=MatchOut)
def save(request: SignedInRequest, pk: Id) -> Any:
    return _mark(request, pk, services.save_match)


@router.post("/{pk}/restore", response=MatchOut)
def restore(request: SignedInRequest, pk: Id) -> Any:
    return _mark(request, pk, services.restore_match)
