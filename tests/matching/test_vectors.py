import numpy as np

from liaison.matching.vectors import VectorIndex


def unit_rows(n, dim, seed):
    rows = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_exact_search_returns_best_rows_in_order_and_skips_removed_ones():
    index = VectorIndex(8)
    rows = unit_rows(50, 8, 1)
    index.add_many(0, rows, list(range(1, 51)))
    slots, sims = index.top(rows[3], 3)
    assert slots[0] == 3
    assert list(sims) == sorted(sims, reverse=True)
    index.remove(3)
    slots, _ = index.top(rows[3], 3)
    assert 3 not in slots


def test_ann_search_above_the_threshold_finds_what_exact_search_finds(tmp_path):
    rows = unit_rows(3000, 32, 2)
    ann = VectorIndex(32, ann_threshold=500)
    ann.add_many(0, rows, list(range(1, 3001)))
    exact = VectorIndex(32, ann_threshold=10**9)
    exact.add_many(0, rows, list(range(1, 3001)))
    queries = unit_rows(40, 32, 3)
    recall = np.mean([len(set(ann.top(q, 10)[0]) & set(exact.top(q, 10)[0])) / 10 for q in queries])
    assert ann.uses_graph
    assert recall >= 0.95


def test_a_loaded_graph_snapshot_is_caught_up_with_later_changes(tmp_path):
    rows = unit_rows(800, 16, 4)
    index = VectorIndex(16, ann_threshold=100)
    index.add_many(0, rows[:600], list(range(1, 601)))
    index.build_graph()
    index.save_graph(tmp_path / "g.usearch")
    other = VectorIndex(16, ann_threshold=100)
    other.add_many(0, rows[:600], list(range(1, 601)))
    other.remove(5)
    other.add_many(600, rows[600:], list(range(601, 801)))
    other.load_graph(tmp_path / "g.usearch")
    assert other.top(rows[700], 1)[0][0] == 700
    assert 5 not in other.top(rows[5], 5)[0]


def test_hubness_is_highest_for_the_row_closest_to_everything():
    rows = unit_rows(60, 16, 5)
    centre = rows.mean(axis=0)
    rows = np.vstack([rows, centre / np.linalg.norm(centre)])
    index = VectorIndex(16)
    index.add_many(0, rows, list(range(1, 62)))
    hub = index.hubness()
    assert int(np.argmax(hub)) == 60
    assert abs(float(hub.mean())) < 1e-5


def test_ann_search_finds_rows_whose_keys_arrived_out_of_order_and_never_a_removed_one():
    # Another process's older rows can arrive after this process's own write: keys are then
    # not increasing with slots, and every live row must still be found by its own vector.
    rows = unit_rows(700, 16, 5)
    for keys in (list(range(1, 701)), list(range(1, 601)) + list(range(800, 700, -1))):
        index = VectorIndex(16, ann_threshold=100)
        index.add_many(0, rows, keys)
        index.build_graph()
        for slot in (0, 350, 650, 699):
            assert index.top(rows[slot], 1)[0][0] == slot
        index.remove(650)
        assert 650 not in index.top(rows[650], 20)[0]
