"""The process's one text embedder, shared by every adapter to the matching engine.

Built lazily from `LIAISON_MATCH_EMBEDDER` (the model loads once per process, however many
apps rank with it). Tests swap in a small deterministic embedder with `use_embedder`.
"""

from __future__ import annotations

import threading

from django.conf import settings

from liaison.matching import Embedder, make_embedder

_lock = threading.Lock()
_embedder: Embedder | None = None


def embedder() -> Embedder:
    global _embedder
    with _lock:
        if _embedder is None:
            _embedder = make_embedder(settings.LIAISON_MATCH_EMBEDDER)
        return _embedder


def use_embedder(replacement: Embedder | None) -> None:
    """Use `replacement` from now on (None: the configured one, built on next use)."""
    global _embedder
    with _lock:
        _embedder = replacement
