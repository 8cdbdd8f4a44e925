"""Recommendations in an event's participant marketplace.

A small in-memory `liaison.matching` index per event (with the process's one embedder), built from the registered
organizations' profiles (name, description, sectors, ecosystem); each participant gets the
other participants ranked as complementary counterparts, with the engine's reasons in the
reader's language (sectors by their translated names). The index is cached per event and
rebuilt when the set of registrations changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from liaison.common import embedding
from liaison.directory.models import Sector
from liaison.events.models import Event, Registration
from liaison.matching import Embedder, MatchIndex, Profile

_lock = threading.Lock()
_cache: dict[int, tuple[tuple[int, ...], MatchIndex]] = {}


@dataclass(frozen=True)
class Recommendation:
    registration: Registration
    score: float
    reasons: list[str]


def set_embedder(embedder: Embedder | None) -> None:
    """Use another embedder for the whole process (tests use a small deterministic one)."""
    embedding.use_embedder(embedder)
    with _lock:
        _cache.clear()


def _profile(r: Registration) -> Profile:
    org = r.organization
    return Profile(
        id=f"r{r.pk}", kind="organization", type=org.kind, title=org.name,
        text=org.description or org.name, lang=org.language,
        sectors=tuple(s.code for s in org.sectors.all()), ecosystem=org.ecosystem.code,
    )


def _index(event: Event, registrations: list[Registration]) -> MatchIndex:
    """The event's index: built once (at start-up by `warmup`, or on first use), then kept in
    step incrementally: a new registration embeds one profile, not the whole event again."""
    key = tuple(sorted(r.pk for r in registrations))
    with _lock:
        hit = _cache.get(event.pk)
        if hit and hit[0] == key:
            return hit[1]
        if hit is None:
            index = MatchIndex.open(None, embedder=embedding.embedder())
            index.upsert_many([_profile(r) for r in registrations])
        else:
            index = hit[1]
            known, now = set(hit[0]), set(key)
            for gone in known - now:
                index.remove(f"r{gone}")
            new = [r for r in registrations if r.pk not in known]
            if new:
                index.upsert_many([_profile(r) for r in new])
        _cache[event.pk] = (key, index)
        return index


def warm(event: Event) -> None:
    """Build the event's index ahead of the first visit to its marketplace."""
    registrations = list(event.registrations.filter(waitlisted=False).select_related("organization__ecosystem")
                         .prefetch_related("organization__sectors"))
    if len(registrations) >= 2:
        _index(event, registrations)


def _reasons(explanation: dict[str, Any], sectors: dict[str, Sector]) -> list[str]:
    """The engine's explanation in words; `sectors` (code -> Sector) names the sectors."""
    signals = explanation.get("signals", {})
    out = []
    if signals.get("sectors"):
        labels = [sectors[code].label if code in sectors else code for code in signals["sectors"]]
        out.append(_("shared sectors: %(sectors)s") % {"sectors": ", ".join(labels)})
    terms = explanation.get("shared_terms") or []
    if terms:
        out.append(_("common terms: %(terms)s") % {"terms": ", ".join(terms[:5])})
    if signals.get("language") == "cross":
        out.append(_("across languages"))
    return out


def recommendations(registration: Registration, *, k: int = 5) -> list[Recommendation]:
    """The best counterparts for `registration` among the event's other participants."""
    event = registration.event
    registrations = list(
        event.registrations.filter(waitlisted=False).select_related("organization__ecosystem")
        .prefetch_related("organization__sectors")
    )
    if len(registrations) < 2:
        return []
    by_code = {f"r{r.pk}": r for r in registrations}
    sectors = {s.code: s for r in registrations for s in r.organization.sectors.all()}
    index = _index(event, registrations)
    mine = by_code[f"r{registration.pk}"]
    out = []
    for match in index.rank(_profile(mine), k=k + 1):
        other = by_code.get(match.id)
        if other is None or other.pk == registration.pk:
            continue
        out.append(Recommendation(other, float(match.score), _reasons(dict(match.explanation), sectors)))
    return out[:k]
