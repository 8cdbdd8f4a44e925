"""Nearest neighbours by cosine over unit vectors addressed by integer slots.

Below `ann_threshold` live vectors the search is exact (one matrix-vector product). Above it
a usearch HNSW graph (half-precision) proposes candidates and the float32 rows re-score them
exactly, so scores are the same as the exact path's, only recall is approximate. The graph can
be saved and loaded (`save_graph`/`load_graph`) so that a process does not rebuild it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from liaison.matching.blas import single_blas_thread

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

_GATHER_BLOCK = 2048  # rows (3 MB at 384 dimensions) gathered at a time for exact scores


class VectorIndex:
    def __init__(self, dim: int, *, ann_threshold: int = 20_000) -> None:
        self.dim = dim
        self.ann_threshold = ann_threshold
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self.live = np.zeros(0, dtype=bool)
        self.size = 0
        self.n_live = 0
        self.keys = np.zeros(0, dtype=np.uint64)  # slot -> global key (a store sequence number)
        self.slot_of_key: dict[int, int] = {}
        self._keys_checked = -1  # size at which `_keys_sorted` was last checked
        self._keys_sorted = False
        self._graph = None  # usearch.index.Index keyed by global key, built lazily
        # hubness: mean cosine of each row to its `hub_k` nearest other live rows (NaN: to do)
        self.hub_k = 10
        self.hub = np.zeros(0, dtype=np.float32)
        self._hub_basis = 0  # live rows when all hub values were last computed
        self._hub_centred: FloatArray | None = None
        self._hub_max: tuple[FloatArray, float] | None = None

    @property
    def matrix(self) -> FloatArray:
        return self._matrix[: self.size]

    def _grow(self, n: int) -> None:
        if n > len(self._matrix):
            # x1.25, not x2: at 100,000 rows the spare capacity and the copy cost memory
            cap = max(n, len(self._matrix) + len(self._matrix) // 4, 1024)
            grown = np.zeros((cap, self.dim), dtype=np.float32)
            grown[: self.size] = self._matrix[: self.size]
            self._matrix = grown
            live = np.zeros(cap, dtype=bool)
            live[: self.size] = self.live[: self.size]
            self.live = live
            keys = np.zeros(cap, dtype=np.uint64)
            keys[: self.size] = self.keys[: self.size]
            self.keys = keys
            hub = np.full(cap, np.nan, dtype=np.float32)
            hub[: self.size] = self.hub[: self.size]
            self.hub = hub

    def add_many(self, first_slot: int, vectors: FloatArray, keys: list[int]) -> None:
        """Append rows for slots first_slot .. first_slot+len-1 (slots are appended in order)."""
        if first_slot != self.size:
            raise ValueError(f"slots are appended in order: expected {self.size}")
        n = len(vectors)
        self._grow(self.size + n)
        self._matrix[self.size : self.size + n] = vectors
        self.live[self.size : self.size + n] = True
        self.hub[self.size : self.size + n] = np.nan
        self.keys[self.size : self.size + n] = keys
        for i, key in enumerate(keys):
            self.slot_of_key[int(key)] = self.size + i
        if self._graph is not None and n:
            self._graph.add(np.asarray(keys, dtype=np.uint64), np.asarray(vectors), threads=0)
        self.size += n
        self.n_live += n
        self._hub_centred = None

    def remove(self, slot: int) -> None:
        if slot < self.size and self.live[slot]:
            self.live[slot] = False
            self.n_live -= 1
            self._hub_centred = None
            key = int(self.keys[slot])
            self.slot_of_key.pop(key, None)
            if self._graph is not None:
                self._graph.remove(key)

    # ------------------------------------------------------------------ ANN
    def _new_graph(self):  # type: ignore[no-untyped-def]
        from usearch.index import Index

        return Index(
            ndim=self.dim,
            metric="ip",
            dtype="f16",
            connectivity=16,
            expansion_add=64,
            expansion_search=96,
        )

    def build_graph(self) -> None:
        graph = self._new_graph()
        slots = np.flatnonzero(self.live[: self.size])
        if len(slots):
            graph.add(self.keys[slots], self._matrix[slots], threads=0)
        self._graph = graph

    def save_graph(self, path: Path) -> None:
        if self._graph is not None:
            self._graph.save(str(path))

    def load_graph(self, path: Path) -> None:
        """Load a saved graph, then bring it up to date with the live rows."""
        graph = self._new_graph()
        graph.load(str(path))
        live_slots = np.flatnonzero(self.live[: self.size])
        live_keys = self.keys[live_slots]
        present = (
            np.asarray(graph.contains(live_keys), dtype=bool)
            if len(live_keys)
            else np.zeros(0, bool)
        )
        missing = live_slots[~present]
        if len(missing):
            graph.add(self.keys[missing], self._matrix[missing], threads=0)
        stale = np.setdiff1d(np.asarray(graph.keys, dtype=np.uint64), live_keys)
        for key in stale.tolist():
            graph.remove(int(key))
        self._graph = graph

    @property
    def uses_graph(self) -> bool:
        return self.n_live > self.ann_threshold

    # ------------------------------------------------------------- hubness
    def hubness(self) -> FloatArray:
        """Per slot, the mean cosine to its nearest other rows, centred on the live mean.

        Some vectors ("hubs") sit close to everything and crowd the top of every ranking; in
        cross-lingual retrieval that costs many first places. Subtracting a share of this
        value from the cosine (as CSLS does) corrects it. Values are computed for new rows
        when first needed and for all rows again when the index has grown by a quarter.
        """
        if self._hub_centred is not None:
            return self._hub_centred
        live = self.live[: self.size]
        if self.n_live > 1.25 * self._hub_basis + 8:
            self.hub[: self.size] = np.nan
        todo = np.flatnonzero(live & np.isnan(self.hub[: self.size]))
        if len(todo):
            self.hub[todo] = self._neighbour_mean(todo)
            if len(todo) > self.n_live // 2:
                self._hub_basis = self.n_live
        hub = np.nan_to_num(self.hub[: self.size])
        centre = float(hub[live].mean()) if self.n_live else 0.0
        self._hub_centred = np.where(live, hub - centre, 0.0).astype(np.float32)
        return self._hub_centred

    def hub_max(self) -> float:
        """The largest centred hubness of a live row (0 when none)."""
        hub = self.hubness()
        if self._hub_max is None or self._hub_max[0] is not hub:
            self._hub_max = (hub, float(hub.max()) if len(hub) else 0.0)
        return self._hub_max[1]

    def hub_values(self) -> tuple[npt.NDArray[np.uint64], FloatArray]:
        """(keys, raw hubness) of the live rows, for a snapshot."""
        self.hubness()
        live = np.flatnonzero(self.live[: self.size])
        return self.keys[live].copy(), self.hub[live].copy()

    def set_hub_values(self, keys: npt.NDArray[np.uint64], values: FloatArray) -> None:
        """Take hubness values from a snapshot for the rows whose key matches."""
        for key, value in zip(keys.tolist(), values.tolist(), strict=True):
            slot = self.slot_of_key.get(int(key))
            if slot is not None:
                self.hub[slot] = value
        self._hub_basis = self.n_live
        self._hub_centred = None

    def _neighbour_mean(self, slots: IntArray) -> FloatArray:
        k = min(self.hub_k, max(self.n_live - 1, 1))
        out = np.zeros(len(slots), dtype=np.float32)
        if self.n_live < 2:
            return out
        if self.uses_graph:
            if self._graph is None:
                self.build_graph()
            assert self._graph is not None
            for start in range(0, len(slots), 8192):  # blocks: no copy of all rows at once
                block = slots[start : start + 8192]
                found = self._graph.search(self._matrix[block], k + 1, threads=0)
                dist = np.asarray(found.distances, dtype=np.float32).reshape(len(block), -1)
                keys = np.asarray(found.keys).reshape(len(block), -1)
                for i, slot in enumerate(block.tolist()):
                    own = keys[i] == self.keys[slot]
                    sims = 1.0 - dist[i][~own][:k]  # "ip" distance is 1 - cosine
                    out[start + i] = float(sims.mean()) if len(sims) else 0.0
            return out
        live_idx = np.flatnonzero(self.live[: self.size])
        matrix = self._matrix[live_idx]
        with single_blas_thread():
            for start in range(0, len(slots), 1024):
                block = slots[start : start + 1024]
                sims = self._matrix[block] @ matrix.T
                own = live_idx[None, :] == block[:, None]
                sims[own] = -2.0
                top = -np.partition(-sims, k - 1, axis=1)[:, :k]
                out[start : start + len(block)] = top.mean(axis=1)
        return out

    def _slots_of_keys(self, keys: npt.NDArray[np.uint64]) -> IntArray:
        """Live slots of graph keys, in their order (keys no longer live are left out).

        Slots are appended in the order of their keys (store sequence numbers) except when
        another process's older rows arrive after this one's own write: while the keys are
        strictly increasing, one binary search finds them all; otherwise the dictionary."""
        size = self.size
        if self._keys_checked != size:
            k = self.keys[:size]
            self._keys_sorted = bool(size < 2 or np.all(k[1:] > k[:-1]))
            self._keys_checked = size
        if not self._keys_sorted or not len(keys):
            get = self.slot_of_key.get
            return np.fromiter(
                (s for s in (get(int(k), -1) for k in keys.tolist()) if s >= 0), dtype=np.int64
            )
        k = self.keys[:size]
        pos = np.minimum(np.searchsorted(k, keys), size - 1)
        pos = pos[(k[pos] == keys) & self.live[pos]]
        return pos.astype(np.int64)

    # --------------------------------------------------------------- search
    def scores(self, query: FloatArray, *, candidates: IntArray | None = None) -> FloatArray:
        """Cosine of `query` with the rows of `candidates` (all slots when None)."""
        with single_blas_thread():
            if candidates is None:
                return self.matrix @ query
            if len(candidates) <= _GATHER_BLOCK:
                return self._matrix[candidates] @ query
            # Gathered in blocks that stay in cache: a third less time than gathering tens
            # of thousands of rows (tens of MB) first and reading them again.
            out = np.empty(len(candidates), dtype=np.float32)
            for start in range(0, len(candidates), _GATHER_BLOCK):
                block = candidates[start : start + _GATHER_BLOCK]
                out[start : start + len(block)] = self._matrix[block] @ query
            return out

    def top(
        self, query: FloatArray, count: int, *, mask: npt.NDArray[np.bool_] | None = None
    ) -> tuple[IntArray, FloatArray]:
        """Best `count` live slots (within `mask` when given): slots and cosines, best first."""
        allowed = self.live[: self.size] if mask is None else (mask & self.live[: self.size])
        n_allowed = int(allowed.sum())
        if n_allowed == 0 or count <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if self.uses_graph and n_allowed > self.ann_threshold:
            if self._graph is None:
                self.build_graph()
            assert self._graph is not None
            # Over-fetch in proportion to the share the mask leaves, then filter.
            share = n_allowed / max(self.n_live, 1)
            fetch = min(int(count / max(share, 1e-3) * 1.5) + 16, self.n_live)
            found = self._graph.search(query, fetch, threads=1)
            slots = self._slots_of_keys(np.asarray(found.keys, dtype=np.uint64))
            slots = slots[allowed[slots]]
            if len(slots) >= min(count, n_allowed):
                sims = self.scores(query, candidates=slots)
                order = np.argsort(-sims, kind="stable")[:count]
                return slots[order], sims[order]
        idx = np.flatnonzero(allowed)
        sims = self.scores(query, candidates=idx if len(idx) < self.size else None)
        if count < len(idx):
            part = np.argpartition(-sims, count - 1)[:count]
        else:
            part = np.arange(len(idx))
        order = part[np.argsort(-sims[part], kind="stable")]
        return idx[order], sims[order]
