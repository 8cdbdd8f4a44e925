"""`MatchIndex`: a hybrid index over a store, kept in memory by every process that uses it.

The system of record is an `IndexStore` (`liaison.matching.store`): every live profile with
its lexical terms and its vector, a tombstone per removed profile, and a global change
sequence. The Django adapter keeps the store in the main database (SQLite or PostgreSQL);
`MatchIndex.open(path)` keeps it in one SQLite file under `path` (the command line, tests);
`MatchIndex.open(None)` in memory.

In memory each process holds a `Catalog` (lexical postings, the vector matrix, attribute
codes): a cache. Before answering, a process asks the store for its head (one cheap query)
and, when another process committed, reads only the rows and tombstones whose sequence
number is newer than the last one it applied (the change feed); when the store is another
one (a new `epoch`: restored, recreated) or went backwards, it rebuilds from the store.
A profile upserted by a background worker is thus visible to every web process, on every
machine, at its next query.

A cache directory (`cache_dir`; the path itself for a file store) may keep a snapshot of the
ANN graph (`vectors.usearch`, keys are sequence numbers, so valid in any process following
the same store) so that a process starting above the ANN threshold need not rebuild it.

Vectors carry the model that made them. A process only uses the vectors of its own
embedder's model; when the configured model changes, `reembed()` (a background task in the
Django app) re-embeds the stored profiles in batches, with progress (`reembedding()`),
while searches go on over the profiles already done.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from liaison.matching import glossary, lexicon
from liaison.matching.catalog import Catalog
from liaison.matching.embed import Embedder
from liaison.matching.lang import analyze
from liaison.matching.profile import Kind, Profile
from liaison.matching.rank import Filters, Match, Weights, insert, rank, reverse
from liaison.matching.store import IndexStore, NewProfile, SqliteStore, StoredProfile, Written

FloatMatrix = npt.NDArray[np.float32]

# Recent query texts whose vectors are kept (384 floats each: 512 take 0.8 MB).
QUERY_CACHE_SIZE = 512


# A Chinese search is embedded twice, as itself and as the English glosses of its words
# (`lexicon`), and its vector is the first plus this share of the second, re-normalized:
# the model reads a bag of English words for an English corpus better than it reads the
# Chinese across languages (chosen on the clean dev set, docs/matching.md).
GLOSS_SHARE = 0.4
# The glosses' pass reads at most this many words (the first ones): a pass of the model costs
# a search about 5 ms plus 0.4 ms a word, and a news sentence has 20+ (the dev set's UI
# strings 6: their nDCG@10 is the same from 8 words up). Chosen for the latency of item 9.
GLOSS_WORDS = 8


def search_glosses(source: Profile) -> str:
    """The English words a search is also embedded as: for a Chinese search, the first
    gloss of each of its words, analysed (no stop words), each once, the first
    `GLOSS_WORDS` of them ("" for other searches).
    Two glosses, or the glosses as the dictionary writes them, gave the same on the dev set
    with up to 2.6 times the words to embed."""
    if not source.is_query or source.lang != "zh":
        return ""
    glosses = lexicon.english_glosses(_terms(source.full_text), per_word=1)
    return " ".join(list(dict.fromkeys(analyze(glosses)))[:GLOSS_WORDS])


def embed_searches(
    embed_queries: Callable[[Sequence[str]], FloatMatrix], sources: Sequence[Profile]
) -> FloatMatrix:
    """The query vectors of searches (kind `query`), from `embed_queries` (an embedder's, or
    a cache of its vectors): each search embedded with the query prefix, a Chinese one plus
    `GLOSS_SHARE` of the vector of its English glosses (`search_glosses`), re-normalized."""
    vectors = np.array(embed_queries([s.full_text for s in sources]), dtype=np.float32)
    glosses = [search_glosses(s) for s in sources]
    todo = [i for i, g in enumerate(glosses) if g]
    if todo:
        blended = vectors[todo] + np.float32(GLOSS_SHARE) * np.asarray(
            embed_queries([glosses[i] for i in todo]), dtype=np.float32)
        vectors[todo] = blended / np.linalg.norm(blended, axis=1, keepdims=True)
    return vectors


def _with_glosses(source: Profile, terms: Sequence[str]) -> Sequence[str]:
    """A Chinese search's lexical terms with the English glosses of its terms
    (`lexicon`); other sources' terms as they are (a profile's ranking must stay the one
    that reverse top-k and incremental insertion reproduce from its stored terms)."""
    if not source.is_query or source.lang != "zh":
        return terms
    glosses = analyze(lexicon.english_glosses(terms))
    return [*terms, *(t for t in dict.fromkeys(glosses) if t not in terms)]


@lru_cache(maxsize=4096)
def _terms(text: str) -> tuple[str, ...]:
    """`analyze(text)`, kept for recent texts: a source's list is ranked again each time a
    counterpart enters it, and jieba's segmentation of a profile costs about 2 ms."""
    return tuple(analyze(text))


class IndexMismatch(RuntimeError):
    """The store holds vectors of another dimension than the embedder's and cannot be used
    until `reembed()` has run (kept for callers that catch it)."""


class MatchIndex:
    """Profiles, their vectors and terms; ranking and search over them.

    `MatchIndex.open(store_or_path, embedder=...)`: an `IndexStore` (the database), a
    directory (a SQLite file store in it), or None (a private in-memory index: CLI, tests).
    Thread-safe within a process; any number of processes may follow one store.
    """

    def __init__(
        self,
        store: IndexStore,
        *,
        cache_dir: Path | None,
        embedder: Embedder,
        ann_threshold: int,
        weights: Weights,
    ) -> None:
        self._store = store
        self.path = cache_dir
        self.embedder = embedder
        self.weights = weights
        self._ann_threshold = ann_threshold
        self._lock = threading.RLock()
        self._catalog = Catalog(embedder.dim, ann_threshold=ann_threshold)
        self._applied_seq = 0
        self._epoch: str | None = None
        self._head_seq = 0
        # Query text -> query vector: paging through results, or the same search from
        # several people, embeds once. The vectors depend on the embedder alone.
        self._query_vectors: OrderedDict[tuple[str, str | None], FloatMatrix] = OrderedDict()
        self.query_cache_size = QUERY_CACHE_SIZE

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(
        cls,
        path: str | Path | IndexStore | None,
        *,
        embedder: Embedder,
        ann_threshold: int = 20_000,
        weights: Weights | None = None,
        cache_dir: str | Path | None = None,
    ) -> MatchIndex:
        """Open the index over `path`: a store, a directory (created if needed) or None."""
        cache = Path(cache_dir) if cache_dir is not None else None
        store: IndexStore
        if path is None:
            store = SqliteStore(None)
        elif isinstance(path, (str, Path)):
            dir_path = Path(path)
            dir_path.mkdir(parents=True, exist_ok=True)
            store = SqliteStore(dir_path / "index.sqlite3")
            cache = cache or dir_path
        else:
            store = path
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
        store.initialize(model_id=embedder.model_id, dim=embedder.dim)
        index = cls(
            store,
            cache_dir=cache,
            embedder=embedder,
            ann_threshold=ann_threshold,
            weights=weights or Weights(),
        )
        index.refresh()
        index._load_graph_snapshot()
        return index

    @property
    def store(self) -> IndexStore:
        return self._store

    def close(self) -> None:
        self._store.close()

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

    def get_many(self, profile_ids: Iterable[str]) -> dict[str, Profile]:
        """The profiles of `profile_ids` that are in the index (one look at the store)."""
        self.refresh()
        with self._lock:
            slot_of, profiles = self._catalog.slot_of, self._catalog.profiles
            found = {pid: profiles[slot_of[pid]] for pid in profile_ids if pid in slot_of}
        return {pid: p for pid, p in found.items() if p is not None}

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
        self.refresh()  # reuse the stored vectors of unchanged texts, whoever wrote them
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
        threshold) and compute hubness; then write the snapshot if there is a cache dir."""
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
            written = self._store.delete(profile_id)
            if written is not None:
                self._advance(written)
            self._catalog.remove(profile_id)
            return written is not None

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

    def _advance(self, written: Written) -> None:
        """After our own write: when nobody else wrote since this process last caught up, the
        write keeps it caught up (a later refresh does not re-read its own rows)."""
        if written.previous == self._applied_seq:
            self._applied_seq = written.last
        self._head_seq = max(self._head_seq, written.last)

    def _write(
        self, batch: Sequence[Profile], terms: Sequence[Sequence[str]], vecs: FloatMatrix
    ) -> None:
        model = self.embedder.model_id
        rows = [
            NewProfile(
                id=p.id,
                data=json.dumps(p.to_dict(), ensure_ascii=False),
                terms="\x1f".join(terms[i]),
                vector=np.ascontiguousarray(vecs[i], dtype=np.float32).tobytes(),
                model_id=model,
            )
            for i, p in enumerate(batch)
        ]
        with self._lock:
            written = self._store.write(rows)
            self._advance(written)
            self._catalog.add_many(
                [(p, written.first + i, terms[i]) for i, p in enumerate(batch)], vecs
            )

    # ------------------------------------------------------- following the store
    def refresh(self) -> bool:
        """Apply the changes committed to the store since the last call; True if any."""
        with self._lock:
            store = self._store
            if not store.changed_hint():
                return False
            head = store.head()
            if head is None:  # the store was emptied under us: start again
                head = store.initialize(model_id=self.embedder.model_id, dim=self.embedder.dim)
            changed = False
            if head.epoch != self._epoch or head.seq < self._applied_seq:
                # Another store (restored, recreated) or one that went back (a rolled-back
                # transaction): what this process holds is not a prefix of it.
                changed = self._reset(head.epoch)
            self._head_seq = head.seq
            if head.seq == self._applied_seq:
                return changed
            since = self._applied_seq
            catalog = self._catalog
            model = self.embedder.model_id
            top = since
            for chunk in store.rows_since(since):
                top = max(top, chunk[-1].seq)
                fresh: list[StoredProfile] = []
                for row in chunk:
                    if row.model_id != model or len(row.vector) != 4 * self.embedder.dim:
                        # Another model's vector (a re-embedding is under way): not usable here.
                        changed |= catalog.remove(row.id)
                    elif catalog.seq_of.get(row.id) != row.seq:
                        fresh.append(row)
                if not fresh:
                    continue
                entries = [
                    (
                        Profile.from_dict(json.loads(r.data)),
                        r.seq,
                        r.terms.split("\x1f") if r.terms else [],
                    )
                    for r in fresh
                ]
                vecs = np.frombuffer(b"".join(r.vector for r in fresh), dtype=np.float32).reshape(
                    len(fresh), self.embedder.dim
                )
                catalog.add_many(entries, vecs)
                changed = True
            for pid, seq in store.tombstones_since(since):
                top = max(top, seq)
                if catalog.seq_of.get(pid, seq) < seq:
                    changed |= catalog.remove(pid)
            if changed and catalog.lexical.delta_size > 10_000:
                catalog.lexical.compact()
            # Writers are serialised, so every number up to the head read above was
            # committed before it: the rows read after it hold them all.
            self._applied_seq = max(self._applied_seq, head.seq, top)
            if catalog.dead_share > 0.5 and catalog.size > 1000:
                self._rebuild_catalog()
            return changed

    def _reset(self, epoch: str) -> bool:
        had = len(self._catalog) > 0
        self._catalog = Catalog(self.embedder.dim, ann_threshold=self._ann_threshold)
        self._applied_seq = 0
        self._epoch = epoch
        return had

    def _rebuild_catalog(self) -> None:
        """Drop retired slots: reload the live profiles from the store."""
        self._catalog = Catalog(self.embedder.dim, ann_threshold=self._ann_threshold)
        self._applied_seq = 0
        self._epoch = None
        self.refresh()
        self._load_graph_snapshot()

    @property
    def applied_seq(self) -> int:
        """The last sequence number of the store this process's cache holds."""
        return self._applied_seq

    def lag(self) -> int:
        """Changes committed to the store that this process has not applied yet (as of the
        last look at the store's head)."""
        return max(self._head_seq - self._applied_seq, 0)

    # ------------------------------------------------------------ model changes
    def reembedding(self) -> tuple[int, int]:
        """(profiles whose vector is in this process's model, all stored profiles)."""
        total, done = self._store.counts(self.embedder.model_id)
        return done, total

    def reembed(
        self,
        *,
        batch_size: int = 256,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Re-embed, with this process's embedder, every stored profile whose vector is in
        another model; declares this model as the store's. `progress(done, total)` after
        each batch. Safe beside concurrent edits (an edited profile is embedded by its edit).
        Returns the number re-embedded."""
        model = self.embedder.model_id
        self._store.set_model(model_id=model, dim=self.embedder.dim)
        count = 0
        stuck = 0
        while True:
            rows = self._store.other_model_rows(model, limit=batch_size)
            if not rows:
                break
            profiles = [Profile.from_dict(json.loads(r.data)) for r in rows]
            vecs = self.embedder.embed_passages([p.full_text for p in profiles])
            written = self._store.replace_vectors(
                [
                    (r.id, r.seq, np.ascontiguousarray(v, dtype=np.float32).tobytes())
                    for r, v in zip(rows, vecs, strict=True)
                ],
                model_id=model,
            )
            if written is None:
                stuck += 1
                if stuck > 10:  # rows keep changing under us: the next run picks them up
                    break
            else:
                count += written.last - written.first + 1
            self.refresh()
            if progress is not None:
                done, total = self.reembedding()
                progress(done, total)
        return count

    # ------------------------------------------------------------ ANN snapshot
    def _graph_paths(self) -> tuple[Path, Path] | None:
        if self.path is None:
            return None
        return self.path / "vectors.usearch", self.path / "vectors.json"

    def _hub_path(self) -> Path | None:
        return None if self.path is None else self.path / "hubness.npz"

    def _snapshot_identity(self) -> dict[str, Any]:
        return {"model_id": self.embedder.model_id, "epoch": self._epoch}

    def _load_graph_snapshot(self) -> None:
        paths = self._graph_paths()
        vectors = self._catalog.vectors
        if paths is None or not vectors.uses_graph:
            return
        graph_path, meta_path = paths
        hub_path = self._hub_path()
        if graph_path.exists() and meta_path.exists():
            meta = json.loads(meta_path.read_text())
            # Keys are sequence numbers of one store: a snapshot of another is not used.
            if all(meta.get(k) == v for k, v in self._snapshot_identity().items()):
                vectors.load_graph(graph_path)
                if hub_path is not None and hub_path.exists():
                    with np.load(hub_path) as saved:
                        vectors.set_hub_values(saved["keys"], saved["hub"])
                return
        self.prepare()

    def save_snapshot(self) -> None:
        """Write the ANN graph snapshot (atomically) so that other processes on this machine
        need not rebuild it. A cache: deleting it costs a rebuild, nothing else."""
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
            tmp_meta = meta_path.with_suffix(f".tmp{os.getpid()}")
            tmp_meta.write_text(json.dumps({**self._snapshot_identity(), "seq": self._applied_seq}))
            os.replace(tmp_meta, meta_path)

    # ------------------------------------------------------------ ranking
    def rank(
        self,
        source: Profile,
        *,
        k: int = 10,
        filters: Filters | None = None,
        extra_terms: str = "",
    ) -> list[Match]:
        """Counterparts of `source` (or search results when its kind is "query"), best first.
        `extra_terms`: more text for the lexical side only (a search's terms in other
        languages), not embedded."""
        text = source.full_text
        qvec = self._stored_vector(source)
        if qvec is None:
            qvec = self._fresh_source_vector(source)
        terms = list(_with_glosses(source, _terms(text)))
        if extra_terms:
            terms = terms + [t for t in analyze(extra_terms) if t not in terms]
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

    def _stored_vector(self, source: Profile, *, refresh: bool = True) -> FloatMatrix | None:
        """The stored vector of `source` when it is its query vector too: a symmetric
        embedder (same prefix both sides) and the same text in the index. `refresh=False`:
        the caller has just followed the store."""
        if not self._embedded_as_stored(source):
            return None
        if refresh:
            self.refresh()
        with self._lock:
            slot = self._catalog.slot_of.get(source.id)
            stored = None if slot is None else self._catalog.profiles[slot]
            if stored is None or stored.full_text != source.full_text:
                return None
            return self._catalog.vectors.matrix[slot].copy()

    def _embedded_as_stored(self, source: Profile) -> bool:
        """Whether `source`'s query vector is the vector it is (or would be) stored with: a
        profile, not a search, with a symmetric embedder."""
        return not source.is_query and getattr(self.embedder, "symmetric", False)

    def _fresh_source_vector(self, source: Profile) -> FloatMatrix:
        """The query vector of a source that is not stored as it is: a search's query
        embedding, or the vector a profile would be stored with (so that its ranking is the
        one it gets once stored)."""
        if self._embedded_as_stored(source):
            return self.embedder.embed_passages([source.full_text])[0]
        return self.query_vector(source)

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

    def query_vector(self, source: Profile) -> FloatMatrix:
        """The query embedding of a search (`embed_searches`), from the cache when the same
        text in the same language was asked recently."""
        key = (source.full_text, source.lang)
        with self._lock:
            cached = self._query_vectors.get(key)
            if cached is not None:
                self._query_vectors.move_to_end(key)
                return cached
        vector = embed_searches(self.embedder.embed_queries, [source])[0]
        if self.query_cache_size > 0:
            with self._lock:
                self._query_vectors[key] = vector
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
            qvecs = self._source_vectors(sources)
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
                        query_terms=_with_glosses(source, self._source_terms(source)),
                        query_lang=source.lang,
                        k=k,
                        filters=filters,
                        weights=self.weights,
                    )
                )
        return out

    def update_lists(
        self, changed: str, lists: Mapping[str, Sequence[tuple[str, float]]], *, k: int
    ) -> dict[str, list[Match] | None]:
        """The lists of stored sources after profile `changed` was upserted or removed,
        each worked out from the list it had (`lists`: source id -> its (id, score) pairs
        from its last ranking, best first) by scoring its members and the changed profile
        with the ranking's own fusion, instead of ranking it again
        (`liaison.matching.rank.insert`): the same list `rank_many` would give. A source
        maps to None when only a full ranking can tell (then `rank_many` it), or when it
        is not in the index."""
        self.refresh()
        with self._lock:
            sources = {sid: self._catalog.profiles[slot] for sid in lists
                       if (slot := self._catalog.slot_of.get(sid)) is not None}
        present = [p for p in sources.values() if p is not None]
        vectors = self._source_vectors(present, refresh=False)
        qvecs = dict(zip([p.id for p in present], vectors, strict=True))
        out: dict[str, list[Match] | None] = dict.fromkeys(lists)
        with self._lock:
            for source in present:
                out[source.id] = insert(
                    self._catalog,
                    source=source,
                    query_vector=qvecs[source.id],
                    query_terms=self._source_terms(source),
                    listed=lists[source.id],
                    changed=changed,
                    k=k,
                    weights=self.weights,
                )
        return out

    def _source_vectors(self, sources: Sequence[Profile], *, refresh: bool = True) -> FloatMatrix:
        """Query vectors of `sources`: their stored vectors where those are their query
        vectors too, the others embedded in one batch. `refresh=False`: the caller has just
        followed the store."""
        if refresh:
            self.refresh()  # once for all sources: each store look is a query in the database
        stored = [self._stored_vector(s, refresh=False) for s in sources]
        todo = [i for i, v in enumerate(stored) if v is None]
        qvecs = np.zeros((len(sources), self.embedder.dim), dtype=np.float32)
        profiles = [i for i in todo if self._embedded_as_stored(sources[i])]
        searches = [i for i in todo if not self._embedded_as_stored(sources[i])]
        if searches:
            qvecs[searches] = embed_searches(self.embedder.embed_queries, [sources[i] for i in searches])
        if profiles:
            qvecs[profiles] = self.embedder.embed_passages([sources[i].full_text for i in profiles])
        for i, v in enumerate(stored):
            if v is not None:
                qvecs[i] = v
        return qvecs

    def _source_terms(self, source: Profile) -> Sequence[str]:
        """The lexical query of `source`: a stored profile's own indexed terms when its text
        is the stored one (no segmentation again), else its text analysed."""
        with self._lock:
            slot = self._catalog.slot_of.get(source.id)
            stored = None if slot is None else self._catalog.profiles[slot]
            if stored is not None and stored.full_text == source.full_text:
                return self._catalog.lexical.query_of(slot)  # type: ignore[arg-type]
        return _terms(source.full_text)

    def search(
        self,
        text: str,
        *,
        k: int = 10,
        filters: Filters | None = None,
        lang: str | None = None,
        across_languages: bool = False,
    ) -> list[Match]:
        """Plain search over the directory and marketplace. `across_languages`: the lexical
        side also looks for the other languages' words of the key terms the query names
        (`glossary.expansion`: 储能 also finds "energy storage" and "אגירת אנרגיה")."""
        query = Profile(id="_search", kind=Kind.QUERY, text=text, lang=lang)
        extra = glossary.expansion(text) if across_languages else ""
        return self.rank(query, k=k, filters=filters, extra_terms=extra)

    def stats(self) -> dict[str, Any]:
        self.refresh()
        c = self._catalog
        return {
            "profiles": len(c),
            "slots": c.size,
            "terms": len(c.lexical.terms),
            "ann": c.vectors.uses_graph,
            "seq": self._applied_seq,
            "lag": self.lag(),
            "model_id": self.embedder.model_id,
        }
