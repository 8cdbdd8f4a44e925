"""The persistent index: add, replace, remove; several processes on one directory."""

import subprocess
import sys
import time

import numpy as np

from liaison.matching import MatchIndex

from .support import WordHashEmbedder, profile


def test_upsert_replace_and_remove_one_profile(tmp_path, words):
    index = MatchIndex.open(tmp_path / "idx", embedder=words)
    index.upsert(profile("a", text="solar panels", ecosystem="beijing"))
    index.upsert(profile("b", text="drip irrigation", ecosystem="beijing"))
    assert index.search("solar", k=1)[0].id == "a"
    index.upsert(profile("a", text="water desalination", ecosystem="beijing"))
    assert index.search("desalination", k=1)[0].id == "a"
    assert [m.id for m in index.search("solar", k=5) if m.explanation["shared_terms"]] == []
    assert index.remove("a") is True
    assert index.remove("a") is False
    assert "a" not in index
    assert index.ids() == ["b"]


def test_a_reopened_index_has_the_same_profiles_and_rankings(tmp_path, words):
    path = tmp_path / "idx"
    with MatchIndex.open(path, embedder=words) as index:
        index.upsert_many([profile(f"p{i}", text=f"topic{i} shared") for i in range(20)])
        index.remove("p3")
        before = [(m.id, m.score) for m in index.search("topic7 shared", k=5)]
    with MatchIndex.open(path, embedder=words) as again:
        assert len(again) == 19
        assert again.get("p7").text == "topic7 shared"
        assert [(m.id, m.score) for m in again.search("topic7 shared", k=5)] == before


def test_a_change_made_through_one_connection_is_seen_by_another(tmp_path, words):
    path = tmp_path / "idx"
    web = MatchIndex.open(path, embedder=words)
    worker = MatchIndex.open(path, embedder=words)
    worker.upsert(profile("new", text="quantum sensing lab"))
    assert web.search("quantum sensing", k=1)[0].id == "new"
    worker.upsert(profile("new", text="precision agriculture drones"))
    assert web.get("new").text == "precision agriculture drones"
    worker.remove("new")
    assert "new" not in web
    assert len(web) == 0


class SmallerModel(WordHashEmbedder):
    model_id = "test/smaller"
    dim = 32


def test_a_new_model_re_embeds_the_stored_profiles_with_progress_instead_of_failing(tmp_path, words):
    path = tmp_path / "idx"
    old = MatchIndex.open(path, embedder=words)
    old.upsert_many([profile(f"p{i}", text=f"topic{i} shared") for i in range(25)])
    new = MatchIndex.open(path, embedder=SmallerModel())
    assert new.reembedding() == (0, 25)
    assert new.search("topic7 shared", k=1) == []  # nothing in its model yet: no crash
    seen: list[tuple[int, int]] = []
    assert new.reembed(batch_size=10, progress=lambda done, total: seen.append((done, total))) == 25
    assert seen == [(10, 25), (20, 25), (25, 25)]
    assert new.search("topic7 shared", k=1)[0].id == "p7"
    assert new.store.head().model_id == "test/smaller"
    # A process still on the old model stops using the vectors it can no longer compare.
    assert len(old) == 0


def test_replacing_a_profile_with_unchanged_text_keeps_its_vector(tmp_path, words):
    index = MatchIndex.open(None, embedder=words)
    vec = np.zeros(words.dim, dtype=np.float32)
    vec[5] = 1.0
    index.upsert(profile("a", text="same text", stage="seed"), vector=vec)
    index.upsert(profile("a", text="same text", stage="growth"))
    q = np.zeros(words.dim, dtype=np.float32)
    q[5] = 1.0
    (matches,) = index.rank_many([profile("q", kind="query", text="zzz")], query_vectors=q[None])
    assert matches[0].explanation["signals"]["dense"] == 1.0
    assert index.get("a").stage == "growth"


def test_the_ann_path_above_the_threshold_ranks_like_the_exact_path(tmp_path, words):
    docs = [profile(f"d{i}", text=f"alpha{i % 97} beta{i % 13} gamma{i}") for i in range(1500)]
    exact = MatchIndex.open(None, embedder=words)
    exact.upsert_many(docs)
    ann = MatchIndex.open(tmp_path / "ann", embedder=words, ann_threshold=500)
    ann.upsert_many(docs)
    ann.save_snapshot()
    assert (tmp_path / "ann" / "vectors.usearch").exists()
    again = MatchIndex.open(tmp_path / "ann", embedder=words, ann_threshold=500)
    assert again.stats()["ann"] is True
    for q in ("alpha5 beta5", "gamma77 alpha80"):
        assert again.search(q, k=1)[0].id == exact.search(q, k=1)[0].id


CHILD = """
import sys
sys.path.insert(0, {tests!r})
from matching.support import WordHashEmbedder, profile
from liaison.matching import MatchIndex
index = MatchIndex.open({path!r}, embedder=WordHashEmbedder())
index.upsert(profile("from-worker", text="hydrogen fuel cells"))
"""


def test_an_upsert_by_another_process_is_found_within_a_second(tmp_path, words):
    path = str(tmp_path / "idx")
    web = MatchIndex.open(path, embedder=words)
    web.upsert(profile("mine", text="solar"))
    tests_dir = str(__import__("pathlib").Path(__file__).parent.parent)
    subprocess.run([sys.executable, "-c", CHILD.format(tests=tests_dir, path=path)], check=True)
    deadline = time.time() + 1.0
    while time.time() < deadline:
        hits = web.search("hydrogen fuel cells", k=1)
        if hits and hits[0].id == "from-worker":
            break
        time.sleep(0.01)
    assert hits[0].id == "from-worker"
    assert sorted(web.ids()) == ["from-worker", "mine"]


def test_the_last_version_wins_when_a_batch_repeats_an_id(words):
    index = MatchIndex.open(None, embedder=words)
    index.upsert_many(
        [profile("a", text="first"), profile("b", text="other"), profile("a", text="second")]
    )
    assert len(index) == 2
    assert index.get("a").text == "second"
    assert [m.id for m in index.search("first second other", k=5)].count("a") == 1


def test_a_repeated_search_embeds_its_query_once_and_gives_the_same_results(tmp_path):
    class Counting(WordHashEmbedder):
        queries: list[str] = []

        def embed_queries(self, texts):
            self.queries.extend(texts)
            return super().embed_queries(texts)

    embedder = Counting()
    index = MatchIndex.open(tmp_path / "idx", embedder=embedder)
    index.upsert_many([profile(f"p{i}", text=f"topic{i} shared") for i in range(10)])
    first = [(m.id, m.score) for m in index.search("topic4 shared", k=3)]
    second = [(m.id, m.score) for m in index.search("topic4 shared", k=3)]
    assert second == first
    assert embedder.queries == ["topic4 shared"]
    index.search("topic5 shared", k=3)
    assert embedder.queries == ["topic4 shared", "topic5 shared"]
    index.query_cache_size = 0  # off: every search embeds again
    index.search("topic6 shared", k=3)
    index.search("topic6 shared", k=3)
    assert embedder.queries.count("topic6 shared") == 2
