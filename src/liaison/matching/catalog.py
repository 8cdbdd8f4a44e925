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
        codes = [-1 if v is None else self.code_of.get(v, -2) for v in allowed]
        codes = [c for c in codes if c != -2]
        return np.isin(self.values[:n], np.asarray(codes, dtype=np.int32))

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

    @property
    def dead_share(self) -> float:
        return 1.0 - len(self) / self.size if self.size else 0.0
