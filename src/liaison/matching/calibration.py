"""Match strength: the engine's raw score turned into one 0-100 number with one meaning.

The raw score (cosine after centring and hubness correction, plus the lexical and structured
signals) orders results but means little to a reader: it is not a probability and its scale
moves with every change of the engine. The strength is the probability, in per cent, that a
result with this raw score is relevant, as measured on the shared benchmark: a logistic
curve `p = 1 / (1 + exp(-(a + b * score)))` fitted by `bench/matching.py --calibrate` on
the calibration half of every task's queries (the queries of even position), the other half
kept to check it (docs/matching.md, "Match strength"). A profile's own counterparts and a
search have one curve each: searches were fitted on the five translation tasks and
techmap-similar; profile-to-profile matching on techmap-similar alone, the one task whose
queries are company profiles and whose relevance is "the same kind of company".

The words come from the number, the same on every page, in the API and in e-mail:
`strong` from 70, `good` from 45, `possible` below.
"""

from __future__ import annotations

import math

# (a, b) of the logistic curve per use; refit with `bench/matching.py --calibrate` after any
# change of the engine's scoring. Fitted on 2026-12-05 in the evening, after Chinese searches
# were embedded with their English glosses and a search's inferred sectors weighed 0.7
# (held-out Brier score: 0.03-0.05 on the translation tasks, 0.19 on techmap-similar); the
# fit of that morning was (-74.81, 80.70) and (-31.31, 34.02), of 2026-12-04 (-69.51, 74.84)
# and (-28.67, 31.08).
SEARCH = (-76.20, 82.13)
PROFILE = (-30.97, 33.70)

STRONG = 70
GOOD = 45
WORDS = ("possible", "good", "strong")


def probability(score: float, *, search: bool = False) -> float:
    a, b = SEARCH if search else PROFILE
    z = a + b * score
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def strength(score: float, *, search: bool = False) -> int:
    """0-100: the per-cent chance that a result with this raw score is relevant."""
    return max(0, min(100, round(100 * probability(score, search=search))))


def word(value: int) -> str:
    """"strong", "good" or "possible" for a strength (the words' thresholds live here)."""
    if value >= STRONG:
        return "strong"
    if value >= GOOD:
        return "good"
    return "possible"
