"""The match strength (one calibrated 0-100 number and its words), a stored profile ranked
with its stored vector, and reverse top-k (whose lists a changed profile enters)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from liaison.matching import MatchIndex, calibration

from .support import WordHashEmbedder, profile


class SymmetricWords(WordHashEmbedder):
    """The test embedder declared symmetric (same vectors both sides), counting its texts."""

    symmetric = True

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return super()._encode(texts)


def test_strength_is_a_monotone_0_to_100_scale_with_words_from_the_number() -> None:
    values = [calibration.strength(s) for s in np.linspace(-1.0, 2.0, 61)]
    assert values == sorted(values) and values[0] == 0 and values[-1] == 100
    assert calibration.word(calibration.STRONG) == "strong"
    assert calibration.word(calibration.STRONG - 1) == "good"
    assert calibration.word(calibration.GOOD) == "good"
    assert calibration.word(calibration.GOOD - 1) == "possible"


def test_every_match_carries_its_strength_in_the_explanation(words: WordHashEmbedder) -> None:
    index = MatchIndex.open(None, embedder=words)
    index.upsert_many([
        profile("offer", type="technology_offer", text="battery storage grid", ecosystem="tel-aviv"),
        profile("other", type="technology_offer", text="drip irrigation", ecosystem="tel-aviv"),
    ])
    request = profile("req", type="technology_request", text="battery storage", ecosystem="beijing")
    found = index.rank(request, k=2)
    assert [m.id for m in found] == ["offer", "other"]
    for m in found:
        assert m.strength == m.explanation["strength"] == calibration.strength(m.score)
    assert found[0].strength >= found[1].strength


def test_a_stored_profile_is_ranked_with_its_stored_vector() -> None:
    embedder = SymmetricWords()
    index = MatchIndex.open(None, embedder=embedder)
    request = profile("req", type="technology_request", text="battery storage", ecosystem="beijing")
    index.upsert_many([request, profile("offer", type="technology_offer", text="battery storage",
                                        ecosystem="tel-aviv")])
    embedder.embedded.clear()
    assert [m.id for m in index.rank(request, k=1)] == ["offer"]
    assert index.rank_many([request], k=1)[0][0].id == "offer"
    assert embedder.embedded == []  # nothing re-embedded
    edited = request.with_changes(text="battery storage for the grid")
    index.rank(edited, k=1)
    assert embedder.embedded == [edited.full_text]  # changed text: embedded as a query


def test_reverse_finds_the_sources_whose_ranking_a_new_offer_enters(words: WordHashEmbedder) -> None:
    index = MatchIndex.open(None, embedder=words)
    sources = [
        profile("bj-battery", type="technology_request", text="battery storage grid",
                ecosystem="beijing"),
        profile("bj-water", type="technology_request", text="drip irrigation water",
                ecosystem="beijing"),
        profile("bj-invest", type="investment_request", text="battery storage grid",
                ecosystem="beijing"),  # an investment request is not answered by a tech offer
        profile("ta-request", type="technology_request", text="battery storage grid",
                ecosystem="tel-aviv"),  # same ecosystem as the offer: not across the border
        profile("sh-battery", type="technology_request", text="battery storage grid",
                ecosystem="shanghai", target_ecosystems=("haifa",)),  # looks elsewhere
    ]
    offer = profile("ta-offer", type="technology_offer", text="battery storage grid management",
                    ecosystem="tel-aviv")
    index.upsert_many([*sources, offer])
    found = index.reverse(offer, limit=10)
    assert [m.id for m in found][:2] == ["bj-battery", "bj-water"]
    assert {m.id for m in found} == {"bj-battery", "bj-water"}
    # the score is the one the source's own ranking gives the offer
    own = {m.id: m.score for m in index.rank(sources[0], k=5)}
    assert abs(found[0].score - own["ta-offer"]) < 1e-4
