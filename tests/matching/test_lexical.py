import numpy as np

from liaison.matching.lexical import LexicalIndex


def build(docs):
    index = LexicalIndex()
    for slot, terms in enumerate(docs):
        index.add(slot, terms)
    return index


def test_bm25_ranks_the_document_sharing_the_rare_term_first():
    index = build([["battery", "storage"], ["battery", "grid"], ["solar", "panel"], ["battery"]])
    scores = index.scores(["grid", "battery"])
    assert int(np.argmax(scores)) == 1
    assert scores[2] == 0.0


def test_removed_document_scores_zero_and_leaves_the_document_frequency():
    index = build([["battery", "storage"], ["battery", "grid"]])
    index.remove(1)
    assert index.scores(["battery"])[1] == 0.0
    assert index.df[index.vocab["battery"]] == 1
    assert index.n_live == 1
    assert index.query_ids(["grid"]) == []


def test_compaction_keeps_every_score():
    index = build([["a", "b"], ["b", "c", "c"], ["d"], ["a", "d", "d"]])
    index.remove(2)
    before = index.scores(["a", "c", "d"])
    index.compact()
    np.testing.assert_allclose(index.scores(["a", "c", "d"]), before, rtol=1e-6)
    index.add(4, ["c", "d"])
    assert index.scores(["c"])[4] > 0


def test_shared_terms_are_listed_rarest_first():
    index = build([["battery", "bms", "grid"], ["battery"], ["battery", "grid"]])
    qids = index.query_ids(["battery", "grid", "bms"])
    assert index.shared_terms(qids, 0) == ["bms", "grid", "battery"]
