"""Keep the index and the stored matches in step with the database; save and dismiss.

`sync_opportunity` / `sync_organization` are what the background tasks call after a change:
they upsert (or remove) the profile in the engine's index and refresh the stored matches both
ways: the profile's own list, and the lists of every profile it now belongs to or left
(`refresh_counterparts`, reverse top-k). Matches a user saved or dismissed are kept with
their mark.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liaison.accounts.models import User
from liaison.common.errors import require
from liaison.directory.models import Organization
from liaison.matching import Profile
from liaison.matchmaking import engine
from liaison.matchmaking.models import IndexJob, Match
from liaison.opportunities.models import Opportunity

OPP_RELATED = ("organization__ecosystem",)
OPP_PREFETCH = ("translations", "sectors", "target_ecosystems")
# How many sources' rankings a changed profile is checked against (reverse top-k): the
# sources for which it scores highest. A list it enters lies among them unless more than
# this many lists would rank it above their last stored match.
REVERSE_LIMIT = 50


def _is_indexable_opportunity(opp: Opportunity) -> bool:
    return Opportunity.objects.public().filter(pk=opp.pk).exists()


def _is_indexable_organization(org: Organization) -> bool:
    return org.vetted_at is not None


def sync_opportunity(opportunity_id: int) -> int:
    """Upsert a public opportunity into the index and refresh its matches, or remove it (and
    its matches) when it is no longer public. Returns the number of matches stored."""
    opp = (Opportunity.objects.select_related(*OPP_RELATED).prefetch_related(*OPP_PREFETCH)
           .filter(pk=opportunity_id).first())
    key = engine.opportunity_key(opportunity_id)
    if opp is None or not _is_indexable_opportunity(opp):
        engine.index().remove(key)
        Match.objects.filter(source_key=key, saved_at__isnull=True).delete()
        refresh_counterparts(key, None)
        return 0
    profile = engine.opportunity_profile(opp)
    engine.index().upsert(profile)
    count = refresh_matches(profile, owner=opp.organization, source_opportunity=opp)
    refresh_counterparts(key, profile)
    return count


def sync_organization(organization_id: int) -> int:
    """Upsert a vetted organization into the index and refresh its recommendations."""
    org = (Organization.objects.select_related("ecosystem").prefetch_related("translations", "sectors")
           .filter(pk=organization_id).first())
    key = engine.organization_key(organization_id)
    if org is None or not _is_indexable_organization(org):
        engine.index().remove(key)
        refresh_counterparts(key, None)
        return 0
    profile = engine.organization_profile(org)
    engine.index().upsert(profile)
    count = refresh_matches(profile, owner=org, source_organization=org)
    refresh_counterparts(key, profile)
    return count


def refresh_counterparts(key: str, profile: Profile | None) -> list[str]:
    """The other direction of a change to profile `key` (already upserted; None when it was
    removed): update and store the lists it now enters and the lists that held it.

    A list holds up to `LIAISON_MATCH_COUNT` matches; `key` enters it when the score the
    source's own ranking gives `key` (`index.reverse`) reaches the list's last stored score,
    or the list is not full. A full list is updated by incremental insertion
    (`index.update_lists`: its stored members and `key` scored with the ranking's own
    fusion, the best kept), the others, and those the engine cannot settle that way (`key`
    left a list or fell below its last score, so the next counterpart moves up; a source
    without sectors), are ranked again. A removed profile leaves every list, saved ones
    included (it is no longer there to be contacted). Returns the source keys whose lists
    were stored."""
    holding = set(Match.objects.filter(target_key=key).values_list("source_key", flat=True))
    if profile is None:
        Match.objects.filter(target_key=key).delete()
        return _update_lists(key, holding, {})
    idx = engine.index()
    reached = {m.id: m.score for m in idx.reverse(profile, limit=REVERSE_LIMIT)
               if m.id not in holding}
    stored: dict[str, list[tuple[str, float]]] = {}
    for source, target, score in (Match.objects.filter(source_key__in=holding | set(reached))
                                  .order_by("source_key", "-score", "pk")
                                  .values_list("source_key", "target_key", "score")):
        stored.setdefault(source, []).append((target, score))
    full = settings.LIAISON_MATCH_COUNT
    affected = set(holding)
    for source, score in reached.items():
        listed = stored.get(source, [])
        if len(listed) >= full and score < listed[-1][1] - 1e-6:
            continue
        affected.add(source)
    return _update_lists(key, affected, stored)


def _update_lists(changed: str, keys: set[str], stored: dict[str, list[tuple[str, float]]]) -> list[str]:
    """Update, and store, the lists of `keys` that people read (public opportunities and
    organizations with members: the sources `reindex` keeps lists for) after `changed`
    changed: by incremental insertion where the stored list (`stored`) is exactly full (so
    it is the source's last ranking, not one with saved matches that fell out of it, nor
    one never ranked), by ranking again otherwise. A list that `changed` did not enter after
    all (its exact score fell short) is not written again."""
    sources = _readable_sources(keys)
    if not sources:
        return []
    idx = engine.index()
    full = settings.LIAISON_MATCH_COUNT
    asked = {p.id: stored[p.id] for p, *_ in sources if len(stored.get(p.id, ())) == full}
    updated = idx.update_lists(changed, asked, k=full) if asked else {}
    again = [s for s in sources if updated.get(s[0].id) is None]
    # Stored profiles rank with their stored vectors: nothing is embedded here.
    ranked = dict(zip([s[0].id for s in again], idx.rank_many([s[0] for s in again], k=full),
                      strict=True)) if again else {}
    lists = []
    for p, owner, s_opp, s_org in sources:
        found = ranked[p.id] if p.id in ranked else updated.get(p.id)
        if found is None:
            continue
        ids = [m.id for m in found]
        if p.id not in ranked and changed not in ids and ids == [t for t, _ in stored[p.id]]:
            continue  # it did not enter: the same members, only their scores' drift
        lists.append(ListToStore(p, owner, s_opp, s_org, found))
    store_lists(lists)
    return sorted(entry.profile.id for entry in lists)


def _readable_sources(keys: set[str]) -> list[tuple[Profile, Organization, Opportunity | None, Organization | None]]:
    """The indexed profiles of `keys` whose lists people read, with their rows."""
    opp_ids: list[int] = []
    org_ids: list[int] = []
    for key in keys:
        parsed = engine.parse_key(key)
        if parsed:
            (opp_ids if parsed[0] == "opp" else org_ids).append(parsed[1])
    if not opp_ids and not org_ids:
        return []
    opps = Opportunity.objects.public().filter(pk__in=opp_ids).select_related("organization")
    orgs = Organization.objects.filter(pk__in=org_ids, vetted_at__isnull=False,
                                       memberships__isnull=False).distinct()
    idx = engine.index()
    opp_rows, org_rows = list(opps), list(orgs)
    indexed = idx.get_many([engine.opportunity_key(o.pk) for o in opp_rows]
                           + [engine.organization_key(o.pk) for o in org_rows])
    sources: list[tuple[Profile, Organization, Opportunity | None, Organization | None]] = []
    for opp in opp_rows:
        p = indexed.get(engine.opportunity_key(opp.pk))
        if p is not None:
            sources.append((p, opp.organization, opp, None))
    for org in org_rows:
        p = indexed.get(engine.organization_key(org.pk))
        if p is not None:
            sources.append((p, org, None, org))
    return sources


def _targets(keys: list[str]) -> tuple[dict[int, Opportunity], dict[int, Organization]]:
    opp_ids: list[int] = []
    org_ids: list[int] = []
    for key in keys:
        parsed = engine.parse_key(key)
        if parsed:
            (opp_ids if parsed[0] == "opp" else org_ids).append(parsed[1])
    opps = {o.pk: o for o in Opportunity.objects.public().filter(pk__in=opp_ids)}
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=org_ids, vetted_at__isnull=False)}
    return opps, orgs


def refresh_matches(profile: Profile, *, owner: Organization,
                    source_opportunity: Opportunity | None = None,
                    source_organization: Organization | None = None,
                    found: list[Any] | None = None) -> int:
    """Rank the source's counterparts (unless `found` already) and store them, updating
    scores and reasons of known ones and dropping unmarked ones that fell out."""
    if found is None:
        found = engine.index().rank(profile, k=settings.LIAISON_MATCH_COUNT)
    return store_lists([ListToStore(profile, owner, source_opportunity, source_organization, found)])[0]


class ListToStore(NamedTuple):
    """A source's freshly ranked list (`found`, best first) and the rows it is stored with."""

    profile: Profile
    owner: Organization
    source_opportunity: Opportunity | None
    source_organization: Organization | None
    found: list[Any]


@transaction.atomic
def store_lists(lists: Sequence[ListToStore]) -> list[int]:
    """Store the ranked lists of several sources with a fixed number of queries, however many
    lists and rows change: the targets read once, the stored rows read once, new and changed
    rows written by one INSERT ... ON CONFLICT DO UPDATE, the unmarked rows that fell out
    deleted by one DELETE. An unchanged match is not written again. Returns, per list, the
    number of matches kept."""
    if not lists:
        return []
    opps, orgs = _targets([m.id for entry in lists for m in entry.found])
    existing: dict[tuple[str, str], Match] = {
        (m.source_key, m.target_key): m
        for m in Match.objects.filter(source_key__in={entry.profile.id for entry in lists})
    }
    now = timezone.now()
    write: list[Match] = []
    stale: list[int] = []
    counts: list[int] = []
    for profile, owner, source_opportunity, source_organization, found in lists:
        kept: set[str] = set()
        for m in found:
            parsed = engine.parse_key(m.id)
            if parsed is None or m.id in kept:
                continue
            kind, pk = parsed
            target_opp = opps.get(pk) if kind == "opp" else None
            target_org = orgs.get(pk) if kind == "org" else None
            if target_opp is None and target_org is None:
                continue
            if (target_opp and target_opp.organization_id == owner.pk) or (
                target_org and target_org.pk == owner.pk
            ):
                continue
            kept.add(m.id)
            # As the JSON column gives it back (tuples become lists): an unchanged match is
            # recognised and not written again.
            explanation = json.loads(json.dumps(m.explanation))
            row = existing.get((profile.id, m.id))
            if row is None or row.score != m.score or row.explanation != explanation:
                # a row without its primary key: on a known pair the insert becomes an update
                write.append(Match(
                    source_key=profile.id, target_key=m.id, source_opportunity=source_opportunity,
                    source_organization=source_organization, target_opportunity=target_opp,
                    target_organization=target_org, owner_organization=owner, score=m.score,
                    explanation=explanation, created_at=now, updated_at=now,
                ))
        stale += [row.pk for (source, target), row in existing.items()
                  if source == profile.id and target not in kept
                  and row.saved_at is None and row.dismissed_at is None]
        counts.append(len(kept))
    if write:
        # New and changed rows alike: an existing pair keeps its row (and its marks), only
        # its score, reasons and `updated_at` are replaced.
        Match.objects.bulk_create(
            write, update_conflicts=True, unique_fields=["source_key", "target_key"],
            update_fields=["score", "explanation", "updated_at"],
        )
    if stale:
        Match.objects.filter(pk__in=stale).delete()
    return counts


def dismiss_match(match: Match, *, by: User) -> Match:
    """Hide a match from the source's lists (it is not suggested again)."""
    require(by, "matchmaking.change_match", match)
    match.dismissed_at, match.saved_at = timezone.now(), None
    match.save(update_fields=["dismissed_at", "saved_at", "updated_at"])
    return match


def save_match(match: Match, *, by: User) -> Match:
    """Keep a match on the source's shortlist (it survives refreshes)."""
    require(by, "matchmaking.change_match", match)
    match.saved_at, match.dismissed_at = timezone.now(), None
    match.save(update_fields=["dismissed_at", "saved_at", "updated_at"])
    return match


def restore_match(match: Match, *, by: User) -> Match:
    require(by, "matchmaking.change_match", match)
    match.saved_at = match.dismissed_at = None
    match.save(update_fields=["dismissed_at", "saved_at", "updated_at"])
    return match


def reindex(*, with_matches: bool = True, organizations: str = "all",
            progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Rebuild the index from the database (public opportunities; vetted organizations: "all",
    only those with "members", or "none"), in batches, then refresh the stored matches of every
    public opportunity and of every organization that has members (the ones people read).
    For bulk-seeded data. "members" makes a large demo ready in a fraction of the time."""
    idx = engine.index()
    opps = list(Opportunity.objects.public().select_related(*OPP_RELATED).prefetch_related(*OPP_PREFETCH))
    org_qs = Organization.objects.filter(vetted_at__isnull=False)
    if organizations == "members":
        org_qs = org_qs.filter(memberships__isnull=False).distinct()
    elif organizations == "none":
        org_qs = org_qs.none()
    orgs = list(org_qs.select_related("ecosystem").prefetch_related("translations", "sectors"))
    profiles = [engine.opportunity_profile(o) for o in opps] + [engine.organization_profile(o) for o in orgs]
    live = {p.id for p in profiles}
    for stale in set(idx.ids()) - live:
        if stale.startswith("opp-") or organizations == "all":
            idx.remove(stale)
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        if progress:
            progress("index", done[0], len(profiles))

    idx.upsert_many(profiles, batch_size=256, progress=step)
    counted = 0
    sources: list[tuple[Profile, Organization, Opportunity | None, Organization | None]] = [
        (engine.opportunity_profile(o), o.organization, o, None) for o in opps
    ]
    if not with_matches:
        return {"profiles": len(profiles), "sources": 0, "matches": 0}
    member_orgs = set(Organization.objects.filter(memberships__isnull=False).values_list("pk", flat=True))
    sources += [(engine.organization_profile(o), o, None, o) for o in orgs if o.pk in member_orgs]
    for start in range(0, len(sources), 64):  # queries embedded in batches
        chunk = sources[start:start + 64]
        ranked = idx.rank_many([s[0] for s in chunk], k=settings.LIAISON_MATCH_COUNT)
        counted += sum(store_lists([ListToStore(profile, owner, opp, org, found) for
                                    (profile, owner, opp, org), found in zip(chunk, ranked, strict=True)]))
        if progress:
            progress("matches", start + len(chunk), len(sources))
    return {"profiles": len(profiles), "sources": len(sources), "matches": counted}


def enqueue_reindex(*, organizations: str = "all") -> IndexJob:
    """Have the worker rebuild the index and the stored matches (after a bulk load), with its
    progress in an `IndexJob` the pages show from now on ("waiting for the worker" first)."""
    from liaison.matchmaking import tasks

    job = IndexJob.objects.create()
    transaction.on_commit(lambda: tasks.reindex_task.enqueue(organizations=organizations, job_id=job.pk))
    return job


def tracked(job_id: int | None, work: Callable[[Callable[[str, int, int], None]], Any]) -> Any:
    """Run `work(progress)` recording its progress in IndexJob `job_id` (a new one if None):
    at most twice a second, and when a stage ends; the job is finished afterwards, failed or
    not (the task's own result says which)."""
    import time

    job = IndexJob.objects.filter(pk=job_id).first() if job_id else None
    if job is None:
        job = IndexJob.objects.create()
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done < total:
            return
        last[0] = now
        IndexJob.objects.filter(pk=job.pk).update(stage=stage, done=done, total=total,
                                                  updated_at=timezone.now())

    try:
        return work(progress)
    finally:
        IndexJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), updated_at=timezone.now())


def reembed(*, progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """After a change of embedding model: re-embed every stored profile with the configured
    model (in batches; `progress("reembed", done, total)` and a log line per batch), then
    refresh the stored matches, ranked in the new model's space."""
    import logging

    log = logging.getLogger(__name__)

    def step(done: int, total: int) -> None:
        log.info("re-embedding the match index: %d of %d", done, total)
        if progress:
            progress("reembed", done, total)

    count = engine.index().reembed(progress=step)
    result = reindex(progress=progress)
    return {"reembedded": count, **result}


def record_shown(matches: Any, *, to: User) -> int:
    """Record that `matches` were shown to user `to`: the first showing of each match to a
    member of its owner organization is kept (one INSERT for the whole page; a match shown
    again, or shown to an officer or HQ, adds nothing). Returns the number of matches
    eligible. Reports count these as "matches shown". A page shown again writes nothing."""
    from liaison.accounts.predicates import member_organization_ids
    from liaison.matchmaking.models import MatchImpression

    if not (getattr(to, "is_authenticated", False) and to.is_active):
        return 0
    own = member_organization_ids(to)
    now = timezone.now()
    rows = []
    for m in matches:
        if m.owner_organization_id not in own:
            continue
        counterpart = m.target_organization_id or (
            m.target_opportunity.organization_id if m.target_opportunity_id else None)
        if counterpart is None:
            continue
        rows.append(MatchImpression(source_key=m.source_key, target_key=m.target_key,
                                    owner_organization_id=m.owner_organization_id,
                                    counterpart_id=counterpart, first_shown_at=now))
    if rows:
        # A page is mostly shown again: read which pairs are already kept (one indexed read)
        # and write only the new ones, so a repeated view commits no write at all.
        kept = set(MatchImpression.objects.filter(
            source_key__in={r.source_key for r in rows}, target_key__in={r.target_key for r in rows},
        ).values_list("source_key", "target_key"))
        new = [r for r in rows if (r.source_key, r.target_key) not in kept]
        if new:
            MatchImpression.objects.bulk_create(new, ignore_conflicts=True)
    return len(rows)
