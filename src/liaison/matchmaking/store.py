"""The match index's store in the main database (`IndexState`, `IndexProfile`,
`IndexTombstone`): the engine's `IndexStore` interface on Django's connection, so SQLite and
PostgreSQL hold it with the same migrations and every web process on every machine follows
one change feed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence

from django.db import transaction
from django.db.models import Count, F, Q

from liaison.matching.store import Head, NewProfile, StoredProfile, Written
from liaison.matchmaking.models import IndexProfile, IndexState, IndexTombstone

FIELDS = ("key", "seq", "data", "terms", "vector", "model_id")


def _row(values: tuple[object, ...]) -> StoredProfile:
    key, seq, data, terms, vector, model_id = values
    return StoredProfile(
        id=str(key), seq=int(seq), data=str(data), terms=str(terms),  # type: ignore[call-overload]
        vector=bytes(vector), model_id=str(model_id),  # type: ignore[call-overload]
    )


class DatabaseStore:
    """`IndexStore` over the tables of `liaison.matchmaking.models` (database `using`)."""

    def __init__(self, using: str = "default") -> None:
        self.using = using

    def head(self) -> Head | None:
        row = (IndexState.objects.using(self.using).filter(pk=1)
               .values_list("seq", "epoch", "model_id", "dim").first())
        if row is None:
            return None
        seq, epoch, model_id, dim = row
        return Head(seq=seq, epoch=epoch, model_id=model_id, dim=dim)

    def initialize(self, *, model_id: str, dim: int) -> Head:
        IndexState.objects.using(self.using).get_or_create(
            pk=1, defaults={"epoch": uuid.uuid4().hex, "model_id": model_id, "dim": dim})
        head = self.head()
        assert head is not None
        return head

    def changed_hint(self) -> bool:
        return True  # the head is one indexed read: it is the check

    def set_model(self, *, model_id: str, dim: int) -> None:
        IndexState.objects.using(self.using).filter(pk=1).update(model_id=model_id, dim=dim)

    # ------------------------------------------------------------ writing
    def _lock(self) -> int:
        """Lock the state row (first, in every write: one lock order, no deadlock); the
        current head."""
        return int(IndexState.objects.using(self.using).select_for_update()
                   .values_list("seq", flat=True).get(pk=1))

    def _take(self, previous: int, count: int) -> Written:
        IndexState.objects.using(self.using).filter(pk=1).update(seq=F("seq") + count)
        return Written(first=previous + 1, last=previous + count, previous=previous)

    def write(self, rows: Sequence[NewProfile]) -> Written:
        with transaction.atomic(using=self.using):
            written = self._take(self._lock(), len(rows))
            IndexProfile.objects.using(self.using).bulk_create(
                [IndexProfile(key=r.id, seq=written.first + i, data=r.data, terms=r.terms,
                              vector=r.vector, model_id=r.model_id) for i, r in enumerate(rows)],
                update_conflicts=True, unique_fields=["key"],
                update_fields=["seq", "data", "terms", "vector", "model_id"],
            )
            IndexTombstone.objects.using(self.using).filter(key__in=[r.id for r in rows]).delete()
        return written

    def delete(self, profile_id: str) -> Written | None:
        with transaction.atomic(using=self.using):
            previous = self._lock()
            gone, _ = IndexProfile.objects.using(self.using).filter(key=profile_id).delete()
            if not gone:
                return None
            written = self._take(previous, 1)
            IndexTombstone.objects.using(self.using).update_or_create(
                key=profile_id, defaults={"seq": written.last})
        return written

    def replace_vectors(self, rows: Sequence[tuple[str, int, bytes]], *,
                        model_id: str) -> Written | None:
        with transaction.atomic(using=self.using):
            previous = self._lock()
            current = dict(IndexProfile.objects.using(self.using)
                           .filter(key__in=[r[0] for r in rows]).values_list("key", "seq"))
            todo = [r for r in rows if current.get(r[0]) == r[1]]
            if not todo:
                return None
            written = self._take(previous, len(todo))
            for i, (key, seq, vector) in enumerate(todo):
                IndexProfile.objects.using(self.using).filter(key=key, seq=seq).update(
                    vector=vector, model_id=model_id, seq=written.first + i)
        return written

    # ------------------------------------------------------------ reading
    def rows_since(self, seq: int, *, chunk: int = 4096) -> Iterator[list[StoredProfile]]:
        qs = (IndexProfile.objects.using(self.using).filter(seq__gt=seq).order_by("seq")
              .values_list(*FIELDS))
        batch: list[StoredProfile] = []
        for values in qs.iterator(chunk_size=chunk):
            batch.append(_row(values))
            if len(batch) >= chunk:
                yield batch
                batch = []
        if batch:
            yield batch

    def tombstones_since(self, seq: int) -> list[tuple[str, int]]:
        return list(IndexTombstone.objects.using(self.using).filter(seq__gt=seq)
                    .order_by("seq").values_list("key", "seq"))

    def counts(self, model_id: str) -> tuple[int, int]:
        got = IndexProfile.objects.using(self.using).aggregate(
            total=Count("key"), same=Count("key", filter=Q(model_id=model_id)))
        return int(got["total"]), int(got["same"])

    def other_model_rows(self, model_id: str, *, limit: int) -> list[StoredProfile]:
        qs = (IndexProfile.objects.using(self.using).exclude(model_id=model_id)
              .order_by("seq").values_list(*FIELDS)[:limit])
        return [_row(v) for v in qs]

    def close(self) -> None:
        pass  # Django owns the connection
