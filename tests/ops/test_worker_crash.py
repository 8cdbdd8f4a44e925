"""Background jobs survive crashes: a worker killed with SIGKILL in the middle of a task
leaves nothing RUNNING forever. The next worker puts an idempotent task (a reindex) back in
the queue and runs it; a scheduling run is marked failed, and the officer's page says why."""

from __future__ import annotations

import signal
import time

import pytest

from tests.ops.support import base_env, database, liaison, spawn, sql, wait_for, world

pytestmark = pytest.mark.slow


def start_worker(env: dict[str, str]):  # type: ignore[no-untyped-def]
    return spawn("-m", "liaison.cli", "worker", "--interval", "0.1", env=env)


def test_a_worker_killed_mid_task_leaves_no_task_running_and_the_officer_sees_why(tmp_path):
    var = tmp_path / "var"
    with database("crash", tmp_path) as db:
        env = base_env(var, EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", **db)
        liaison("migrate", "--verbosity", "0", env=env)
        seeded = world("seed", "30", env={**env, "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"})

        def status(task_id: str) -> str:
            key = task_id if db else task_id.replace("-", "")  # SQLite keeps UUIDs as hex
            return sql(db, var, "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
                       key)[0][0]

        # 1. A reindex (embedding every profile) killed in the middle: retried, then done.
        reindex = world("enqueue-reindex", env=env)["task"]
        first = start_worker(env)
        wait_for(lambda: status(reindex) == "RUNNING", timeout=120, what="the reindex to start")
        time.sleep(0.5)  # well inside it: the model is loading or embedding
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert status(reindex) == "RUNNING"  # what a dead worker leaves behind
        second = start_worker(env)
        try:
            wait_for(lambda: status(reindex) == "SUCCESSFUL", timeout=300, every=0.2,
                     what="the reindex to be retried and finish")
            after_reindex = world("task", reindex, env=env)
            assert after_reindex["attempts"] == 2
            assert world("matches", env=env)["matches"] > 0

            # 2. A scheduling run killed in the middle: failed, with the reason on the page.
            started = world("start-scheduling", str(seeded["event"]), env=env)
            wait_for(lambda: sql(db, var, "SELECT status FROM events_schedulingrun WHERE id = ?",
                                 started["run"])[0][0] == "running", timeout=120,
                     what="the scheduling run to start")
            second.send_signal(signal.SIGKILL)
            second.wait()
            assert status(started["task"]) == "RUNNING"
        finally:
            second.kill()
            second.wait()
        third = start_worker(env)
        try:
            wait_for(lambda: status(started["task"]) == "FAILED", timeout=60, every=0.2,
                     what="the abandoned scheduling task to be marked failed")
        finally:
            third.send_signal(signal.SIGTERM)
            third.wait(timeout=30)
        failed = world("task", started["task"], env=env)
        run = world("run", str(started["run"]), env=env)
    print(f"\nkilled mid-reindex: {after_reindex['status']} after {after_reindex['attempts']} attempts; "
          f"killed mid-scheduling: task {failed['status']} ({failed['error']}: {failed['reason']}); "
          f"run {run['status']} · {run['message']}")
    assert failed["error"] == "liaison.common.worker.WorkerLost"
    assert run["status"] == "failed" and run["message"] == "the worker stopped"
    assert run["http"] == 200
    assert "failed" in run["html"] and "the worker stopped" in run["html"]
