"""Health checks for `/healthz`: each returns a dict with "ok"; apps above register theirs
(the match index, from matchmaking) so that common imports nothing above it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

Check = Callable[[], dict[str, Any]]
_checks: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    _checks[name] = check


def database() -> dict[str, Any]:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor,
            "ms": round((time.perf_counter() - start) * 1000, 1)}


def worker() -> dict[str, Any]:
    """A worker beat within the staleness limit, and the queue's oldest ready task is not
    older than `LIAISON_HEALTH_MAX_QUEUE_SECONDS`."""
    from django_tasks_db.models import DBTaskResult

    from liaison.common.models import WorkerHeartbeat

    now = timezone.now()
    limit = dt.timedelta(seconds=settings.LIAISON_WORKER_STALE_SECONDS)
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - limit).count()
    oldest = (DBTaskResult.objects.filter(status="READY", run_after__lte=now)
              .order_by("enqueued_at").values_list("enqueued_at", flat=True).first())
    waiting = (now - oldest).total_seconds() if oldest else 0.0
    return {
        "ok": alive > 0 and waiting <= settings.LIAISON_HEALTH_MAX_QUEUE_SECONDS,
        "alive": alive,
        "last_seen_seconds": round((now - last).total_seconds(), 1) if last else None,
        "queue_oldest_seconds": round(waiting, 1),
        "running": DBTaskResult.objects.filter(status="RUNNING").count(),
    }


def run_all() -> tuple[bool, dict[str, Any]]:
    results: dict[str, Any] = {}
    for name, check in {"database": database, "worker": worker, **_checks}.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - a failing check is reported, not raised
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        if name == "database" and not results[name]["ok"]:
            break
    return all(r["ok"] for r in results.values()), results
