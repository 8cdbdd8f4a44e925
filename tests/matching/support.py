"""Test support: a deterministic bag-of-words embedder and a profile shortcut."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from liaison.matching import Profile
from liaison.matching.lang import analyze


class WordHashEmbedder:
    model_id = "test/word-hash"
    dim = 64

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for term in analyze(text):
                h = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "little")
                out[i, h % self.dim] += 1.0
            out[i, 0] += 1e-3  # never the zero vector
            out[i] /= np.linalg.norm(out[i])
        return out

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)


def profile(pid: str, **fields: object) -> Profile:
    fields.setdefault("kind", "opportunity")
    return Profile(id=pid, **fields)  # type: ignore[arg-type]
