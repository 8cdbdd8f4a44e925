"""Operational endpoints that belong to no bounded context: liveness, health, readiness."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from liaison.common import health


@never_cache
def livez(request: HttpRequest) -> HttpResponse:
    """The process answers (no database, no session): for load balancers, and the yardstick
    of bench/load.py."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The database, the background workers (a heartbeat, the queue's age) and the match
    index (this process's lag behind the change feed, a re-embedding under way); 503 when
    any is unhealthy. For monitoring; it names no user data."""
    ok, checks = health.run_all()
    return JsonResponse({"status": "ok" if ok else "unhealthy", "checks": checks},
                        status=200 if ok else 503)


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to take traffic: the database answers and every migration is applied (a new
    release behind the load balancer waits for `liaison migrate`)."""
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001 - not ready, whatever the reason
        return JsonResponse({"ready": False, "error": f"{type(exc).__name__}"}, status=503)
    if pending:
        return JsonResponse({"ready": False, "pending_migrations": len(pending)}, status=503)
    return JsonResponse({"ready": True})
