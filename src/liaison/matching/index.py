"""`MatchIndex`: a persistent hybrid index in one directory, shared by several processes.

On disk (`<path>/`):

- `index.sqlite3` (WAL): every live profile with its lexical terms and its vector, a
  tombstone per removed profile, and a global sequence number bumped by every change. SQLite
  does the cross-process locking (fcntl) and makes every change atomic.
- `vectors.usearch` + `vectors.json`: a snapshot of the ANN graph (keys are sequence
  numbers, so the snapshot is valid in any process), written once a process builds the graph.

In memory each process holds a `Catalog` (lexical postings, the vector matrix, attribute
codes). Before answering, a process checks SQLite's `data_version` (a few microseconds) and,
when another process committed, reads only the rows whose sequence number is newer than the
last one it applied. A profile upserted by a background worker is thus visible to every web
process at its next query.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from liaison.matching.catalog import Catalog
from liaison.matching.embed import Embedder
from liaison.matching.lang import analyze
from liaison.matching.profile import Kind, Profile
from liaison.matching.rank import Filters, Match, Weights, rank, reverse

FloatMatrix = npt.NDArray[np.float32]

# Recent query texts whose vectors are kept (384 floats each: 512 take 0.8 MB).
QUERY_CACHE_SIZE = 512

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


class IndexMismatch(RuntimeError):
    """The index on disk was built with another embedding model."""


class MatchIndex:
    """Profiles, their vectors and terms; ranking and search over them.

    Use `MatchIndex.open(path, embedder=...)` for a shared on-disk index, or
    `MatchIndex.open(None, embedder=...)` for a private in-memory one (CLI, tests).
    Thread-safe within a process; several processes may open the same path.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        path: Path | None,
        embedder: Embedder,
        ann_threshold: int,
        weights: Weights,
    ) -> None:
        self._conn = conn
        self.path = path
        self.embedder = embedder
        self.weights = weights
        self._ann_threshold = ann_threshold
        self._lock = threading.RLock()
        self._catalog = Catalog(embedder.dim, ann_threshold=ann_threshold)
        self._applied_seq = 0
        self._pending_seq: int | None = None
        self._data_version = -1
        # Query text -> query vector: paging through results, or the same search from
        # several people, embeds once. The vectors depend on the embedder alone.
        self._query_vectors: OrderedDict[str, FloatMatrix] = OrderedDict()
        self.query_cache_size = QUERY_CACHE_SIZE

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(
        cls,
        path: str | Path | None,
        *,
        embedder: Embedder,
        ann_threshold: int = 20_000,
        weights: Weights | None = None,
    ) -> MatchIndex:
        """Open (creating if needed) the index directory `path`; None = in memory."""
        if path is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            dir_path = None
        else:
            dir_path = Path(path)
            dir_path.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                dir_path / "index.sqlite3",
                check_same_thread=False,
                isolation_level=None,
                timeout=30.0,
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        stored = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if not stored:
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [("model_id", embedder.model_id), ("dim", str(embedder.dim)), ("seq", "0")],
            )
        conn.execute("COMMIT")
        if stored and stored.get("model_id") != embedder.model_id:
            raise IndexMismatch(
                f"index at {path} holds {stored.get('model_id')} vectors, "
                f"the embedder is {embedder.model_id}: re-embed into a new index"
            )
        index = cls(
            conn,
            path=dir_path,
            embedder=embedder,
            ann_threshold=ann_threshold,
            weights=weights or Weights(),
        )
        index.refresh()
        index._load_graph_snapshot()
        return index

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> MatchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ reading
    def __len__(self) -> int:
        self.refresh()
        return len(self._catalog)

    def __contains__(self, profile_id: object) -> bool:
        self.refresh()
        return profile_id in self._catalog.slot_of

    def get(self, profile_id: str) -> Profile | None:
        self.refresh()
        slot = self._catalog.slot_of.get(profile_id)
        return None if slot is None else self._catalog.profiles[slot]

    def ids(self) -> list[str]:
        self.refresh()
        return list(self._catalog.slot_of)

    # ------------------------------------------------------------ writing
    def upsert(self, profile: Profile, *, vector: FloatMatrix | None = None) -> None:
        """Add `profile`, or replace the profile with its id (re-embedding only if its text
        changed)."""
        self.upsert_many([profile], vectors=None if vector is None else vector[None, :])

    def upsert_many(
        self,
        profiles: Iterable[Profile],
        *,
        vectors: FloatMatrix | None = None,
        batch_size: int = 512,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Add or replace many profiles (embedded in batches unless `vectors` are given).

        Returns the number written. `progress(n)` is called after each batch.
        """
        items = list(profiles)
        # The last version of an id wins; a batch never holds the same id twice.
        last = {p.id: i for i, p in enumerate(items)}
        if len(last) < len(items):
            keep = sorted(last.values())
            items = [items[i] for i in keep]
            if vectors is not None:
                vectors = np.asarray(vectors)[keep]
        written = 0
        for start in range(0, len(items), batch_size):
            batch = items[start : start + batch_size]
            if vectors is not None:
                vecs = np.asarray(vectors[start : start + batch_size], dtype=np.float32)
            else:
                vecs = self._passage_vectors(batch)
            terms = [analyze(p.full_text) for p in batch]
            self._write(batch, terms, vecs)
            written += len(batch)
            if progress is not None:
                progress(len(batch))
        if len(items) > 1:
            with self._lock:
                self._catalog.lexical.compact()
        return written

    def prepare(self) -> None:
        """Do now what the first query would otherwise do: build the ANN graph (above the
        threshold) and compute hubness; then write the snapshot if the index is on disk."""
        self.refresh()
        with self._lock:
            vectors = self._catalog.vectors
            if vectors.uses_graph and vectors._graph is None:
                vectors.build_graph()
            vectors.hubness()
        self.save_snapshot()

    def remove(self, profile_id: str) -> bool:
        """Remove the profile; False if it was not there."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                gone = conn.execute("DELETE FROM profiles WHERE id = ?", (profile_id,)).rowcount
                if gone:
                    seq = self._next_seq(conn, 1)
                    conn.execute(
                        "INSERT OR REPLACE INTO tombstones (id, seq) VALUES (?, ?)",
                        (profile_id, seq),
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                self._pending_seq = None
                raise
            self._committed()
            self._catalog.remove(profile_id)
            return bool(gone)

    def _passage_vectors(self, batch: Sequence[Profile]) -> FloatMatrix:
        """Embed the batch, reusing the stored vector of a profile whose text is unchanged."""
        out = np.zeros((len(batch), self.embedder.dim), dtype=np.float32)
        todo: list[int] = []
        with self._lock:
            for i, p in enumerate(batch):
                slot = self._catalog.slot_of.get(p.id)
                old = None if slot is None else self._catalog.profiles[slot]
                if old is not None and old.full_text == p.full_text:
                    out[i] = self._catalog.vectors.matrix[slot]
                else:
                    todo.append(i)
        if todo:
            out[todo] = self.embedder.embed_passages([batch[i].full_text for i in todo])
        return out

    def _next_seq(self, conn: sqlite3.Connection, count: int) -> int:
        """Reserve `count` sequence numbers inside the current write transaction.

        When nobody else wrote since this process last caught up, its own write keeps it
        caught up (so a later refresh does not re-read its own rows)."""
        (current,) = conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        last = int(current) + count
        conn.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (str(last),))
        self._pending_seq = last if int(current) == self._applied_seq else None
        return last - count + 1

    def _committed(self) -> None:
        if self._pending_seq is not None:
            self._applied_seq = self._pending_seq
        self._pending_seq = None

    def _write(
        self, batch: Sequence[Profile], terms: Sequence[Sequence[str]], vecs: FloatMatrix
    ) -> None:
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                first = self._next_seq(conn, len(batch))
                rows = [
                    (
                        p.id,
                        first + i,
                        json.dumps(p.to_dict(), ensure_ascii=False),
                        "\x1f".join(terms[i]),
                        np.ascontiguousarray(vecs[i], dtype=np.float32).tobytes(),
                    )
                    for i, p in enumerate(batch)
                ]
                conn.executemany(
                    "INSERT OR REPLACE INTO profiles (id, seq, data, terms, vector) VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
                conn.executemany("DELETE FROM tombstones WHERE id = ?", [(p.id,) for p in batch])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                self._pending_seq = None
                raise
            self._committed()
            self._catalog.add_many([(p, first + i, terms[i]) for i, p in enumerate(batch)], vecs)

    # ------------------------------------------------------- cross-process
    def refresh(self) -> bool:
        """Apply changes other processes committed since the last call; True if any."""
        with self._lock:
            conn = self._conn
            (version,) = conn.execute("PRAGMA data_version").fetchone()
            if version == self._data_version:
                return False
            self._data_version = version
            since = self._applied_seq
            cursor = conn.execute(
                "SELECT id, seq, data, terms, vector FROM profiles WHERE seq > ? ORDER BY seq",
                (since,),
            )
            catalog = self._catalog
            changed = False
            seqs: list[int] = []
            while True:  # in chunks: a fresh process reads 100,000 rows with their vectors
                rows = cursor.fetchmany(4096)
                if not rows:
                    break
                seqs.extend(r[1] for r in rows)
                chunk = [r for r in rows if catalog.seq_of.get(r[0]) != r[1]]
                if not chunk:
                    continue
                entries = [
                    (Profile.from_dict(json.loads(data)), seq, terms.split("\x1f") if terms else [])
                    for _id, seq, data, terms, _vec in chunk
                ]
                vecs = np.frombuffer(b"".join(r[4] for r in chunk), dtype=np.float32).reshape(
                    len(chunk), self.embedder.dim
                )
                catalog.add_many(entries, vecs)
                changed = True
            dead = conn.execute(
                "SELECT id, seq FROM tombstones WHERE seq > ? ORDER BY seq", (since,)
            ).fetchall()
            for pid, seq in dead:
                if catalog.seq_of.get(pid, seq) < seq:
                    changed |= catalog.remove(pid)
            seqs.extend(d[1] for d in dead)
            if changed and catalog.lexical.delta_size > 10_000:
                catalog.lexical.compact()
            if seqs:
                self._applied_seq = max(self._applied_seq, *seqs)
            if catalog.dead_share > 0.5 and catalog.size > 1000:
                self._rebuild_catalog()
            return changed

    def _rebuild_catalog(self) -> None:
        """Drop retired slots: reload the live profiles from the store."""
        self._catalog = Catalog(self.embedder.dim, ann_threshold=self._ann_threshold)
        self._applied_seq = 0
        self._data_version = -1
        self.refresh()
        self._load_graph_snapshot()

    # ------------------------------------------------------------ ANN snapshot
    def _graph_paths(self) -> tuple[Path, Path] | None:
        if self.path is None:
            return None
        return self.path / "vectors.usearch", self.path / "vectors.json"

    def _hub_path(self) -> Path | None:
        return None if self.path is None else self.path / "hubness.npz"

    def _load_graph_snapshot(self) -> None:
        paths = self._graph_paths()
        vectors = self._catalog.vectors
        if paths is None or not vectors.uses_graph:
            return
        graph_path, meta_path = paths
        hub_path = self._hub_path()
        if graph_path.exists() and meta_path.exists():
            meta = json.loads(meta_path.read_text())
            if meta.get("model_id") == self.embedder.model_id:
                vectors.load_graph(graph_path)
                if hub_path is not None and hub_path.exists():
                    with np.load(hub_path) as saved:
                        vectors.set_hub_values(saved["keys"], saved["hub"])
                return
        self.prepare()

    def save_snapshot(self) -> None:
        """Write the ANN graph snapshot (atomically) so other processes need not rebuild it."""
        paths = self._graph_paths()
        vectors = self._catalog.vectors
        if paths is None or not vectors.uses_graph:
            return
        with self._lock:
            if vectors._graph is None:
                vectors.build_graph()
            graph_path, meta_path = paths
            tmp = graph_path.with_suffix(f".tmp{os.getpid()}")
            vectors.save_graph(tmp)
            os.replace(tmp, graph_path)
            keys, hub = vectors.hub_values()
            hub_path = self._hub_path()
            assert hub_path is not None
            tmp_hub = hub_path.with_name(f"hubness.tmp{os.getpid()}.npz")
            np.savez(tmp_hub, keys=keys, hub=hub)
            os.replace(tmp_hub, hub_path)
            meta_path.write_text(
                json.dumps({"model_id": self.embedder.model_id, "seq": self._applied_seq})
            )

    # ------------------------------------------------------------ ranking
    def rank(
        self,
        source: Profile,
        *,
        k: int = 10,
        filters: Filters | None = None,
    ) -> list[Match]:
        """Counterparts of `source` (or search results when its kind is "query"), best first."""
        text = source.full_text
        qvec = self._stored_vector(source)
        if qvec is None:
            qvec = self.query_vector(text)
        terms = analyze(text)
        self.refresh()
        with self._lock:
            return rank(
                self._catalog,
                source=source,
                query_vector=qvec,
                query_terms=terms,
                query_lang=source.lang,
                k=k,
                filters=filters,
                weights=self.weights,
            )

    def _stored_vector(self, source: Profile) -> FloatMatrix | None:
        """The stored vector of `source` when it is its query vector too: a symmetric
        embedder (same prefix both sides) and the same text in the index."""
        if source.is_query or not getattr(self.embedder, "symmetric", False):
            return None
        self.refresh()
        with self._lock:
            slot = self._catalog.slot_of.get(source.id)
            stored = None if slot is None else self._catalog.profiles[slot]
            if stored is None or stored.full_text != source.full_text:
                return None
            return self._catalog.vectors.matrix[slot].copy()

    def reverse(self, target: Profile, *, limit: int = 50) -> list[Match]:
        """The profiles in whose ranking `target` (already upserted) would score highest,
        with that score: see `liaison.matching.rank.reverse` (reverse top-k)."""
        vector = self._stored_vector(target)
        if vector is None:
            vector = self.embedder.embed_passages([target.full_text])[0]
        self.refresh()
        with self._lock:
            return reverse(
                self._catalog,
                target=target,
                target_vector=vector,
                limit=limit,
                weights=self.weights,
            )

    def query_vector(self, text: str) -> FloatMatrix:
        """The query embedding of `text`, from the cache when it was asked recently."""
        with self._lock:
            cached = self._query_vectors.get(text)
            if cached is not None:
                self._query_vectors.move_to_end(text)
                return cached
        vector = self.embedder.embed_queries([text])[0]
        if self.query_cache_size > 0:
            with self._lock:
                self._query_vectors[text] = vector
                while len(self._query_vectors) > self.query_cache_size:
                    self._query_vectors.popitem(last=False)
        return vector

    def rank_many(
        self,
        sources: Sequence[Profile],
        *,
        k: int = 10,
        query_vectors: FloatMatrix | None = None,
        filters: Filters | None = None,
    ) -> list[list[Match]]:
        """`rank` for many sources, embedding them in one batch (unless given)."""
        if query_vectors is None:
            stored = [self._stored_vector(s) for s in sources]
            todo = [i for i, v in enumerate(stored) if v is None]
            qvecs = np.zeros((len(sources), self.embedder.dim), dtype=np.float32)
            if todo:
                qvecs[todo] = self.embedder.embed_queries([sources[i].full_text for i in todo])
            for i, v in enumerate(stored):
                if v is not None:
                    qvecs[i] = v
        else:
            qvecs = np.asarray(query_vectors, dtype=np.float32)
        self.refresh()
        out = []
        with self._lock:
            for source, qvec in zip(sources, qvecs, strict=True):
                out.append(
                    rank(
                        self._catalog,
                        source=source,
                        query_vector=qvec,
                        query_terms=analyze(source.full_text),
                        query_lang=source.lang,
                        k=k,
                        filters=filters,
                        weights=self.weights,
                    )
                )
        return out

    def search(
        self,
        text: str,
        *,
        k: int = 10,
        filters: Filters | None = None,
        lang: str | None = None,
    ) -> list[Match]:
        """Plain search over the directory and marketplace."""
        query = Profile(id="_search", kind=Kind.QUERY, text=text, lang=lang)
        return self.rank(query, k=k, filters=filters)

    def stats(self) -> dict[str, Any]:
        self.refresh()
        c = self._catalog
        return {
            "profiles": len(c),
            "slots": c.size,
            "terms": len(c.lexical.terms),
            "ann": c.vectors.uses_graph,
            "seq": self._applied_seq,
            "model_id": self.embedder.model_id,
        }
