"""Matchmaking pages: my recommendations, matches of one opportunity or organization, the
office portfolio, hybrid search; save and dismiss (htmx). Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.accounts.requests import SignedInRequest
from liaison.common.paging import RowsOf, cached_fragment, cached_page, csrf_placeholder
from liaison.directory.access import organization_for
from liaison.directory.models import Organization
from liaison.matchmaking import access, selectors, services
from liaison.matchmaking.cards import one_per_counterpart
from liaison.matchmaking.engine import opportunity_key, organization_key
from liaison.matchmaking.models import Match
from liaison.opportunities.access import opportunity_for
from liaison.opportunities.models import Opportunity

SHOW = ("", "saved", "dismissed")


def _show(request: HttpRequest) -> str:
    show = request.GET.get("show", "")
    return show if show in SHOW else ""


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    """Recommended for my organizations; my opportunities' matches; links for officers."""
    user = request.user
    own = sorted(member_organization_ids(user))
    # The sections are the same until one of the viewer's matches, an opportunity or an
    # organization changes: rendered once per change, for this viewer only (the cards say
    # what this viewer may do); their forms hold the CSRF placeholder (each answer gets the
    # viewer's current token).
    scope = ("user", user.pk, user.office_id, own)
    models = (Opportunity, Organization)
    rows = (RowsOf(Match, "source_key", [organization_key(pk) for pk in own]),)
    job = selectors.running_index_job()
    if job is None:
        # Nearly always: no index job running, the whole page once per change (`cached_page`).
        return cached_page(request, "matchmaking/home.html", lambda: {
            "sections": mark_safe(_home_sections(request, user)), "job": None},  # noqa: S308 (ours)
            name="matches-home", scope=scope, models=models, rows=rows)
    # The progress bar stays live while the matches are being computed.
    sections = cached_fragment(request, "matches-home", lambda: _home_sections(request, user),
                               models=models, rows=rows, scope=scope)
    return render(request, "matchmaking/home.html", {"sections": sections, "job": job})


def _home_sections(request: SignedInRequest, user: User) -> str:
    orgs = list(Organization.objects.filter(pk__in=member_organization_ids(user))
                .prefetch_related("translations").order_by("name"))
    # Every organization's matches and opportunities at once, not one organization in turn.
    by_source: dict[str, list[Any]] = {}
    for m in selectors.best_matches_of([organization_key(o.pk) for o in orgs], per_source=20):
        by_source.setdefault(m.source_key, []).append(m)
    cards = {o.pk: one_per_counterpart(by_source.get(organization_key(o.pk), []))[:5] for o in orgs}
    shown = selectors.decorate(user, [c for org_cards in cards.values() for c in org_cards])
    # Recorded when rendered: a view served from the cache showed this viewer the same cards.
    services.record_shown(shown, to=user)
    published: dict[int, list[Opportunity]] = {}
    for opp in (Opportunity.objects.filter(organization__in=orgs, status=Opportunity.Status.PUBLISHED)
                .prefetch_related("translations").order_by("-published_at", "-pk")):
        published.setdefault(opp.organization_id, []).append(opp)
    sections = [{"organization": org, "matches": cards[org.pk], "opportunities": published.get(org.pk, [])}
                for org in orgs]
    return render_to_string("matchmaking/_home_sections.html",
                            {"sections": sections, "csrf_token": csrf_placeholder()}, request)


def _page(request: SignedInRequest, user: User, qs: Any, *, whole: bool = True) -> Any:
    """A page of match cards, one per counterpart: over the whole list (`whole`, a source's
    own matches: a few dozen rows) or within the page (the office portfolio)."""
    if whole:
        page = Paginator(one_per_counterpart(qs), 20).get_page(request.GET.get("page"))
    else:
        page = Paginator(qs, 20).get_page(request.GET.get("page"))
        page.object_list = one_per_counterpart(page.object_list)
    page.object_list = selectors.decorate(user, page.object_list)
    services.record_shown(page.object_list, to=user)
    return page


@login_required
def opportunity_matches(request: SignedInRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for(request.user, pk, "matchmaking.view_matches")
    show = _show(request)
    return render(request, "matchmaking/matches.html", {
        "job": selectors.running_index_job(),
        "source": opportunity, "source_title": opportunity.display_title, "show": show,
        "querystring": f"show={show}" if show else "",
        "page": _page(request, request.user, selectors.matches_of(opportunity_key(pk), show=show)),
    })


@login_required
def organization_matches(request: SignedInRequest, pk: int) -> HttpResponse:
    organization = organization_for(request.user, pk, "matchmaking.view_matches")
    show = _show(request)
    return render(request, "matchmaking/matches.html", {
        "job": selectors.running_index_job(),
        "source": organization, "source_title": organization.display_name, "show": show,
        "querystring": f"show={show}" if show else "",
        "page": _page(request, request.user, selectors.matches_of(organization_key(pk), show=show)),
    })


@login_required
def portfolio(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("matchmaking.view_portfolio"):
        raise PermissionDenied
    page = _page(request, user, selectors.office_portfolio(user), whole=False)
    page.object_list = selectors.decorate_portfolio(user, page.object_list)
    return render(request, "matchmaking/portfolio.html", {"office": user.office, "page": page})


@login_required
def search(request: SignedInRequest) -> HttpResponse:
    user = request.user
    q = request.GET.get("q", "").strip()[:200]
    scope = "organizations" if request.GET.get("scope") == "organizations" else "opportunities"
    results: list[Any] = []
    rows: dict[int, Any]
    if q:
        ids = selectors.hybrid_search(user, q, scope=scope, k=30)
        if scope == "opportunities":
            rows = {o.pk: o for o in Opportunity.objects.public().filter(pk__in=ids)
                    .select_related("organization__ecosystem").prefetch_related("translations")}
        else:
            rows = {o.pk: o for o in Organization.objects.filter(pk__in=ids)
                    .select_related("ecosystem").prefetch_related("translations")}
        results = [rows[i] for i in ids if i in rows]
    template = "matchmaking/_search_results.html" if request.htmx else "matchmaking/search.html"  # type: ignore[attr-defined]
    return render(request, template, {"q": q, "scope": scope, "results": results})


def _mark(request: HttpRequest, pk: int, action: Any) -> HttpResponse:
    match = access.match_for(request.user, pk, "matchmaking.change_match")
    action(match, by=request.user)
    if request.htmx:  # type: ignore[attr-defined]
        match = access.match_for(request.user, pk)
        return render(request, "matchmaking/_match.html", {"match": selectors.decorate(request.user, [match])[0]})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "matchmaking:home")


@login_required
@require_POST
def dismiss(request: SignedInRequest, pk: int) -> HttpResponse:
    return _mark(request, pk, services.dismiss_match)


@login_required
@require_POST
def save(request: SignedInRequest, pk: int) -> HttpResponse:
    return _mark(request, pk, services.save_match)


@login_required
@require_POST
def restore(request: SignedInRequest, pk: int) -> HttpResponse:
    return _mark(request, pk, services.restore_match)


@login_required
def progress(request: SignedInRequest) -> HttpResponse:
    """The progress bar of the worker's bulk computation of matches (polled by the page)."""
    return render(request, "matchmaking/_progress.html", {"job": selectors.running_index_job(),
                                                          "polled": True})
