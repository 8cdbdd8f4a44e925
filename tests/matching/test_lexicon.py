"""A Chinese search of English profiles: the lexical side reads its words in English."""

import numpy as np

from liaison.matching import MatchIndex, lexicon

from .support import profile

ENGLISH = [
    ("tea", "organic tea export to Europe"),
    ("hotel", "hotel booking for tourists"),
    ("accounting", "cloud accounting software for small firms"),
    ("pets", "cat food delivery in the city"),
    ("battery", "battery management for grid storage"),
]


class SeesNoMeaning:
    """An embedder that puts every text at the same point: only the lexical side ranks."""

    model_id = "test/same-point"
    dim = 8

    def embed_queries(self, texts):
        return np.tile(np.eye(1, self.dim, dtype=np.float32), (len(texts), 1))

    embed_passages = embed_queries


def test_a_chinese_search_finds_the_english_profile_that_names_its_words():
    index = MatchIndex.open(None, embedder=SeesNoMeaning())
    index.upsert_many(
        [profile(pid, kind="organization", text=text, lang="en") for pid, text in ENGLISH]
    )

    assert [m.id for m in index.search("电池管理", k=2)][0] == "battery"
    assert "battery" in index.search("电池管理", k=1)[0].explanation["shared_terms"]
    assert index.search("会计软件", k=1)[0].id == "accounting"
    # an English search is not glossed: the same words in Chinese script find nothing
    assert index.search("电池管理", k=1, lang="en")[0].id == "tea"


def test_the_glosses_of_a_chinese_word_are_its_first_english_senses():
    assert lexicon.english_glosses(["电池"]) == "battery"
    assert lexicon.english_glosses(["猫"]).startswith("cat")
    assert lexicon.english_glosses(["电池", "没有这个词"]) == "battery"
