"""Where an index's profiles live: the system of record behind `MatchIndex`'s in-memory cache.

A store holds, per profile, its JSON, its lexical terms, its vector and the model that made
the vector, plus a global change sequence: every write takes the next sequence numbers and
every removal leaves a tombstone with one. A process follows the store by reading the rows
and tombstones whose sequence is newer than the last one it applied (the change feed).

Writers are serialised by the store (SQLite's write lock, or the row lock on the state row
in PostgreSQL), so sequence numbers become visible in order: a reader that has seen number
N never later finds a committed number below N.

`IndexStore` is the interface; `SqliteStore` keeps it in one SQLite file (the command line,
the engine's tests, benchmarks), and the Django adapter (`liaison.matchmaking.engine`) keeps
it in tables of the main database.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Head:
    """The store's state: last sequence number, identity (`epoch`: a new one whenever the store
    is created afresh, so a cache never follows another store's numbers), and the embedding
    model its vectors are (or are being re-embedded) in."""

    seq: int
    epoch: str
    model_id: str
    dim: int


@dataclass(frozen=True)
class StoredProfile:
    id: str
    seq: int
    data: str  # Profile.to_dict() as JSON
    terms: str  # lexical terms joined by \x1f
    vector: bytes  # float32, `dim` values
    model_id: str  # the model that made `vector`


@dataclass(frozen=True)
class NewProfile:
    id: str
    data: str
    terms: str
    vector: bytes
    model_id: str


@dataclass(frozen=True)
class Written:
    """Sequence numbers a write took: first..last; `previous` is the head before it (so a
    process that had applied exactly `previous` stays caught up after its own write)."""

    first: int
    last: int
    previous: int


@runtime_checkable
class IndexStore(Protocol):
    def head(self) -> Head | None:
        """The state, or None when the store was never initialized."""

    def initialize(self, *, model_id: str, dim: int) -> Head:
        """Create the state if missing (idempotent); return it."""

    def changed_hint(self) -> bool:
        """A cheap "maybe changed since the last call" (True when the store cannot tell)."""

    def write(self, rows: Sequence[NewProfile]) -> Written:
        """Insert or replace `rows` in one transaction with fresh sequence numbers."""

    def delete(self, profile_id: str) -> Written | None:
        """Remove one profile (leaving a tombstone); None if it was not there."""

    def rows_since(self, seq: int, *, chunk: int = 4096) -> Iterator[list[StoredProfile]]:
        """Rows whose sequence number is above `seq`, in order, in chunks."""

    def tombstones_since(self, seq: int) -> list[tuple[str, int]]:
        """(id, seq) of removals above `seq`."""

    def set_model(self, *, model_id: str, dim: int) -> None:
        """Declare the model the store's vectors are to be in (a re-embedding follows)."""

    def counts(self, model_id: str) -> tuple[int, int]:
        """(profiles, profiles whose vector is in `model_id`)."""

    def other_model_rows(self, model_id: str, *, limit: int) -> list[StoredProfile]:
        """Up to `limit` rows whose vector is not in `model_id` (to re-embed)."""

    def replace_vectors(self, rows: Sequence[tuple[str, int, bytes]], *, model_id: str) -> Written | None:
        """Set the vectors of (id, expected seq, vector) rows to `model_id` ones, each only if
        the row still has the expected sequence number (a concurrent edit wins); new sequence
        numbers for the rows replaced. None when none was."""

    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS profiles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    terms TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS profiles_seq ON profiles (seq);
CREATE TABLE IF NOT EXISTS tombstones (id TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS tombstones_seq ON tombstones (seq);
"""


class SqliteStore:
    """An `IndexStore` in one SQLite file (WAL; several processes may open it) or in memory."""

    def __init__(self, path: str | Path | None) -> None:
        self._lock = threading.RLock()
        if path is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        else:
            conn = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=30.0
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(profiles)")}
        if "model" not in columns:  # files written before vectors carried their model
            conn.execute("ALTER TABLE profiles ADD COLUMN model TEXT NOT NULL DEFAULT ''")
            conn.execute(
                "UPDATE profiles SET model = "
                "COALESCE((SELECT value FROM meta WHERE key = 'model_id'), '')"
            )
        self._conn = conn
        self._data_version = -1

    # ------------------------------------------------------------ state
    def _meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM meta").fetchall())

    def head(self) -> Head | None:
        with self._lock:
            meta = self._meta()
        if "seq" not in meta:
            return None
        return Head(
            seq=int(meta["seq"]),
            epoch=meta.get("epoch", ""),
            model_id=meta.get("model_id", ""),
            dim=int(meta.get("dim", "0")),
        )

    def initialize(self, *, model_id: str, dim: int) -> Head:
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                meta = self._meta()
                defaults = {"model_id": model_id, "dim": str(dim), "seq": "0"}
                if "epoch" not in meta:
                    defaults["epoch"] = uuid.uuid4().hex
                conn.executemany(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", defaults.items()
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        head = self.head()
        assert head is not None
        return head

    def changed_hint(self) -> bool:
        with self._lock:
            (version,) = self._conn.execute("PRAGMA data_version").fetchone()
            if version == self._data_version:
                return False
            self._data_version = version
            return True

    def set_model(self, *, model_id: str, dim: int) -> None:
        with self._lock:
            self._conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [("model_id", model_id), ("dim", str(dim))],
            )

    # ------------------------------------------------------------ writing
    def _take(self, count: int) -> tuple[int, int]:
        # PRAGMA data_version moves only for other connections' commits: our own write must
        # make the next changed_hint() say yes (re-embedding writes rows the catalog has not
        # applied; a write through `MatchIndex._write` is applied already and costs one read).
        self._data_version = -1
        (current,) = self._conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        last = int(current) + count
        self._conn.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(last),))
        return int(current), last

    def write(self, rows: Sequence[NewProfile]) -> Written:
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                previous, last = self._take(len(rows))
                first = previous + 1
                conn.executemany(
                    "INSERT OR REPLACE INTO profiles (id, seq, data, terms, vector, model) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (r.id, first + i, r.data, r.terms, r.vector, r.model_id)
                        for i, r in enumerate(rows)
                    ],
                )
                conn.executemany("DELETE FROM tombstones WHERE id = ?", [(r.id,) for r in rows])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return Written(first=first, last=last, previous=previous)

    def delete(self, profile_id: str) -> Written | None:
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                gone = conn.execute("DELETE FROM profiles WHERE id = ?", (profile_id,)).rowcount
                written = None
                if gone:
                    previous, last = self._take(1)
                    conn.execute(
                        "INSERT OR REPLACE INTO tombstones (id, seq) VALUES (?, ?)",
                        (profile_id, last),
                    )
                    written = Written(first=last, last=last, previous=previous)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return written

    def replace_vectors(
        self, rows: Sequence[tuple[str, int, bytes]], *, model_id: str
    ) -> Written | None:
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                current = {
                    pid: seq
                    for pid, seq in conn.execute(
                        f"SELECT id, seq FROM profiles WHERE id IN ({','.join('?' * len(rows))})",  # noqa: S608 - placeholders only
                        [r[0] for r in rows],
                    )
                }
                todo = [r for r in rows if current.get(r[0]) == r[1]]
                written = None
                if todo:
                    previous, last = self._take(len(todo))
                    conn.executemany(
                        "UPDATE profiles SET vector = ?, model = ?, seq = ? WHERE id = ?",
                        [(vec, model_id, previous + 1 + i, pid) for i, (pid, _s, vec) in enumerate(todo)],
                    )
                    written = Written(first=previous + 1, last=last, previous=previous)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return written

    # ------------------------------------------------------------ reading
    def rows_since(self, seq: int, *, chunk: int = 4096) -> Iterator[list[StoredProfile]]:
        # A fresh process reads every row with its vector: in chunks, not all at once.
        with self._lock:
            cursor = self._conn.execute(
                "SELECT id, seq, data, terms, vector, model FROM profiles WHERE seq > ? ORDER BY seq",
                (seq,),
            )
            while rows := cursor.fetchmany(chunk):
                yield [StoredProfile(*r) for r in rows]

    def tombstones_since(self, seq: int) -> list[tuple[str, int]]:
        with self._lock:
            return [
                (pid, s)
                for pid, s in self._conn.execute(
                    "SELECT id, seq FROM tombstones WHERE seq > ? ORDER BY seq", (seq,)
                )
            ]

    def counts(self, model_id: str) -> tuple[int, int]:
        with self._lock:
            total, same = self._conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(model = ?), 0) FROM profiles", (model_id,)
            ).fetchone()
        return int(total), int(same)

    def other_model_rows(self, model_id: str, *, limit: int) -> list[StoredProfile]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, seq, data, terms, vector, model FROM profiles WHERE model <> ? "
                "ORDER BY seq LIMIT ?",
                (model_id, limit),
            ).fetchall()
        return [StoredProfile(*r) for r in rows]

    def close(self) -> None:
        self._conn.close()
