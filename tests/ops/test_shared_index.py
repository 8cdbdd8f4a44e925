"""The match index's system of record is the database: a profile the worker upserts on one
machine is found by a web process on another (own var directory, own cache) within a second."""

from __future__ import annotations

import statistics
import time

import pytest

from tests.ops.support import ROOT, base_env, database, liaison, needs_postgres, spawn

pytestmark = [pytest.mark.slow, needs_postgres]
UPSERTS = 12


def test_an_upsert_by_the_worker_is_found_by_another_machines_web_process_within_a_second(tmp_path):
    with database("feed", tmp_path) as db:
        liaison("migrate", "--verbosity", "0", env=base_env(tmp_path / "setup", **db))
        web = spawn(str(ROOT / "tests/ops/index_peer.py"), "web", str(UPSERTS),
                    env=base_env(tmp_path / "web-machine", **db))
        worker = spawn(str(ROOT / "tests/ops/index_peer.py"), "worker", str(UPSERTS),
                       env=base_env(tmp_path / "worker-machine", **db), stdin=-1)
        try:
            assert web.stdout is not None and worker.stdout is not None and worker.stdin is not None
            assert web.stdout.readline().strip() == "ready", web.stderr.read() if web.stderr else ""
            assert worker.stdout.readline().strip() == "ready"
            committed, seen = {}, {}
            for _ in range(UPSERTS):
                worker.stdin.write("go\n")
                worker.stdin.flush()
                _, n, t = worker.stdout.readline().split()
                committed[int(n)] = float(t)
                line = web.stdout.readline().split()
                assert line[0] == "seen", line
                seen[int(line[1])] = float(line[2])
                time.sleep(0.1)
        finally:
            worker.kill()
            web.kill()
            worker.wait()
            web.wait()
    lags = [seen[i] - committed[i] for i in range(UPSERTS)]
    print(f"\nindex change feed lag (worker commit -> found by the other process's search), "
          f"{UPSERTS} upserts: median {statistics.median(lags) * 1000:.1f} ms, "
          f"max {max(lags) * 1000:.1f} ms")
    assert max(lags) < 1.0
    assert not (tmp_path / "web-machine" / "match-index" / "index.sqlite3").exists()
