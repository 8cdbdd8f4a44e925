"""The in-memory side of an index: profiles by slot, their attributes as numpy code arrays
(for fast filter masks), the lexical index and the vector index.

Slots are appended; replacing a profile retires its slot and appends a new one, removing it
retires the slot. `MatchIndex` keeps one `Catalog` per process and feeds it from the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from liaison.matching.lexical import LexicalIndex
from liaison.matching.profile import Profile
from liaison.matching.vectors import VectorIndex

BoolArray = npt.NDArray[np.bool_]


class Codes:
    """Small-integer codes of one categorical attribute per slot (-1 = unknown)."""

    def __init__(self) -> None:
        self.code_of: dict[str, int] = {}
        self.values = np.zeros(0, dtype=np.int32)

    def append(self, slot: int, value: str | None) -> None:
        if slot >= len(self.values):
            grown = np.full(max(slot + 1, 2 * len(self.values), 1024), -1, dtype=np.int32)
            grown[: len(self.values)] = self.values
            self.values = grown
        if value is None:
            self.values[slot] = -1
        else:
            self.values[slot] = self.code_of.setdefault(value, len(self.code_of))

    def mask(self, n: int, allowed: Iterable[str | None]) -> BoolArray:
        # A lookup table indexed by code + 1 (codes are small and dense): a tenth of
        # np.isin's time on 100,000 slots, and it is asked several times per ranking.
        return self.table(allowed)[self.values[:n] + 1]

    def mask_at(self, slots: npt.NDArray[np.int64], allowed: Iterable[str | None]) -> BoolArray:
        """`mask(...)[slots]`, reading only those slots."""
        return self.table(allowed)[self.values[slots] + 1]

    def table(self, allowed: Iterable[str | None]) -> BoolArray:
        codes = [-1 if v is None else self.code_of.get(v, -2) for v in allowed]
        table = np.zeros(len(self.code_of) + 1, dtype=bool)
        table[[c + 1 for c in codes if c != -2]] = True
        return table

    def code(self, value: str | None) -> int:
        return -1 if value is None else self.code_of.get(value, -2)


class Catalog:
    def __init__(self, dim: int, *, ann_threshold: int = 20_000) -> None:
        self.profiles: list[Profile | None] = []
        self.slot_of: dict[str, int] = {}
        self.seq_of: dict[str, int] = {}
        self.kind = Codes()
        self.type = Codes()
        self.ecosystem = Codes()
        self.lang = Codes()
        self.stage = Codes()
        self.sector_slots: defaultdict[str, list[int]] = defaultdict(list)
        self.lexical = LexicalIndex()
        self.vectors = VectorIndex(dim, ann_threshold=ann_threshold)
        self._shift: tuple[npt.NDArray[np.float32] | None] | None = None
        self._shift_basis = 0
        self._shift_norms: npt.NDArray[np.float64] | None = None

    @property
    def size(self) -> int:
        return len(self.profiles)

    def __len__(self) -> int:
        return len(self.slot_of)

    def live_mask(self) -> BoolArray:
        return self.vectors.live[: self.size].copy()

    def add_many(
        self,
        entries: Sequence[tuple[Profile, int, Sequence[str]]],
        vectors: npt.NDArray[np.float32],
    ) -> None:
        """Add or replace profiles: (profile, store sequence number, lexical terms) + rows."""
        for profile, _seq, _terms in entries:
            self.remove(profile.id)
        first = self.size
        for i, (profile, seq, terms) in enumerate(entries):
            slot = first + i
            self.profiles.append(profile)
            self.slot_of[profile.id] = slot
            self.seq_of[profile.id] = seq
            self.kind.append(slot, str(profile.kind))
            self.type.append(slot, profile.type)
            self.ecosystem.append(slot, profile.ecosystem)
            self.lang.append(slot, profile.lang)
            self.stage.append(slot, profile.stage)
            for sector in profile.sectors:
                self.sector_slots[sector].append(slot)
            self.lexical.add(slot, terms)
        self.vectors.add_many(first, vectors, [seq for _, seq, _ in entries])
        if self.lexical.needs_compaction:
            self.lexical.compact()

    def remove(self, profile_id: str) -> bool:
        slot = self.slot_of.pop(profile_id, None)
        if slot is None:
            return False
        self.seq_of.pop(profile_id, None)
        self.profiles[slot] = None
        self.lexical.remove(slot)
        self.vectors.remove(slot)
        return True

    def sectors_mask(self, sectors: Iterable[str]) -> BoolArray:
        mask = np.zeros(self.size, dtype=bool)
        for sector in sectors:
            slots = self.sector_slots.get(sector)
            if slots:
                mask[np.asarray(slots, dtype=np.int64)] = True
        return mask

    def language_shift(self) -> npt.NDArray[np.float32] | None:
        """Per language code (row -1: unknown), what to take off a vector of that language.

        A multilingual encoder puts texts of one language closer to each other than to their
        translations, so in a mixed corpus a query prefers documents in its own language (or
        in whichever language is "nearer"). Moving every language's mean onto the global mean
        removes that offset (Libovický et al., 2020). Nothing to do with one language.
        Recomputed when the live count has moved by 2% or more.
        """
        n_live = len(self)
        if self._shift is not None and abs(n_live - self._shift_basis) <= 0.02 * self._shift_basis:
            return self._shift[0]
        codes = self.lang.values[: self.size]
        live = self.vectors.live[: self.size]
        counts = np.bincount(codes[live] + 1, minlength=len(self.lang.code_of) + 1)
        enough = np.flatnonzero(counts[1:] >= 20)
        shift = None
        if len(enough) >= 2:
            matrix = self.vectors.matrix
            n_codes = len(self.lang.code_of) + 1
            sums = np.zeros((n_codes, matrix.shape[1]), dtype=np.float64)
            for start in range(0, self.size, 8192):  # blocks: no copy of the whole matrix
                stop = min(self.size, start + 8192)
                onehot = np.zeros((n_codes, stop - start), dtype=np.float32)
                onehot[codes[start:stop] + 1, np.arange(stop - start)] = live[start:stop]
                sums += onehot @ matrix[start:stop]
            total = sums.sum(axis=0) / max(int(live.sum()), 1)
            shift = np.zeros((n_codes, matrix.shape[1]), dtype=np.float32)
            for code in enough.tolist():
                shift[code] = sums[code + 1] / counts[code + 1] - total
        self._shift = (shift,)
        self._shift_basis = n_live
        self._shift_norms = None
        return shift

    def shifted_floor(self, query: npt.NDArray[np.float32], cosine: float) -> float:
        """The lowest `dense_scores` value any unit row whose plain cosine with `query` is at
        least `cosine` can get: for a shift s of norm r, (v.q - s.q) / |v - s| with
        |v - s| between 1 - r and 1 + r."""
        shift = self.language_shift()
        if shift is None:
            return cosine
        if self._shift_norms is None:
            self._shift_norms = np.linalg.norm(shift, axis=1).astype(np.float64)
        r = self._shift_norms
        top = cosine - shift.astype(np.float64) @ np.asarray(query, dtype=np.float64)
        with np.errstate(divide="ignore"):
            low = np.where(top >= 0, top / (1.0 + r), top / np.maximum(1.0 - r, 0.0))
        return float(np.min(low))

    def dense_scores(
        self, query: npt.NDArray[np.float32], slots: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float32]:
        """Cosine of the query with the rows of `slots`, language offsets removed.

        Each row's number does not depend on which other rows are asked with it (einsum
        sums every row alike; a BLAS matrix-vector product does not: its last bits move
        with the rows' count and place), so a list re-scored on its few members
        (`rank.insert`) gets the numbers a full ranking gets."""
        shift = self.language_shift()
        rows = self.vectors.matrix[slots]
        if shift is not None:
            rows = rows - shift[self.lang.values[slots]]
            rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-6)
        return np.einsum("ij,j->i", rows, np.asarray(query, dtype=np.float32)).astype(np.float32)

    @property
    def dead_share(self) -> float:
        return 1.0 - len(self) / self.size if self.size else 0.0
