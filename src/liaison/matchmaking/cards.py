"""One card per counterpart: a source's matches with opportunities of the same organization
(near-duplicates, or several posts of one firm) shown as one card, the best of them, that
says how many similar ones it stands for. An organization's own card stays apart: it names
the organization, and its opportunities are anonymous until an introduction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from liaison.matchmaking.models import Match


def counterpart_id(match: Match) -> int | None:
    """The organization on the other side of a match."""
    if match.target_opportunity_id:
        return match.target_opportunity.organization_id  # type: ignore[union-attr]
    return match.target_organization_id


def one_per_counterpart(matches: Iterable[Match]) -> list[Match]:
    """`matches` (best first) with each source's later matches to an organization already
    shown folded into the first one: `card.similar` lists them (best first)."""
    cards: list[Match] = []
    first: dict[tuple[str, int | None], Any] = {}
    for m in matches:
        key = (m.source_key, counterpart_id(m))
        card = first.get(key)
        if card is None or key[1] is None or not m.target_opportunity_id:
            m.similar = []  # type: ignore[attr-defined]
            if m.target_opportunity_id:
                first[key] = m
            cards.append(m)
        else:
            card.similar.append(m)
    return cards
