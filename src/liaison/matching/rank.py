"""Who may match whom, and in which order.

Semantics:

- a profile of kind `query` is a search: every live profile is a candidate;
- an opportunity gets its complementary counterparts (`COMPLEMENTS`): offer <-> request of
  the same family, R&D / education cooperation request <-> the same request, investment
  request <-> investment offers and investors; an organization gets opportunities and
  organizations (an investor: investment requests and firms);
- across the border: a counterpart of a profile with an ecosystem must have a known, different
  ecosystem, inside the profile's target ecosystems when it names some.

Order (`Weights`): hybrid fusion of the dense cosine and the BM25 score normalized by the
query's own information (sum of its terms' IDF, so a few shared names in a cross-lingual
pair weigh little and a real lexical match weighs a lot), plus structured signals: sectors
(declared ones, or for a query without sectors, the sector distribution of its best
neighbours), equal stage, and whether the counterpart targets the profile's ecosystem.
Every match carries a machine-readable explanation of these signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from liaison.matching.catalog import BoolArray, Catalog
from liaison.matching.profile import Kind, OpportunityType, OrganizationType, Profile

_O = OpportunityType
_G = OrganizationType

# opportunity type -> (complementary opportunity types, organization types that answer it)
COMPLEMENTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    _O.BUSINESS_OFFER: (frozenset({_O.BUSINESS_REQUEST}), frozenset({_G.FIRM})),
    _O.BUSINESS_REQUEST: (frozenset({_O.BUSINESS_OFFER}), frozenset({_G.FIRM})),
    _O.TECHNOLOGY_OFFER: (frozenset({_O.TECHNOLOGY_REQUEST}), frozenset({_G.FIRM})),
    _O.TECHNOLOGY_REQUEST: (
        frozenset({_O.TECHNOLOGY_OFFER}),
        frozenset({_G.FIRM, _G.UNIVERSITY, _G.INSTITUTE}),
    ),
    _O.INVESTMENT_OFFER: (frozenset({_O.INVESTMENT_REQUEST}), frozenset({_G.FIRM})),
    _O.INVESTMENT_REQUEST: (frozenset({_O.INVESTMENT_OFFER}), frozenset({_G.INVESTOR})),
    _O.RD_COOPERATION_REQUEST: (
        frozenset({_O.RD_COOPERATION_REQUEST}),
        frozenset({_G.UNIVERSITY, _G.INSTITUTE, _G.FIRM}),
    ),
    _O.EDUCATION_COOPERATION_REQUEST: (
        frozenset({_O.EDUCATION_COOPERATION_REQUEST}),
        frozenset({_G.UNIVERSITY, _G.INSTITUTE}),
    ),
}
# organization type -> (opportunity types it answers, organization types it meets);
# None = any
ORGANIZATION_COUNTERPARTS: dict[str, tuple[frozenset[str] | None, frozenset[str] | None]] = {
    _G.INVESTOR: (frozenset({_O.INVESTMENT_REQUEST}), frozenset({_G.FIRM})),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """Facets the caller imposes on top of the matching rules (None = no constraint)."""

    kinds: frozenset[str] | None = None
    types: frozenset[str] | None = None
    sectors: frozenset[str] | None = None  # any of them
    ecosystems: frozenset[str] | None = None
    langs: frozenset[str] | None = None
    stages: frozenset[str] | None = None
    exclude_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    lexical: float = 0.05
    hubness: float = 0.25  # share of a candidate's hubness taken off its cosine
    sectors: float = 0.08
    stage: float = 0.02
    target_market: float = 0.02
    candidates: int = 100  # per retriever, before fusion
    sector_neighbours: int = 30  # neighbours whose sectors a sectorless query inherits
    sector_temperature: float = 0.03  # softmax temperature over their fused scores


@dataclass(frozen=True, slots=True)
class Match:
    id: str
    score: float
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Counterparts:
    """What a source profile may be matched with."""

    search: bool
    kinds: frozenset[str] | None = None
    opportunity_types: frozenset[str] | None = None  # None = any
    organization_types: frozenset[str] | None = None  # None = any
    home: str | None = None
    targets: frozenset[str] = frozenset()


def counterparts(source: Profile) -> Counterparts:
    if source.kind in (Kind.QUERY, Kind.DOCUMENT):
        return Counterparts(search=True)
    home = source.ecosystem
    targets = frozenset(source.target_ecosystems)
    both = frozenset({Kind.OPPORTUNITY, Kind.ORGANIZATION})
    if source.kind == Kind.OPPORTUNITY and source.type in COMPLEMENTS:
        opps, orgs = COMPLEMENTS[source.type]
        return Counterparts(
            search=False,
            kinds=both,
            opportunity_types=opps,
            organization_types=orgs,
            home=home,
            targets=targets,
        )
    if source.kind == Kind.ORGANIZATION and source.type in ORGANIZATION_COUNTERPARTS:
        opps_or_none, orgs_or_none = ORGANIZATION_COUNTERPARTS[source.type]
        return Counterparts(
            search=False,
            kinds=both,
            opportunity_types=opps_or_none,
            organization_types=orgs_or_none,
            home=home,
            targets=targets,
        )
    return Counterparts(search=False, kinds=both, home=home, targets=targets)


def candidate_mask(catalog: Catalog, source: Profile | None, filters: Filters | None) -> BoolArray:
    """Live slots that the rules and the filters allow for `source` (None: a plain search)."""
    n = catalog.size
    mask = catalog.live_mask()
    rule = counterparts(source) if source is not None else Counterparts(search=True)
    if not rule.search:
        kinds = catalog.kind.values[:n]
        types = catalog.type.values[:n]
        assert rule.kinds is not None
        mask &= catalog.kind.mask(n, rule.kinds)
        opp = kinds == catalog.kind.code(Kind.OPPORTUNITY)
        org = kinds == catalog.kind.code(Kind.ORGANIZATION)
        if rule.opportunity_types is not None:
            mask &= ~opp | catalog.type.mask(n, rule.opportunity_types)
        if rule.organization_types is not None:
            mask &= ~org | catalog.type.mask(n, rule.organization_types)
        del types
        if rule.home is not None:
            eco = catalog.ecosystem.values[:n]
            mask &= (eco != catalog.ecosystem.code(rule.home)) & (eco >= 0)
            if rule.targets:
                mask &= catalog.ecosystem.mask(n, rule.targets)
    if filters is not None:
        if filters.kinds is not None:
            mask &= catalog.kind.mask(n, filters.kinds)
        if filters.types is not None:
            mask &= catalog.type.mask(n, filters.types)
        if filters.ecosystems is not None:
            mask &= catalog.ecosystem.mask(n, filters.ecosystems)
        if filters.langs is not None:
            mask &= catalog.lang.mask(n, filters.langs)
        if filters.stages is not None:
            mask &= catalog.stage.mask(n, filters.stages)
        if filters.sectors is not None:
            mask &= catalog.sectors_mask(filters.sectors)
        for pid in filters.exclude_ids:
            slot = catalog.slot_of.get(pid)
            if slot is not None:
                mask[slot] = False
    if source is not None:
        slot = catalog.slot_of.get(source.id)
        if slot is not None:
            mask[slot] = False
    return mask


def _top(values: npt.NDArray[np.float32], mask: BoolArray, count: int) -> npt.NDArray[np.int64]:
    idx = np.flatnonzero(mask & (values > 0))
    if len(idx) > count:
        idx = idx[np.argpartition(-values[idx], count - 1)[:count]]
    return idx


def rank(
    catalog: Catalog,
    *,
    source: Profile | None,
    query_vector: npt.NDArray[np.float32],
    query_terms: Sequence[str],
    query_lang: str | None,
    k: int,
    filters: Filters | None = None,
    weights: Weights | None = None,
) -> list[Match]:
    """The best `k` counterparts (or search results) with their explanations."""
    w = weights or Weights()
    if k <= 0 or not len(catalog):
        return []
    mask = candidate_mask(catalog, source, filters)
    fetch = max(w.candidates, 2 * k)
    dense_slots, _ = catalog.vectors.top(query_vector, fetch, mask=mask)
    lex = catalog.lexical
    lex_all = lex.scores(query_terms)
    lex_slots = _top(lex_all, mask, fetch)
    slots = np.union1d(dense_slots, lex_slots)
    if not len(slots):
        return []
    qids = lex.query_ids(query_terms)
    query_info = sum(lex.idf(t) for t in qids) * (lex.k1 + 1.0) or 1.0
    dense = catalog.dense_scores(query_vector, slots)
    lexical = lex_all[slots] / query_info
    score = dense + w.lexical * lexical
    if w.hubness:
        score = score - w.hubness * catalog.vectors.hubness()[slots]

    profiles = [catalog.profiles[int(s)] for s in slots]
    sector_weight, inferred = _sector_weights(source, profiles, score, w)
    sector_signal = np.zeros(len(slots), dtype=np.float32)
    if sector_weight:
        for i, p in enumerate(profiles):
            if p is not None and p.sectors:
                sector_signal[i] = min(1.0, sum(sector_weight.get(s, 0.0) for s in p.sectors))
        score = score + w.sectors * sector_signal
    stage_match = np.zeros(len(slots), dtype=bool)
    target_match = np.zeros(len(slots), dtype=bool)
    if source is not None and not source.is_query:
        for i, p in enumerate(profiles):
            if p is None:
                continue
            stage_match[i] = bool(source.stage and p.stage == source.stage)
            target_match[i] = bool(source.ecosystem and source.ecosystem in p.target_ecosystems)
        score = score + w.stage * stage_match + w.target_market * target_match

    order = np.argsort(-score, kind="stable")[:k]
    matches = []
    for i in order.tolist():
        p = profiles[i]
        assert p is not None
        signals: dict[str, Any] = {
            "dense": round(float(dense[i]), 4),
            "lexical": round(float(lexical[i]), 4),
        }
        shared_sectors = [s for s in p.sectors if s in sector_weight]
        if shared_sectors:
            signals["sectors"] = shared_sectors
            if inferred:
                signals["sectors_inferred"] = True
        if source is not None and source.stage and p.stage:
            signals["stage"] = "match" if stage_match[i] else "differs"
        if query_lang and p.lang:
            signals["language"] = "same" if p.lang == query_lang else "cross"
        if target_match[i]:
            signals["target_market"] = True
        matches.append(
            Match(
                id=p.id,
                score=round(float(score[i]), 6),
                explanation={
                    "signals": signals,
                    "shared_terms": lex.shared_terms(qids, int(slots[i])),
                },
            )
        )
    return matches


def _sector_weights(
    source: Profile | None,
    profiles: Sequence[Profile | None],
    score: npt.NDArray[np.float32],
    w: Weights,
) -> tuple[dict[str, float], bool]:
    """Sector -> weight in [0, 1] for the sector signal, and whether they were inferred.

    A source with sectors uses them (each shared sector counts its share). A source without
    sectors inherits the sector distribution of its best neighbours (score-weighted), a
    guess about what it is about that lifts the counterparts of the same field.
    """
    if source is not None and source.sectors:
        share = 1.0 / len(source.sectors)
        return {s: share for s in source.sectors}, False
    top = np.argsort(-score, kind="stable")[: w.sector_neighbours]
    if not len(top):
        return {}, True
    best = float(score[top[0]])
    mass: dict[str, float] = {}
    total = 0.0
    for i in top.tolist():
        p = profiles[i]
        weight = float(np.exp((float(score[i]) - best) / w.sector_temperature))
        total += weight
        if p is not None:
            for s in p.sectors:
                mass[s] = mass.get(s, 0.0) + weight / len(p.sectors)
    if not mass:
        return {}, True
    return {s: m / total for s, m in mass.items()}, True
