"""Cold start (#17 item 8): the heavy parts of the events pages load when a process starts,
not in a visitor's first request; the marketplace's index then follows registrations one
profile at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from liaison.common import warmup
from liaison.events import recommend, services
from tests.factories import make_organization
from tests.matching.support import WordHashEmbedder

pytestmark = pytest.mark.django_db


class CountingEmbedder(WordHashEmbedder):
    def __init__(self) -> None:
        self.passages: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> Any:
        self.passages += list(texts)
        return super().embed_passages(texts)


def test_the_web_warm_up_builds_open_events_indexes_and_the_worker_skips_them(world: Any, ew: Any) -> None:
    embedder = CountingEmbedder()
    recommend.set_embedder(embedder)
    assert not {"events.marketplace", "matching.lexicon"} & set(warmup.run("worker"))
    assert ew.event.pk not in recommend._cache
    from liaison.matching import lexicon

    lexicon._dictionary.cache_clear()
    names = warmup.run("web")
    assert lexicon._dictionary.cache_info().currsize == 1  # a Chinese search then waits for nothing
    assert {"events.pdf", "events.marketplace", "matching.lexicon"} <= set(names)
    assert ew.event.pk in recommend._cache
    # the model answered once, then the three registrations were embedded at start-up
    assert embedder.passages[0] == "warm up" and len(embedder.passages[1:]) == 3


def test_a_new_registration_embeds_one_profile_not_the_whole_event(world: Any, ew: Any) -> None:
    embedder = CountingEmbedder()
    recommend.set_embedder(embedder)
    recommend.warm(ew.event)
    embedder.passages.clear()
    firm = make_organization(world.sc, ecosystem="tel-aviv", name="Eilat Solar",
                             description="Solar storage for hotels")
    services.register(ew.event, by=world.other_officer, organization=firm,
                      attendees=[{"name": "Ido", "languages": ["he"]}])
    recs = recommend.recommendations(ew.home)
    assert embedder.passages == ["Eilat Solar\nSolar storage for hotels"]
    assert "Eilat Solar" in [r.registration.organization.name for r in recs]
