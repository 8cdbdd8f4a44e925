"""The match index's system of record is the database; every process's index is a cache."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.matching import Profile
from tests.matching.support import WordHashEmbedder


class SmallerModel(WordHashEmbedder):
    model_id = "test/smaller"
    dim = 32


@pytest.fixture
def engine(settings: Any, tmp_path: Any, monkeypatch: Any) -> Any:
    from liaison.common import embedding
    from liaison.matchmaking import engine

    settings.LIAISON_MATCH_INDEX_DIR = tmp_path / "cache-a"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(embedding, "_embedder", WordHashEmbedder())
    monkeypatch.setattr(engine, "_index", None)
    yield engine
    engine.use()


def opp(i: int, text: str) -> Profile:
    return Profile(id=f"opp-{i}", kind="opportunity", type="technology_offer", title=text,
                   text=text, lang="en", ecosystem="tel-aviv")


def test_a_process_with_an_empty_cache_rebuilds_the_index_from_the_database(db, engine, settings, tmp_path):
    from liaison.matchmaking.models import IndexProfile

    engine.index().upsert_many([opp(1, "solar panels"), opp(2, "drip irrigation")])
    engine.index().remove("opp-2")
    assert list(IndexProfile.objects.values_list("key", flat=True)) == ["opp-1"]
    engine.use()
    settings.LIAISON_MATCH_INDEX_DIR = tmp_path / "another-machine"
    assert engine.index().ids() == ["opp-1"]
    assert engine.index().search("solar panels", k=1)[0].id == "opp-1"


def test_a_restored_database_is_followed_from_scratch(db, engine):
    from liaison.matchmaking.models import IndexProfile, IndexState

    index = engine.index()
    index.upsert(opp(1, "solar panels"))
    # A restore replaces the tables: another epoch, a sequence that started again.
    IndexProfile.objects.all().delete()
    IndexState.objects.update(epoch="restored", seq=0)
    assert index.ids() == []
    index.upsert(opp(7, "water desalination"))
    assert index.ids() == ["opp-7"]


def test_a_new_embedding_model_re_embeds_the_index_in_the_background(world, engine, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    from liaison.common import embedding
    from liaison.matchmaking import services
    from liaison.matchmaking.models import IndexProfile, IndexState, Match
    from tests.factories import make_opportunity

    request = make_opportunity(world.home_firm, status="published", type="technology_request",
                               title="battery management for grid storage",
                               description="battery management system for grid storage")
    offer = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                             title="Battery management system", description="grid storage BMS")
    for o in (offer, request):
        services.sync_opportunity(o.pk)
    assert IndexProfile.objects.filter(model_id="test/word-hash").count() == 2
    monkeypatch.setattr(embedding, "_embedder", SmallerModel())
    with django_capture_on_commit_callbacks(execute=True):
        index = engine.index()  # no crash: the model change is noticed, the worker re-embeds
    assert IndexState.objects.get().model_id == "test/smaller"
    assert set(IndexProfile.objects.values_list("model_id", flat=True)) == {"test/smaller"}
    assert index.reembedding() == (IndexProfile.objects.count(),) * 2
    best = Match.objects.filter(source_key=f"opp-{request.pk}").order_by("-score").first()
    assert best is not None and best.target_key == f"opp-{offer.pk}"
