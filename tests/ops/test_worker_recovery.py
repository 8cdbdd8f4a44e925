"""Recovery rules for tasks left RUNNING: whose worker is dead, what happens to them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def running(db: Any) -> Any:
    from django_tasks_db.models import DBTaskResult

    def make(task_path: str, worker_id: str, *, args: list[Any] | None = None,
             attempts: int = 1) -> Any:
        return DBTaskResult.objects.create(
            status="RUNNING", task_path=task_path, backend_name="default",
            args_kwargs={"args": args or [], "kwargs": {}}, run_after=timezone.now(),
            started_at=timezone.now() - dt.timedelta(seconds=5),
            worker_ids=[f"old-{i}" for i in range(attempts - 1)] + [worker_id],
        )

    return make


def heartbeat(worker_id: str, *, seen_seconds_ago: float, pid: int = 1) -> None:
    import socket

    from liaison.common.models import WorkerHeartbeat

    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=socket.gethostname(), pid=pid,
                                   started_at=now - dt.timedelta(hours=1),
                                   seen_at=now - dt.timedelta(seconds=seen_seconds_ago))


def test_a_task_of_a_worker_that_stopped_beating_is_failed_with_the_reason(running):
    from liaison.common.worker import recover_abandoned

    task = running("liaison.events.tasks.schedule_event", "gone", args=[123])
    heartbeat("gone", seen_seconds_ago=600)
    assert recover_abandoned() == [(str(task.pk), "failed")]
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.exception_class_path == "liaison.common.worker.WorkerLost"
    assert task.traceback.startswith("the worker stopped (gone")


def test_an_idempotent_task_of_a_dead_worker_is_queued_again_until_its_attempts_run_out(running, settings):
    from liaison.common.worker import recover_abandoned

    settings.LIAISON_TASK_MAX_ATTEMPTS = 2
    again = running("liaison.matchmaking.tasks.reindex_task", "gone")
    spent = running("liaison.matchmaking.tasks.sync_opportunity_task", "gone", args=[1], attempts=2)
    heartbeat("gone", seen_seconds_ago=600)
    assert sorted(recover_abandoned()) == sorted([(str(again.pk), "retried"), (str(spent.pk), "failed")])
    again.refresh_from_db()
    spent.refresh_from_db()
    assert (again.status, spent.status) == ("READY", "FAILED")


def test_a_task_of_a_live_worker_is_left_alone(running):
    import os

    from liaison.common.worker import recover_abandoned

    task = running("liaison.matchmaking.tasks.reindex_task", "alive")
    heartbeat("alive", seen_seconds_ago=1, pid=os.getpid())
    assert recover_abandoned() == []
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_worker_whose_process_is_gone_from_this_host_is_dead_at_once(running):
    from liaison.common.worker import recover_abandoned

    task = running("liaison.events.tasks.schedule_event", "crashed", args=[1])
    heartbeat("crashed", seen_seconds_ago=1, pid=2**22 + 12345)  # above pid_max: no such process
    assert recover_abandoned() == [(str(task.pk), "failed")]


def test_an_abandoned_scheduling_run_shows_the_worker_stopped(world, running, client_for,
                                                              django_capture_on_commit_callbacks):
    from liaison.common.worker import recover_abandoned
    from liaison.events.models import Event, SchedulingRun

    event = Event.objects.create(title="Delegation", kind="delegation", direction="outbound",
                                 host_office=world.sc.home, partner_ecosystem=world.sc.ecosystems["tel-aviv"],
                                 start_date=dt.date(2026, 5, 10), end_date=dt.date(2026, 5, 10))
    run = SchedulingRun.objects.create(event=event, status="running", message="solving")
    running("liaison.events.tasks.schedule_event", "gone", args=[run.pk])
    heartbeat("gone", seen_seconds_ago=600)
    with django_capture_on_commit_callbacks(execute=True):
        recover_abandoned()
    run.refresh_from_db()
    assert (run.status, run.message) == ("failed", "the worker stopped")
    page = client_for(world.officer).get(f"/events/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "the worker stopped" in page.content.decode()
    officer = client_for(world.officer)
    officer.cookies["liaison_language"] = "zh-hans"
    assert "后台进程已停止" in officer.get(f"/events/runs/{run.pk}/").content.decode()
