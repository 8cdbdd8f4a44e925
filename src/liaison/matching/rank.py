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

from liaison.matching import glossary
from liaison.matching.calibration import strength
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
    # share of a candidate's hubness taken off its cosine; 0.25 on the plain vectors, 0.1
    # on the centred ones (chosen on the clean dev set, docs/matching.md)
    hubness: float = 0.1
    sectors: float = 0.08
    # a search without sectors (kind `query`): the weight of the sectors inferred from its
    # best neighbours in its order (chosen on the clean dev set, bench/matching_dev.py)
    inferred_sectors: float = 0.3
    stage: float = 0.02
    target_market: float = 0.02
    # The dense signal is put back onto the scale of plain E5 cosines, on which the other
    # weights were tuned: centring (embed.py) takes off a common component of squared norm
    # about 0.8 (0.805 on the dev set), which spreads cosines about five times wider, and without this the sector,
    # stage and lexical signals would weigh five times less against it.
    dense_offset: float = 0.8
    dense_scale: float = 0.2
    candidates: int = 100  # per retriever, before fusion
    sector_neighbours: int = 30  # neighbours whose sectors a sectorless query inherits
    sector_temperature: float = 0.03  # softmax temperature over their fused scores


@dataclass(frozen=True, slots=True)
class Match:
    """One result: `score` is the engine's raw fused score (it orders results);
    `strength` is the calibrated 0-100 match strength shown to people
    (`liaison.matching.calibration`), also in `explanation["strength"]`."""

    id: str
    score: float
    explanation: dict[str, Any] = field(default_factory=dict)
    strength: int = 0


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
    score = w.dense_offset + w.dense_scale * dense + w.lexical * lexical
    if w.hubness:
        score = score - w.hubness * w.dense_scale * catalog.vectors.hubness()[slots]

    profiles = [catalog.profiles[int(s)] for s in slots]
    sector_weight, inferred = _sector_weights(source, profiles, score, w)
    sector_signal = np.zeros(len(slots), dtype=np.float32)
    # a search's inferred sectors weigh more in its order (`Weights.inferred_sectors`), but
    # its strength is read from the score with the common sector weight, the scale on which
    # the strength curve was fitted (a prior from the neighbours is not evidence of the pair);
    # the extra part is `signals["sector_prior"]`
    is_search = source is None or source.is_query
    prior = np.zeros(len(slots), dtype=np.float32)
    if sector_weight:
        for i, p in enumerate(profiles):
            if p is not None and p.sectors:
                sector_signal[i] = min(1.0, sum(sector_weight.get(s, 0.0) for s in p.sectors))
        score = score + w.sectors * sector_signal
        if inferred and is_search:
            prior = (w.inferred_sectors - w.sectors) * sector_signal
    stage_match = np.zeros(len(slots), dtype=bool)
    target_match = np.zeros(len(slots), dtype=bool)
    if source is not None and not source.is_query:
        for i, p in enumerate(profiles):
            if p is None:
                continue
            stage_match[i] = bool(source.stage and p.stage == source.stage)
            target_match[i] = bool(source.ecosystem and source.ecosystem in p.target_ecosystems)
        score = score + w.stage * stage_match + w.target_market * target_match

    order = np.argsort(-(score + prior), kind="stable")[:k]
    matches = []
    source_concepts = glossary.concepts_in(source.full_text) if source is not None else {}
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
        if prior[i]:
            signals["sector_prior"] = round(float(prior[i]), 4)
        raw = round(float(score[i] + prior[i]), 6)
        matched = strength(float(score[i]), search=is_search)
        explanation: dict[str, Any] = {
            "strength": matched,
            "signals": signals,
            "shared_terms": lex.shared_terms(qids, int(slots[i])),
        }
        if source_concepts:
            term_pairs = glossary.pairs("", p.full_text, source=source_concepts)
            if term_pairs:
                explanation["term_pairs"] = [list(pair) for pair in term_pairs]
        matches.append(Match(id=p.id, score=raw, strength=matched, explanation=explanation))
    return matches


def answered_by_mask(catalog: Catalog, target: Profile) -> BoolArray:
    """Live profiles (organizations and opportunities) for which `target` is an allowed
    counterpart by type and border (`counterparts` read backwards). Target ecosystems of
    the sources are not in the mask: `reverse` checks them on its short list."""
    n = catalog.size
    mask = catalog.live_mask()
    kinds = catalog.kind.values[:n]
    opp = kinds == catalog.kind.code(Kind.OPPORTUNITY)
    org = kinds == catalog.kind.code(Kind.ORGANIZATION)
    mask &= opp | org
    if target.kind not in (Kind.OPPORTUNITY, Kind.ORGANIZATION):
        return mask & False
    target_is_opp = target.kind == Kind.OPPORTUNITY
    # opportunity sources whose rule admits the target (types without a rule admit anything)
    allowed_opp = [t for t, (opps, orgs) in COMPLEMENTS.items()
                   if target.type in (opps if target_is_opp else orgs)]
    ruled_opp = catalog.type.mask(n, COMPLEMENTS)
    opp_ok = ~ruled_opp | catalog.type.mask(n, allowed_opp)
    allowed_org = [t for t, (opps, orgs) in ORGANIZATION_COUNTERPARTS.items()
                   if (opps if target_is_opp else orgs) is None
                   or target.type in (opps if target_is_opp else orgs)]  # type: ignore[operator]
    ruled_org = catalog.type.mask(n, ORGANIZATION_COUNTERPARTS)
    org_ok = ~ruled_org | catalog.type.mask(n, allowed_org)
    mask &= (opp & opp_ok) | (org & org_ok)
    # across the border: a source with a home needs a target with another known home
    eco = catalog.ecosystem.values[:n]
    if target.ecosystem is None:
        mask &= eco < 0
    else:
        mask &= eco != catalog.ecosystem.code(target.ecosystem)
    slot = catalog.slot_of.get(target.id)
    if slot is not None:
        mask[slot] = False
    return mask


def reverse(
    catalog: Catalog,
    *,
    target: Profile,
    target_vector: npt.NDArray[np.float32],
    limit: int = 50,
    weights: Weights | None = None,
) -> list[Match]:
    """The profiles whose own ranking `target` would enter highest: for each, the score
    `target` gets in that ranking (`Match.id` is the source's id). The score is the one
    `rank` gives, except that a term repeated in the source counts once in its lexical part.
    A caller compares it with each source's current last stored score to know whose list
    `target` now belongs to (reverse top-k)."""
    w = weights or Weights()
    if limit <= 0 or not len(catalog):
        return []
    mask = answered_by_mask(catalog, target)
    # dense part of every source's score for the target: cosine of the source's vector
    # with the target's row after the language shift `dense_scores` applies to targets
    shift = catalog.language_shift()
    row = np.asarray(target_vector, dtype=np.float32)
    if shift is not None:
        row = row - shift[catalog.lang.code(target.lang) if target.lang in catalog.lang.code_of else -1]
        row = row / max(float(np.linalg.norm(row)), 1e-6)
    slots, dense = catalog.vectors.top(row, max(4 * limit, 100), mask=mask)
    if not len(slots):
        return []
    lex = catalog.lexical
    tslot = catalog.slot_of.get(target.id)
    hub = float(catalog.vectors.hubness()[tslot]) if tslot is not None else 0.0
    from collections import Counter

    from liaison.matching.lang import analyze

    tf = Counter(analyze(target.full_text))
    doc_len = sum(tf.values())
    avgdl = max(lex.total_len / max(lex.n_live, 1), 1.0)
    norm = lex.k1 * (1.0 - lex.b + lex.b * doc_len / avgdl)
    out = []
    for slot, cos in zip(slots.tolist(), dense.tolist(), strict=True):
        source = catalog.profiles[slot]
        if source is None or (source.target_ecosystems and target.ecosystem not in source.target_ecosystems):
            continue
        ids = lex.doc_terms[slot].tolist()
        info = sum(lex.idf(t) for t in ids) * (lex.k1 + 1.0) or 1.0
        bm25 = 0.0
        for t in ids:
            f = tf.get(lex.terms[t], 0)
            if f:
                bm25 += lex.idf(t) * f * (lex.k1 + 1.0) / (f + norm)
        score = (w.dense_offset + w.dense_scale * (cos - w.hubness * hub)
                 + w.lexical * bm25 / info)
        if source.sectors and target.sectors:
            share = sum(1 for s in target.sectors if s in source.sectors) / len(source.sectors)
            score += w.sectors * min(1.0, share)
        if source.stage and target.stage == source.stage:
            score += w.stage
        if source.ecosystem and source.ecosystem in target.target_ecosystems:
            score += w.target_market
        raw = round(score, 6)
        out.append(Match(id=source.id, score=raw, strength=strength(raw, search=False)))
    out.sort(key=lambda m: -m.score)
    return out[:limit]


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
