"""Crash safety of the background worker: heartbeats, and recovery of abandoned tasks.

`liaison worker` beats (a `WorkerHeartbeat` row, every `LIAISON_WORKER_HEARTBEAT` seconds,
from a thread, so a long task does not silence it). A task RUNNING under a worker that is
dead — its process is gone from this host, or it has not beaten for
`LIAISON_WORKER_STALE_SECONDS` — is abandoned: on every worker start and heartbeat it is
put back in the queue when its task is declared safe to repeat (`retry_after_crash`) and it
has had fewer than `LIAISON_TASK_MAX_ATTEMPTS` attempts, else marked FAILED with the reason
("the worker stopped"). Either way `task_abandoned` is sent, so the app that owns the task can
show it (an event's scheduling run shows "failed · the worker stopped").
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_noop

logger = logging.getLogger("liaison.tasks")

# Shown on the pages of the objects whose task was lost (translated when displayed).
WORKER_STOPPED = gettext_noop("the worker stopped")
WORKER_LOST_CLASS = "liaison.common.worker.WorkerLost"

# Sent after a commit for each abandoned task: task_path, args, kwargs, result_id, retried,
# reason.
task_abandoned = Signal()

_retryable: set[str] = set()


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished."""


def retry_after_crash(task: Any) -> Any:
    """Declare `task` (a django-tasks Task) safe to run again after its worker died mid-run
    (idempotent: it re-reads the database and rewrites its result)."""
    _retryable.add(task.module_path)
    return task


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"[:64]


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LIAISON_WORKER_STALE_SECONDS)


def beat(worker_id: str, *, started_at: dt.datetime | None = None) -> None:
    from liaison.common.models import WorkerHeartbeat

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname(), "pid": os.getpid(), "seen_at": now},
        create_defaults={"hostname": socket.gethostname(), "pid": os.getpid(), "seen_at": now,
                         "started_at": started_at or now},
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_dead(beat: Any, now: dt.datetime) -> bool:
    if now - beat.seen_at > stale_after():
        return True
    return beat.hostname == socket.gethostname() and not _pid_alive(beat.pid)


def recover_abandoned(*, now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """Retry or fail the RUNNING tasks of dead workers; [(task result id, "retried"|"failed")]."""
    from django_tasks_db.models import DBTaskResult

    from liaison.common.models import WorkerHeartbeat

    now = now or timezone.now()
    running = list(DBTaskResult.objects.filter(status="RUNNING")
                   .values_list("id", "worker_ids", "started_at"))
    if not running:
        return []
    last_ids = {ids[-1] for _, ids, _ in running if ids}
    beats = {b.worker_id: b for b in WorkerHeartbeat.objects.filter(worker_id__in=last_ids)}
    done: list[tuple[str, str]] = []
    for result_id, worker_ids, started_at in running:
        beat_row = beats.get(worker_ids[-1]) if worker_ids else None
        if beat_row is None:
            # A worker that never beat (not `liaison worker`): judged by the task's age alone.
            dead = started_at is None or now - started_at > stale_after()
            where = worker_ids[-1] if worker_ids else "?"
        else:
            dead = _is_dead(beat_row, now)
            where = f"{beat_row.worker_id}, last seen {beat_row.seen_at:%Y-%m-%d %H:%M:%S} UTC"
        if dead:
            outcome = _abandon(result_id, list(worker_ids), reason=f"{WORKER_STOPPED} ({where})")
            if outcome:
                done.append((str(result_id), outcome))
    WorkerHeartbeat.objects.filter(seen_at__lt=now - 10 * stale_after()).delete()
    return done


def _abandon(result_id: Any, worker_ids: list[str], *, reason: str) -> str | None:
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        task = DBTaskResult.objects.select_for_update().filter(pk=result_id).first()
        if task is None or task.status != "RUNNING" or task.worker_ids != worker_ids:
            return None  # finished, or taken again, meanwhile
        try:
            task.task  # noqa: B018 - imports the task's module, which declares it retryable
        except Exception:  # noqa: BLE001 - a task that no longer imports is failed below
            logger.warning("task %s no longer imports", task.task_path)
        retry = (task.task_path in _retryable
                 and len(task.worker_ids) < settings.LIAISON_TASK_MAX_ATTEMPTS)
        if retry:
            task.status = "READY"
            task.save(update_fields=["status"])
        else:
            task.status = "FAILED"
            task.finished_at = timezone.now()
            task.exception_class_path = WORKER_LOST_CLASS
            task.traceback = reason
            task.return_value = None
            task.save(update_fields=["status", "finished_at", "exception_class_path",
                                     "traceback", "return_value"])
        outcome = "retried" if retry else "failed"
        args = task.args_kwargs.get("args", [])
        kwargs = task.args_kwargs.get("kwargs", {})
        path = task.task_path
        transaction.on_commit(lambda: task_abandoned.send(
            sender=None, task_path=path, args=args, kwargs=kwargs, result_id=str(result_id),
            retried=retry, reason=reason))
    logger.warning("task %s abandoned by its worker: %s", path, outcome,
                   extra={"task_id": str(result_id), "task": path, "outcome": outcome,
                          "reason": reason})
    return outcome


class Heartbeat(threading.Thread):
    """Beats for `worker_id` and recovers abandoned tasks, every `interval` seconds."""

    def __init__(self, worker_id: str, *, interval: float) -> None:
        super().__init__(name="liaison-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.once()
        close_old_connections()

    def once(self) -> None:
        try:
            close_old_connections()
            beat(self.worker_id, started_at=self.started_at)
            recover_abandoned()
        except Exception:  # a database hiccup must not kill the heartbeat
            logger.exception("worker heartbeat failed")

    def stop(self) -> None:
        self._stop_event.set()
