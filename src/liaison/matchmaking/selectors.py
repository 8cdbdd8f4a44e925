"""Read queries of matchmaking: a source's matches, an office's portfolio, new matches for
the digest, and the hybrid search for the directory and the marketplace."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.common import sql
from liaison.directory.models import Sector
from liaison.matching import Filters
from liaison.matchmaking import engine
from liaison.matchmaking.models import Match
from liaison.matchmaking.reasons import poster, reasons, strength_label
from liaison.opportunities.models import Opportunity, public_q

logger = logging.getLogger(__name__)


def _live(qs: QuerySet[Match]) -> QuerySet[Match]:
    """Matches whose target is still public (an opportunity) or vetted (an organization)."""
    return qs.filter(
        public_q("target_opportunity__") | Q(target_organization__vetted_at__isnull=False)
    )


def with_related(qs: QuerySet[Match]) -> QuerySet[Match]:
    return qs.select_related(
        "target_opportunity__organization__ecosystem", "target_organization__ecosystem",
        "source_opportunity", "source_organization", "owner_organization",
    ).prefetch_related("target_opportunity__translations", "target_organization__translations",
                       "source_opportunity__translations", "target_opportunity__organization__sectors")


def matches_of(source_key: str, *, show: str = "") -> QuerySet[Match]:
    qs = _live(Match.objects.filter(source_key=source_key))
    if show == "saved":
        qs = qs.filter(saved_at__isnull=False)
    elif show == "dismissed":
        qs = qs.filter(dismissed_at__isnull=False)
    else:
        qs = qs.filter(dismissed_at__isnull=True)
    return with_related(qs).order_by("-score", "pk")


def best_matches_of(source_keys: list[str], *, per_source: int) -> QuerySet[Match]:
    """The `per_source` best live, undismissed matches of each of `source_keys`, in one query
    (a window over the sources), by source then best first."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    qs = _live(Match.objects.filter(source_key__in=source_keys, dismissed_at__isnull=True))
    qs = qs.annotate(rank_in_source=Window(
        RowNumber(), partition_by=[F("source_key")], order_by=[F("score").desc(), F("pk").asc()],
    )).filter(rank_in_source__lte=per_source)
    return with_related(qs).order_by("source_key", "-score", "pk")


def office_portfolio(user: User | AnonymousUser) -> QuerySet[Match]:
    """The best cross-border matches of the organizations the officer's office serves."""
    if not (user.is_authenticated and user.office_id):
        return Match.objects.none()
    qs = _live(Match.objects.filter(owner_organization__office_id=user.office_id,
                                    dismissed_at__isnull=True))
    # The portfolio names the firm each match is for.
    qs = with_related(qs).prefetch_related("owner_organization__translations")
    return qs.order_by("-score", "pk")


def new_matches_for(user: User | AnonymousUser, *, since: dt.datetime | None) -> QuerySet[Match]:
    qs = _live(Match.objects.filter(owner_organization_id__in=member_organization_ids(user),
                                    dismissed_at__isnull=True))
    if since is not None:
        qs = qs.filter(created_at__gt=since)
    return with_related(qs).order_by("-score", "pk")


# Search hits below this strength (the per-cent chance of being relevant) that share no term
# with the query are left out.
SEARCH_MIN_STRENGTH = 5


def hybrid_search(user: User | AnonymousUser, q: str, *, scope: str = "opportunities", k: int = 50) -> list[int]:
    """Ids of the opportunities (scope "opportunities": public ones) or organizations
    (scope "organizations": those the user may see), best first, by the hybrid engine
    (dense + lexical with Chinese segmentation). Wire into the marketplace and directory:
    `qs.filter(pk__in=ids)` then order by the position in `ids`."""
    q = (q or "").strip()
    if not q:
        return []
    kind = "opportunity" if scope == "opportunities" else "organization"
    hits = engine.index().search(q, k=k, filters=Filters(kinds=frozenset({kind})), across_languages=True)
    # The engine always fills its top k; a hit with neither a shared term (in any language)
    # nor a real chance of being relevant is noise, not a result.
    hits = [h for h in hits if h.strength >= SEARCH_MIN_STRENGTH
            or (h.explanation.get("signals") or {}).get("lexical", 0) > 0]
    ids = [parsed[1] for h in hits if (parsed := engine.parse_key(h.id))]
    if scope == "opportunities":
        allowed = set(Opportunity.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
    else:
        from liaison.directory.selectors import visible_organizations

        allowed = set(visible_organizations(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [i for i in ids if i in allowed]


def search_ranked(user: User | AnonymousUser, qs: Any, q: str, *, scope: str) -> Any:
    """`qs` narrowed by the text query `q`, best first: the hybrid engine's hits (which find
    Chinese, Hebrew and English text whatever the query's language) lead in relevance order,
    then the lexical matches (`common.search`). Without an index on disk (nothing embedded yet)
    or if the engine fails, the lexical search alone answers — a search never breaks."""
    from django.db.models import Case, IntegerField, Value, When

    from liaison.common.search import text_q

    lexical = text_q(qs.model, q)
    ids: list[int] = []
    if engine.has_profiles():
        try:
            ids = hybrid_search(user, q, scope=scope)
        except Exception:  # noqa: BLE001 - the engine is an enhancement here, never a failure
            logger.exception("hybrid search failed; falling back to the database search")
    if not ids:
        return qs.filter(lexical)
    rank = Case(*[When(pk=pk, then=Value(n)) for n, pk in enumerate(ids)],
                default=Value(len(ids)), output_field=IntegerField())
    # One condition on the rows (not a subquery of matching ids), so the database answers it
    # from the primary key and the search index together.
    if lexical:
        qs = qs.filter(Q(pk__in=ids) | lexical)
    return qs.annotate(search_rank=rank)


def ordered_search(user: User | AnonymousUser, qs: Any, q: str | None, *, scope: str, order: tuple[str, ...]) -> Any:
    """`qs` searched with `search_ranked` when there is a query, in relevance order then `order`;
    the one search behind the pages and the API. A query longer than the search reads is a
    ValidationError naming `q`."""
    from liaison.common.search import validate_query

    validate_query(q)
    if q:
        qs = search_ranked(user, qs, q, scope=scope)
        if "search_rank" in qs.query.annotations:
            order = ("search_rank", *order)
    return qs.order_by(*order)


# Functions (user, matches) that add to the office portfolio's cards what apps beside this
# one know (the introductions an office suggested from them: `liaison.web.brokering`,
# registered by the web app, which may import both).
PORTFOLIO_DECORATORS: list[Callable[[Any, list[Match]], None]] = []


def register_portfolio_decorator(fn: Callable[[Any, list[Match]], None]) -> None:
    if fn not in PORTFOLIO_DECORATORS:
        PORTFOLIO_DECORATORS.append(fn)


def decorate_portfolio(user: User | AnonymousUser, matches: list[Match]) -> list[Match]:
    for fn in PORTFOLIO_DECORATORS:
        fn(user, matches)
    return matches


def decorate(user: User | AnonymousUser, matches: Any) -> list[Match]:
    """Attach the reasons in words and what the user may do to each match."""
    own = member_organization_ids(user)
    sectors = {s.code: s for s in Sector.objects.all()}
    out = []
    for m in matches:
        source_type = m.source_opportunity.type if m.source_opportunity else None
        target_type = m.target_opportunity.type if m.target_opportunity else None
        m.reasons = reasons(m.explanation, source_type=source_type, target_type=target_type,  # type: ignore[attr-defined]
                            sectors=sectors, target=m.target)
        m.strength_label = strength_label(m.strength)  # type: ignore[attr-defined]
        m.poster = poster(m.target_opportunity.organization if m.target_opportunity else None)  # type: ignore[attr-defined]
        m.can_change = user.has_perm("matchmaking.change_match", m)  # type: ignore[attr-defined]
        m.can_express = bool(m.target_opportunity and own and m.owner_organization_id in own)  # type: ignore[attr-defined]
        out.append(m)
    return out


def running_index_job() -> Any:
    """The bulk computation of matches under way (or waiting for the worker), if any: one
    that stopped reporting for 15 minutes is taken for dead and not shown."""
    import datetime as _dt

    from django.utils import timezone

    from liaison.matchmaking.models import IndexJob

    recent = timezone.now() - _dt.timedelta(minutes=15)
    # Asked by every matches page, nearly always of no job: that answer in plain SQL
    # (`common.sql`), the job itself through the ORM.
    found = sql.rows(IndexJob, f"SELECT id FROM {sql.table(IndexJob)} "  # noqa: S608 (our table)
                     "WHERE finished_at IS NULL AND updated_at >= %s ORDER BY started_at DESC, id DESC LIMIT 1",
                     [sql.now_param(IndexJob, recent)])
    return IndexJob.objects.filter(pk=found[0][0]).first() if found else None
