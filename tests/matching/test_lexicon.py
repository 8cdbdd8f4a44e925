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
    assert lexicon.english_glosses(["电池", "龘龘龘"]) == "battery"  # no headword in it


def test_a_word_the_dictionary_lacks_is_read_as_the_headwords_it_is_made_of():
    # jieba keeps 宠物猫 ("pet cat") and 新邮件 ("new mail") whole; CC-CEDICT lists neither
    assert lexicon.headwords("宠物猫") == ["宠物"]
    assert lexicon.headwords("配置文件") == ["配置", "文件"]
    assert lexicon.headwords("电池") == ["电池"]  # a headword stays whole
    assert "pet" in lexicon.english_glosses(["宠物猫"])
    assert lexicon.headwords("新邮件") == ["邮件"]  # a single character (新, "new") is left out

    index = MatchIndex.open(None, embedder=SeesNoMeaning())
    index.upsert_many(
        [profile(pid, kind="organization", text=text, lang="en") for pid, text in ENGLISH]
        + [profile("pet-shop", kind="organization", text="a pet shop for dogs", lang="en")]
    )
    assert index.search("宠物猫", k=1)[0].id == "pet-shop"


def test_a_chinese_search_is_embedded_with_its_english_glosses_too():
    from dataclasses import replace

    from liaison.matching.index import embed_searches, search_glosses
    from liaison.matching.rank import Weights

    from .support import WordHashEmbedder

    embedder = WordHashEmbedder()  # words are their own dimensions: no meaning across languages
    index = MatchIndex.open(None, embedder=embedder)
    index.upsert_many(
        [profile(pid, kind="organization", text=text, lang="en") for pid, text in ENGLISH]
    )
    index.weights = replace(Weights(), lexical=0.0)  # the dense side alone
    assert [m.id for m in index.search("电池管理", k=1)] == ["battery"]
    assert [m.id for m in index.search("茶叶出口", k=1)] == ["tea"]  # "tea exit": enough

    search = profile("_search", kind="query", text="电池管理", lang="zh")
    assert search_glosses(search) == "battery supervise"  # the first sense of each word
    alone = embedder.embed_queries(["电池管理"])[0]
    blended = embed_searches(embedder.embed_queries, [search])[0]
    assert abs(float(np.linalg.norm(blended)) - 1.0) < 1e-5
    assert float(blended @ alone) < 0.99  # moved towards the English words
    # other searches and profiles are embedded as they are
    for other in (profile("_search", kind="query", text="battery management", lang="en"),
                  profile("p", kind="organization", text="电池管理", lang="zh")):
        assert search_glosses(other) == ""
    english = profile("_search", kind="query", text="battery management", lang="en")
    assert np.allclose(embed_searches(embedder.embed_queries, [english])[0],
                       embedder.embed_queries(["battery management"])[0])
