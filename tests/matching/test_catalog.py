import numpy as np

from liaison.matching.catalog import Catalog

from .support import profile


def test_language_offsets_are_removed_only_when_two_languages_have_enough_profiles():
    rng = np.random.default_rng(0)
    he_offset = np.zeros(8, dtype=np.float32)
    he_offset[0] = 2.0
    rows = rng.normal(size=(60, 8)).astype(np.float32)
    rows[30:] += he_offset
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    catalog = Catalog(8)
    entries = [(profile(f"en{i}", text="x", lang="en"), i + 1, ["x"]) for i in range(30)]
    catalog.add_many(entries, rows[:30])
    assert catalog.language_shift() is None
    more = [(profile(f"he{i}", text="x", lang="he"), 31 + i, ["x"]) for i in range(30)]
    catalog.add_many(more, rows[30:])
    shift = catalog.language_shift()
    assert shift is not None
    he, en = catalog.lang.code_of["he"], catalog.lang.code_of["en"]
    assert shift[he][0] > 0.2 > -0.2 > shift[en][0]
    np.testing.assert_allclose(shift[he] * 30 + shift[en] * 30, 0.0, atol=1e-4)
