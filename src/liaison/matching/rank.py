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

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from liaison.matching import glossary
from liaison.matching.calibration import strength
from liaison.matching.catalog import BoolArray, Catalog, Codes
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
    inferred_sectors: float = 0.7
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
    # softmax temperature over their scores, and the share of a neighbour's hubness taken off
    # (besides `hubness`) for this vote only: a hub is near many profiles of every sector, so
    # its vote says little about the query's (both chosen on the clean dev set's deb-similar)
    sector_temperature: float = 0.02
    sector_hubness: float = 0.3


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


def candidate_mask(
    catalog: Catalog,
    source: Profile | None,
    filters: Filters | None,
    *,
    slots: npt.NDArray[np.int64] | None = None,
) -> BoolArray:
    """Live slots that the rules and the filters allow for `source` (None: a plain search);
    with `slots`, the same answer for those slots only (one entry per slot)."""
    n = catalog.size
    if slots is None:
        mask = catalog.live_mask()

        def at(codes: Codes, allowed: Iterable[str | None]) -> BoolArray:
            return codes.mask(n, allowed)

        def values(codes: Codes) -> npt.NDArray[np.int32]:
            return codes.values[:n]
    else:
        mask = catalog.vectors.live[slots].copy()

        def at(codes: Codes, allowed: Iterable[str | None]) -> BoolArray:
            return codes.mask_at(slots, allowed)

        def values(codes: Codes) -> npt.NDArray[np.int32]:
            return codes.values[slots]
    rule = counterparts(source) if source is not None else Counterparts(search=True)
    if not rule.search:
        kinds = values(catalog.kind)
        assert rule.kinds is not None
        mask &= at(catalog.kind, rule.kinds)
        opp = kinds == catalog.kind.code(Kind.OPPORTUNITY)
        org = kinds == catalog.kind.code(Kind.ORGANIZATION)
        if rule.opportunity_types is not None:
            mask &= ~opp | at(catalog.type, rule.opportunity_types)
        if rule.organization_types is not None:
            mask &= ~org | at(catalog.type, rule.organization_types)
        if rule.home is not None:
            eco = values(catalog.ecosystem)
            mask &= (eco != catalog.ecosystem.code(rule.home)) & (eco >= 0)
            if rule.targets:
                mask &= at(catalog.ecosystem, rule.targets)
    if filters is not None:
        if filters.kinds is not None:
            mask &= at(catalog.kind, filters.kinds)
        if filters.types is not None:
            mask &= at(catalog.type, filters.types)
        if filters.ecosystems is not None:
            mask &= at(catalog.ecosystem, filters.ecosystems)
        if filters.langs is not None:
            mask &= at(catalog.lang, filters.langs)
        if filters.stages is not None:
            mask &= at(catalog.stage, filters.stages)
        if filters.sectors is not None:
            sectors = catalog.sectors_mask(filters.sectors)
            mask &= sectors if slots is None else sectors[slots]
    excluded = set(filters.exclude_ids) if filters is not None else set()
    if source is not None:
        excluded.add(source.id)
    for pid in excluded:
        slot = catalog.slot_of.get(pid)
        if slot is None:
            continue
        if slots is None:
            mask[slot] = False
        else:
            mask[slots == slot] = False
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
    """The best `k` counterparts (or search results) with their explanations.

    The candidates are the union of the dense retriever's and the lexical retriever's best
    `Weights.candidates` (at least 2k) among the slots the rules allow; `_Fused` scores
    them and `_Fused.matches` explains the best."""
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
    fused = _Fused(catalog, source, query_vector, query_terms, slots, lex_all[slots], w)
    return fused.matches(fused.order()[:k], query_lang)


class _Fused:
    """The fused score of candidate `slots` (sorted) for one source, as `rank` orders them:
    dense + lexical + hubness + sectors + stage + target market. A list re-scored on its
    members (`insert`) goes through the same code, so it gets the same numbers."""

    def __init__(
        self,
        catalog: Catalog,
        source: Profile | None,
        query_vector: npt.NDArray[np.float32],
        query_terms: Sequence[str],
        slots: npt.NDArray[np.int64],
        lexical_raw: npt.NDArray[np.float32],
        w: Weights,
    ) -> None:
        self.catalog, self.source, self.slots = catalog, source, slots
        lex = catalog.lexical
        self.qids = lex.query_ids(query_terms)
        query_info = sum(lex.idf(t) for t in self.qids) * (lex.k1 + 1.0) or 1.0
        self.dense = dense = catalog.dense_scores(query_vector, slots)
        self.lexical = lexical = lexical_raw / query_info
        score = w.dense_offset + w.dense_scale * dense + w.lexical * lexical
        if w.hubness:
            score = score - w.hubness * w.dense_scale * catalog.vectors.hubness()[slots]

        self.profiles = profiles = [catalog.profiles[int(s)] for s in slots]
        vote = score
        if w.sector_hubness:
            vote = score - w.sector_hubness * w.dense_scale * catalog.vectors.hubness()[slots]
        self.sector_weight, self.inferred = _sector_weights(source, profiles, vote, w)
        sector_signal = np.zeros(len(slots), dtype=np.float32)
        # a search's inferred sectors weigh more in its order (`Weights.inferred_sectors`), but
        # its strength is read from the score with the common sector weight, the scale on which
        # the strength curve was fitted (a prior from the neighbours is not evidence of the pair);
        # the extra part is `signals["sector_prior"]`
        self.is_search = source is None or source.is_query
        self.prior = np.zeros(len(slots), dtype=np.float32)
        if self.sector_weight:
            for i, p in enumerate(profiles):
                if p is not None and p.sectors:
                    sector_signal[i] = min(1.0, sum(self.sector_weight.get(s, 0.0) for s in p.sectors))
            score = score + w.sectors * sector_signal
            if self.inferred and self.is_search:
                self.prior = (w.inferred_sectors - w.sectors) * sector_signal
        self.stage_match = np.zeros(len(slots), dtype=bool)
        self.target_match = np.zeros(len(slots), dtype=bool)
        if source is not None and not source.is_query:
            for i, p in enumerate(profiles):
                if p is None:
                    continue
                self.stage_match[i] = bool(source.stage and p.stage == source.stage)
                self.target_match[i] = bool(source.ecosystem and source.ecosystem in p.target_ecosystems)
            score = score + w.stage * self.stage_match + w.target_market * self.target_match
        self.score = score

    def order(self) -> npt.NDArray[np.int64]:
        """Positions in `slots`, best first (ties: the lower slot first)."""
        return np.argsort(-(self.score + self.prior), kind="stable")

    def raw(self, i: int) -> float:
        """The score `Match.score` reports for position `i`."""
        return round(float(self.score[i] + self.prior[i]), 6)

    def matches(self, order: npt.NDArray[np.int64], query_lang: str | None) -> list[Match]:
        source, lex = self.source, self.catalog.lexical
        matches = []
        source_concepts = glossary.cached_concepts(source.full_text) if source is not None else {}
        for i in order.tolist():
            p = self.profiles[i]
            assert p is not None
            signals: dict[str, Any] = {
                "dense": round(float(self.dense[i]), 4),
                "lexical": round(float(self.lexical[i]), 4),
            }
            shared_sectors = [s for s in p.sectors if s in self.sector_weight]
            if shared_sectors:
                signals["sectors"] = shared_sectors
                if self.inferred:
                    signals["sectors_inferred"] = True
            if source is not None and source.stage and p.stage:
                signals["stage"] = "match" if self.stage_match[i] else "differs"
            if query_lang and p.lang:
                signals["language"] = "same" if p.lang == query_lang else "cross"
            if self.target_match[i]:
                signals["target_market"] = True
            if self.prior[i]:
                signals["sector_prior"] = round(float(self.prior[i]), 4)
            matched = strength(float(self.score[i]), search=self.is_search)
            explanation: dict[str, Any] = {
                "strength": matched,
                "signals": signals,
                "shared_terms": lex.shared_terms(self.qids, int(self.slots[i])),
            }
            if source_concepts:
                term_pairs = glossary.pairs("", p.full_text, source=source_concepts)
                if term_pairs:
                    explanation["term_pairs"] = [list(pair) for pair in term_pairs]
            matches.append(Match(id=p.id, score=self.raw(i), strength=matched, explanation=explanation))
        return matches


def insert(
    catalog: Catalog,
    *,
    source: Profile,
    query_vector: npt.NDArray[np.float32],
    query_terms: Sequence[str],
    listed: Sequence[tuple[str, float]],
    changed: str,
    k: int,
    weights: Weights | None = None,
) -> list[Match] | None:
    """The list `rank` would now give `source` after profile `changed` was added, edited or
    removed, worked out from the list it had before (`listed`: its (id, score) pairs, the
    `k` best of its last ranking) instead of ranking again: the members and the changed
    profile are scored with `rank`'s own fusion (`_Fused`), on the catalog as it is now, and
    the best `k` kept. None when only a full ranking can tell:

    - a member left the index or no longer answers the source (the next counterpart would
      move up, and only a ranking knows it), or the changed profile was listed and left;
    - the changed profile was listed and now scores below the list's old last score (a
      counterpart outside the list may now beat it);
    - the source declares no sectors (its sector weights come from its 30 best
      candidates, not from its list);
    - the changed profile would enter, or stay, but `rank`'s candidates (the dense and the
      lexical retrievers' best `Weights.candidates`) may not hold it: it is let in only
      when its dense part alone beats the list's last score by more than any other
      profile's language shift and hubness could change (`_among_dense_candidates`).

    Not checked: a member that the changed profile pushes out of exactly the last place of
    both retrievers' candidates (a full ranking would drop it although it beats the list's
    other counterparts on the score; here it stays)."""
    w = weights or Weights()
    if k <= 0 or source.is_query or not source.sectors or source.id == changed:
        return None
    holding = any(pid == changed for pid, _ in listed)
    members: list[int] = []
    for pid, _ in listed:
        if pid == changed:
            continue
        slot = catalog.slot_of.get(pid)
        if slot is None:
            return None
        members.append(slot)
    pslot = catalog.slot_of.get(changed)
    asked = np.asarray(members + ([pslot] if pslot is not None else []), dtype=np.int64)
    allowed = candidate_mask(catalog, source, None, slots=asked)
    if not allowed[: len(members)].all():
        return None
    if pslot is not None and not allowed[-1]:
        pslot = None
    if holding and pslot is None:
        return None
    slots = np.unique(asked if pslot is not None else asked[: len(members)])
    if not len(slots):
        return []
    lex_raw = catalog.lexical.scores_at(query_terms, slots)
    fused = _Fused(catalog, source, query_vector, query_terms, slots, lex_raw, w)
    order = fused.order()
    if pslot is not None:
        at = int(np.searchsorted(slots, pslot))
        others = order[order != at]
        if holding and len(listed) >= k:
            old_last = min(score for _, score in listed)
            if fused.raw(at) < old_last:
                return None
            # the k-1 others and one counterpart outside the list: its place is at most
            # the others' last one
            bar = float(fused.score[others[k - 2]]) if k > 1 else None
        elif not holding and at in order[:k].tolist() and len(others) >= k:
            bar = float(fused.score[others[k - 1]])
        else:
            bar = None  # not entering, or a list that is not full: every candidate is in it
        if bar is not None and not _surely_among_candidates(catalog, query_vector, pslot, bar, w):
            # Not sure: ask the retrievers, as `rank` does (without scoring), whether the
            # changed profile is among the candidates, and the members still are.
            *members_found, p_found = _among_candidates(
                catalog, source, query_vector, query_terms, [*members, pslot], k, w)
            if not all(members_found):
                return None
            if not p_found:
                if holding:
                    return None
                order = others
    return fused.matches(order[:k], source.lang)


def _surely_among_candidates(
    catalog: Catalog, query_vector: npt.NDArray[np.float32], slot: int, bar: float, w: Weights
) -> bool:
    """Whether `slot` is surely among the dense retriever's best `w.candidates` for the
    query, given that fewer than `k` (< `w.candidates`) candidates score above `bar`.

    Were it not, `w.candidates` others with a plain cosine at least its own would be
    candidates, each scoring at least `dense_offset + dense_scale * (the lowest shifted
    cosine such a row can have - hubness share * the largest hubness)`: above `bar` if
    that bound is, more than can score above it."""
    query = np.asarray(query_vector, dtype=np.float32)
    cosine = float(catalog.vectors.matrix[slot] @ query) - 1e-6
    hub_max = catalog.vectors.hub_max()
    floor = w.dense_offset + w.dense_scale * (
        catalog.shifted_floor(query, cosine) - w.hubness * max(hub_max, 0.0)
    )
    return floor > bar + 1e-6


def _among_candidates(
    catalog: Catalog,
    source: Profile,
    query_vector: npt.NDArray[np.float32],
    query_terms: Sequence[str],
    slots: Sequence[int],
    k: int,
    w: Weights,
) -> list[bool]:
    """For each of `slots`, whether `rank` scores it for `source`: among the dense
    retriever's best, or else the lexical retriever's (asked only when needed)."""
    mask = candidate_mask(catalog, source, None)
    fetch = max(w.candidates, 2 * k)
    dense_slots, _ = catalog.vectors.top(query_vector, fetch, mask=mask)
    dense = set(dense_slots.tolist())
    found = [slot in dense for slot in slots]
    if not all(found):
        lexical = set(_top(catalog.lexical.scores(query_terms), mask, fetch).tolist())
        found = [ok or slot in lexical for ok, slot in zip(found, slots, strict=True)]
    return found


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
    `target` gets in that ranking (`Match.id` is the source's id): the score `rank` gives
    (the source's terms weighed by their counts, as in its query), up to the last bits, for
    a source that declares sectors (one without infers them from its neighbours).
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
    stored = catalog.profiles[tslot] if tslot is not None else None
    if stored is not None and stored.full_text == target.full_text:
        target_terms = lex.query_of(tslot)  # type: ignore[arg-type]
    else:
        from liaison.matching.lang import analyze

        target_terms = analyze(target.full_text)
    # the target's term frequencies by term id, sorted for lookups
    tf = Counter(tid for t in target_terms if (tid := lex.vocab.get(t)) is not None)
    t_ids = np.asarray(sorted(tf), dtype=np.int64)
    t_tf = np.asarray([tf[t] for t in t_ids.tolist()], dtype=np.float64)
    doc_len = len(target_terms)
    avgdl = max(lex.total_len / max(lex.n_live, 1), 1.0)
    norm = lex.k1 * (1.0 - lex.b + lex.b * doc_len / avgdl)
    kept = [(slot, cos) for slot, cos in zip(slots.tolist(), dense.tolist(), strict=True)
            if (source := catalog.profiles[slot]) is not None
            and not (source.target_ecosystems and target.ecosystem not in source.target_ecosystems)]
    if not kept:
        return []
    # Each source's lexical part in one pass over all their terms: its query's information
    # (the idf of its terms) and the BM25 of the target for its terms, each term weighed by
    # its count in the source, as `rank` weighs a query's terms.
    ids = [lex.doc_terms[slot] for slot, _ in kept]
    lengths = np.asarray([len(a) for a in ids], dtype=np.int64)
    all_ids = np.concatenate(ids) if ids else np.zeros(0, np.int64)
    all_counts = np.concatenate([lex.doc_counts[slot] for slot, _ in kept]).astype(np.float64)
    idf = lex.idf_of(all_ids)
    pos = np.minimum(np.searchsorted(t_ids, all_ids), max(len(t_ids) - 1, 0))
    f = np.where(t_ids[pos] == all_ids, t_tf[pos], 0.0) if len(t_ids) else np.zeros(len(all_ids))
    contrib = idf * all_counts * f * (lex.k1 + 1.0) / (f + norm)
    owner = np.repeat(np.arange(len(kept)), lengths)
    info = np.bincount(owner, weights=idf, minlength=len(kept)) * (lex.k1 + 1.0)
    bm25 = np.bincount(owner, weights=contrib, minlength=len(kept))
    out = []
    for i, (slot, cos) in enumerate(kept):
        source = catalog.profiles[slot]
        assert source is not None
        score = (w.dense_offset + w.dense_scale * (cos - w.hubness * hub)
                 + w.lexical * float(bm25[i]) / (float(info[i]) or 1.0))
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
    sectors inherits the sector distribution of its best neighbours (`score`: their votes,
    softmax-weighted), a guess about what it is about that lifts the counterparts of the
    same field.
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
