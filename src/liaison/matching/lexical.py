"""Okapi BM25 over an inverted index that takes single-document updates.

bm25s builds a fine static index but cannot add or remove one document; the platform edits
profiles one at a time, so this is a small inverted index in numpy: postings per term in a
compact CSR part (rebuilt by `compact()`), a delta part for documents added since, and a
liveness mask for removed or replaced documents. Scores are exact BM25 over live documents
(document frequencies and average length follow every update).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


class LexicalIndex:
    """BM25 (k1, b) over documents addressed by integer slots 0..n-1."""

    def __init__(self, *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.vocab: dict[str, int] = {}
        self.terms: list[str] = []
        self.df = np.zeros(0, dtype=np.int64)
        self.doc_len = np.zeros(0, dtype=np.float32)
        self.live = np.zeros(0, dtype=bool)
        self.doc_terms: list[IntArray] = []  # unique term ids per slot, first occurrence first
        # their counts in the document: a stored profile's own terms make its query
        # (`query_of`) without analysing its text again
        self.doc_counts: list[npt.NDArray[np.uint16]] = []
        self.total_len = 0.0
        self.n_live = 0
        # compact postings: for term t, slots/tf in [indptr[t], indptr[t+1])
        self._indptr = np.zeros(1, dtype=np.int64)
        self._slots = np.zeros(0, dtype=np.int64)
        self._tf = np.zeros(0, dtype=np.float32)
        # delta postings since the last compaction
        self._delta: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
        self._delta_size = 0
        self._delta_arrays: dict[int, tuple[int, IntArray, FloatArray]] = {}
        self._idf_cache: dict[int, float] = {}  # term id -> idf, until the next add/remove

    @property
    def size(self) -> int:
        return len(self.doc_terms)

    def _term_id(self, term: str) -> int:
        tid = self.vocab.get(term)
        if tid is None:
            tid = len(self.terms)
            self.vocab[term] = tid
            self.terms.append(term)
        return tid

    def _grow(self, n: int) -> None:
        if n > len(self.live):
            cap = max(n, 2 * len(self.live), 1024)
            self.live = np.concatenate([self.live, np.zeros(cap - len(self.live), bool)])
            self.doc_len = np.concatenate(
                [self.doc_len, np.zeros(cap - len(self.doc_len), np.float32)]
            )
        if len(self.terms) > len(self.df):
            cap = max(len(self.terms), 2 * len(self.df), 1024)
            self.df = np.concatenate([self.df, np.zeros(cap - len(self.df), np.int64)])

    def add(self, slot: int, terms: Sequence[str]) -> None:
        """Index a new document at `slot` (must be the next slot)."""
        if slot != len(self.doc_terms):
            raise ValueError(f"slots are appended in order: expected {len(self.doc_terms)}")
        counts = Counter(self._term_id(t) for t in terms)
        self._grow(slot + 1)
        ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        self.doc_terms.append(ids)
        self.doc_counts.append(
            np.fromiter((min(c, 65535) for c in counts.values()), dtype=np.uint16, count=len(counts))
        )
        for tid, tf in counts.items():
            self._delta[tid].append((slot, tf))
        self._delta_size += len(counts)
        self.df[ids] += 1
        self._idf_cache.clear()
        self.doc_len[slot] = len(terms)
        self.live[slot] = True
        self.total_len += len(terms)
        self.n_live += 1

    def remove(self, slot: int) -> None:
        if slot >= len(self.doc_terms) or not self.live[slot]:
            return
        self.live[slot] = False
        self.df[self.doc_terms[slot]] -= 1
        self._idf_cache.clear()
        self.total_len -= float(self.doc_len[slot])
        self.n_live -= 1

    def compact(self) -> None:
        """Fold the delta postings into the CSR part (drops removed documents' postings)."""
        n_terms = len(self.terms)
        slots: list[IntArray] = [self._slots]
        tfs: list[FloatArray] = [self._tf]
        term_of: list[IntArray] = [
            np.repeat(np.arange(len(self._indptr) - 1), np.diff(self._indptr))
        ]
        for tid, post in self._delta.items():
            arr = np.asarray(post, dtype=np.int64)
            slots.append(arr[:, 0])
            tfs.append(arr[:, 1].astype(np.float32))
            term_of.append(np.full(len(arr), tid, dtype=np.int64))
        all_slots = np.concatenate(slots)
        all_tf = np.concatenate(tfs)
        all_terms = np.concatenate(term_of)
        keep = self.live[all_slots]
        all_slots, all_tf, all_terms = all_slots[keep], all_tf[keep], all_terms[keep]
        order = np.lexsort((all_slots, all_terms))
        self._slots = all_slots[order]
        self._tf = all_tf[order]
        counts = np.bincount(all_terms, minlength=n_terms)
        self._indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self._delta = defaultdict(list)
        self._delta_size = 0
        self._delta_arrays = {}

    def _postings(self, tid: int) -> tuple[IntArray, FloatArray]:
        parts = self._posting_parts(tid)
        if not parts:
            return self._slots[:0], self._tf[:0]
        if len(parts) == 1:
            return parts[0]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def idf(self, tid: int) -> float:
        # Kept until the next add or remove (which change df and n): ranking and reverse
        # top-k ask for the same terms' idf thousands of times between two writes.
        value = self._idf_cache.get(tid)
        if value is None:
            df = float(self.df[tid])
            n = float(self.n_live)
            value = self._idf_cache[tid] = float(np.log1p((n - df + 0.5) / (df + 0.5)))
        return value

    def idf_of(self, tids: IntArray) -> npt.NDArray[np.float64]:
        """`idf` of many term ids at once (the same formula, in float64)."""
        df = self.df[tids].astype(np.float64)
        return np.log1p((float(self.n_live) - df + 0.5) / (df + 0.5))

    def query_ids(self, terms: Sequence[str]) -> list[int]:
        """Known term ids of a query (each once, order kept)."""
        ids = [self.vocab.get(t) for t in dict.fromkeys(terms)]
        return [t for t in ids if t is not None and self.df[t] > 0]

    def query_of(self, slot: int) -> list[str]:
        """The terms of the document at `slot` as a query: each term repeated as often as in
        the document, in the order of first occurrence (what `analyze` of its text gives,
        up to that order, and all that `scores` and `query_ids` read)."""
        terms = self.terms
        return [
            terms[t]
            for t, c in zip(self.doc_terms[slot].tolist(), self.doc_counts[slot].tolist(), strict=True)
            for _ in range(c)
        ]

    def _weights(self, terms: Sequence[str]) -> list[tuple[int, float]]:
        counts = Counter(terms)
        return [(tid, self.idf(tid) * counts[self.terms[tid]]) for tid in self.query_ids(terms)]

    def scores(self, terms: Sequence[str]) -> FloatArray:
        """BM25 of every slot for the query `terms` (0 for removed slots)."""
        n = len(self.doc_terms)
        out = np.zeros(n, dtype=np.float32)
        if not self.n_live:
            return out
        avgdl = max(self.total_len / self.n_live, 1.0)
        k1, b = self.k1, self.b
        for tid, weight in self._weights(terms):
            slots, tf = self._postings(tid)
            if not len(slots):
                continue
            norm = k1 * (1.0 - b + b * self.doc_len[slots] / avgdl)
            out[slots] += weight * tf * (k1 + 1.0) / (tf + norm)
        out[~self.live[:n]] = 0.0
        return out

    def scores_at(self, terms: Sequence[str], slots: IntArray) -> FloatArray:
        """`scores(terms)[slots]` for a few sorted slots, the same numbers to the last bit
        (the same float32 operations, term by term in the same order), reading only where
        each term's postings meet `slots`."""
        out = np.zeros(len(slots), dtype=np.float32)
        if not self.n_live or not len(slots):
            return out
        avgdl = max(self.total_len / self.n_live, 1.0)
        k1, b = self.k1, self.b
        # only the terms some of these documents hold add anything
        held = set(np.concatenate([self.doc_terms[s] for s in slots.tolist()]).tolist())
        counts = Counter(terms)
        for tid in self.query_ids(terms):
            if tid not in held:
                continue
            weight = self.idf(tid) * counts[self.terms[tid]]
            for posted, tf_all in self._posting_parts(tid):
                if not len(posted):
                    continue
                pos = np.minimum(np.searchsorted(posted, slots), len(posted) - 1)
                hit = np.flatnonzero(posted[pos] == slots)
                if not len(hit):
                    continue
                tf = tf_all[pos[hit]]
                norm = k1 * (1.0 - b + b * self.doc_len[slots[hit]] / avgdl)
                out[hit] += weight * tf * (k1 + 1.0) / (tf + norm)
        out[~self.live[slots]] = 0.0
        return out

    def _posting_parts(self, tid: int) -> list[tuple[IntArray, FloatArray]]:
        """The compact and the delta postings of a term, each sorted by slot."""
        if tid + 1 < len(self._indptr):
            a, b = self._indptr[tid], self._indptr[tid + 1]
            parts = [(self._slots[a:b], self._tf[a:b])]
        else:
            parts = []
        delta = self._delta.get(tid)
        if delta:
            cached = self._delta_arrays.get(tid)
            if cached is None or cached[0] != len(delta):
                arr = np.asarray(delta, dtype=np.int64)
                cached = (len(delta), arr[:, 0].copy(), arr[:, 1].astype(np.float32))
                self._delta_arrays[tid] = cached
            parts.append((cached[1], cached[2]))
        return parts

    def shared_terms(self, query_ids: Sequence[int], slot: int, *, limit: int = 5) -> list[str]:
        """The query's terms found in document `slot`, rarest first."""
        doc = set(self.doc_terms[slot].tolist())
        shared = [t for t in query_ids if t in doc]
        shared.sort(key=lambda t: -self.idf(t))
        return [self.terms[t] for t in shared[:limit]]

    @property
    def delta_size(self) -> int:
        return self._delta_size

    @property
    def needs_compaction(self) -> bool:
        return self._delta_size > max(20_000, len(self._slots) // 8)
