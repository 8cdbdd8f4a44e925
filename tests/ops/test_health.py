"""Health and readiness endpoints; one JSON log line per request with its request id."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.utils import timezone


def beat(seconds_ago: float = 0) -> None:
    import datetime as dt

    from liaison.common.models import WorkerHeartbeat

    seen = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(worker_id="w1", hostname="elsewhere", pid=1, started_at=seen,
                                   seen_at=seen)


def test_healthz_is_503_without_a_live_worker_and_200_with_one(client: Any, db: Any) -> None:
    down = client.get("/healthz")
    assert down.status_code == 503
    assert down.json()["checks"]["worker"]["alive"] == 0
    assert down.json()["checks"]["database"]["ok"] is True
    beat()
    up = client.get("/healthz")
    assert up.status_code == 200, up.json()
    assert set(up.json()["checks"]) == {"database", "worker", "index"}
    assert up.json()["checks"]["index"]["seq"] == 0


def test_healthz_is_503_when_the_queue_waits_too_long(client: Any, db: Any, settings: Any) -> None:
    import datetime as dt

    from django_tasks_db.models import DBTaskResult

    beat()
    task = DBTaskResult.objects.create(task_path="liaison.matchmaking.tasks.reindex_task",
                                       backend_name="default", args_kwargs={"args": [], "kwargs": {}},
                                       run_after=timezone.now())
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - dt.timedelta(hours=1))
    settings.LIAISON_HEALTH_MAX_QUEUE_SECONDS = 600
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["queue_oldest_seconds"] >= 3600


def test_healthz_reports_this_process_s_index_lag(client: Any, db: Any, settings: Any, tmp_path: Any,
                                                  monkeypatch: Any) -> None:
    from liaison.common import embedding
    from liaison.matching import Profile
    from liaison.matching.store import NewProfile
    from liaison.matchmaking import engine
    from liaison.matchmaking.store import DatabaseStore
    from tests.matching.support import WordHashEmbedder

    settings.LIAISON_MATCH_INDEX_DIR = tmp_path / "cache"
    monkeypatch.setattr(embedding, "_embedder", WordHashEmbedder())
    monkeypatch.setattr(engine, "_index", None)
    beat()
    engine.index()
    p = Profile(id="opp-1", kind="opportunity", title="solar", text="solar", ecosystem="beijing")
    vec = WordHashEmbedder().embed_passages(["solar"])[0].tobytes()
    # Another machine's worker writes three times.
    for _ in range(3):
        DatabaseStore().write([NewProfile(id=p.id, data=json.dumps(p.to_dict()), terms="solar",
                                          vector=vec, model_id="test/word-hash")])
    index = client.get("/healthz").json()["checks"]["index"]
    assert (index["seq"], index["lag"], index["applied"]) == (3, 3, 3)
    assert client.get("/healthz").json()["checks"]["index"]["lag"] == 0
    engine.use()


def test_readyz_says_ready_when_every_migration_is_applied(client: Any, db: Any) -> None:
    assert client.get("/readyz").json() == {"ready": True}


def test_each_request_logs_one_json_line_with_its_request_id(client: Any, db: Any) -> None:
    from liaison.common.logging import JsonFormatter

    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("liaison.request")
    logger.addHandler(handler)
    try:
        response = client.get("/livez", HTTP_X_REQUEST_ID="proxy-id-1234")
        fresh = client.get("/livez", HTTP_X_REQUEST_ID="bad id with spaces")
    finally:
        logger.removeHandler(handler)
    assert response["X-Request-ID"] == "proxy-id-1234"
    assert len(fresh["X-Request-ID"]) == 32
    assert len(lines) == 2 and all("\n" not in line for line in lines)
    first, second = (json.loads(line) for line in lines)
    assert (first["path"], first["status"], first["method"], first["request_id"]) == (
        "/livez", 200, "GET", "proxy-id-1234")
    assert second["request_id"] == fresh["X-Request-ID"]
