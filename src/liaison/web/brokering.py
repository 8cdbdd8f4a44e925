"""Officers broker introductions from matches (#15 item 7): the office portfolio's cards
learn which pairs the office already suggested or dismissed, and the page's "suggest an
introduction" / "not worth it" buttons call the introductions services. Here because it
needs both matchmaking and introductions, which may not import each other."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.requests import SignedInRequest
from liaison.introductions import selectors as introduction_selectors
from liaison.introductions import services as introduction_services
from liaison.matchmaking.access import match_for
from liaison.matchmaking.models import Match


def decorate_portfolio(user: Any, matches: list[Match]) -> None:
    """Each card: `suggestion` (the office's suggestion for this firm and opportunity, if
    any) and `can_suggest` (an officer of the firm's office, an opportunity as counterpart)."""
    pairs = [(m.owner_organization_id, m.target_opportunity_id) for m in matches
             if m.target_opportunity_id is not None]
    known = introduction_selectors.suggested_pairs(user.office_id, pairs) if user.office_id else {}
    for m in matches:
        key = (m.owner_organization_id, m.target_opportunity_id)
        m.suggestion = known.get(key) if m.target_opportunity_id else None  # type: ignore[attr-defined,arg-type]
        m.can_suggest = bool(  # type: ignore[attr-defined]
            m.target_opportunity_id and m.suggestion is None  # type: ignore[attr-defined]
            and user.has_perm("introductions.suggest", m.owner_organization))


@login_required
@require_POST
def suggest_from_match(request: SignedInRequest, pk: int) -> HttpResponse:
    """POST action=suggest (with an optional note to both firms) or action=dismiss."""
    match = match_for(request.user, pk)
    target = match.target_opportunity
    action = request.POST.get("action", "")
    try:
        if target is None:
            raise ValidationError(_("An introduction is suggested for an opportunity."))
        if action == "dismiss":
            introduction_services.dismiss_suggestion(
                by=request.user, organization=match.owner_organization, opportunity=target)
            flash.success(request, _("Dismissed: this pair will not be offered again."))
        elif action == "suggest":
            introduction_services.suggest_introduction(
                by=request.user, organization=match.owner_organization, opportunity=target,
                note=request.POST.get("note", "")[:introduction_services.NOTE_MAX + 1])
            flash.success(request, _("Suggested: both firms are asked."))
        else:
            raise ValidationError({"action": _("Choose one of: %(choices)s.") % {
                "choices": "suggest, dismiss"}})
    except ValidationError as exc:
        for text in exc.messages:
            flash.error(request, text)
    return redirect("matchmaking:portfolio")
