"""Helpers of the operations tests: real processes (`liaison ...`) on a database of their own.

The suite's backend decides: with `DATABASE_URL` naming PostgreSQL, each test gets a fresh
PostgreSQL database next to the suite's (`<name>_ops_<purpose>_<xdist worker>`); otherwise a
SQLite file under the test's temporary directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SUITE_URL.startswith(("postgres://", "postgresql://"))

needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://...)"
)


def base_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="liaison.settings",
        LIAISON_VAR_DIR=str(var_dir),
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def _pg_admin() -> Any:
    import psycopg

    server = SUITE_URL.rsplit("/", 1)[0]
    return psycopg.connect(server + "/postgres", autocommit=True, connect_timeout=5)


@contextmanager
def database(purpose: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment variables naming an empty database for `purpose` (dropped afterwards)."""
    if not ON_POSTGRES:
        yield {}
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    suite_name = SUITE_URL.rsplit("/", 1)[1].split("?")[0]
    name = f"{suite_name}_ops_{purpose}_{worker}"
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": SUITE_URL.rsplit("/", 1)[0] + "/" + name}
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def liaison(*args: str, env: dict[str, str], timeout: float = 600, check: bool = True,
            **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run `liaison ARGS` in a child process; its output on failure."""
    done = subprocess.run([sys.executable, "-m", "liaison.cli", *args], env=env, text=True,
                          capture_output=True, timeout=timeout, cwd=str(ROOT), **kwargs)
    if check and done.returncode != 0:
        raise AssertionError(f"liaison {' '.join(args)} exited {done.returncode}:\n"
                             f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return done


def spawn(*args: str, env: dict[str, str], **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, *args], env=env, text=True, cwd=str(ROOT),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def sql(db: dict[str, str], var_dir: Path, query: str, *params: object) -> list[tuple[Any, ...]]:
    """Run a read query on the test database directly (fast polling from the test)."""
    if db.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(db["DATABASE_URL"], autocommit=True) as conn:
            return list(conn.execute(query.replace("?", "%s"), params).fetchall())
    import sqlite3

    with sqlite3.connect(var_dir / "liaison.sqlite3", timeout=20) as conn:
        return list(conn.execute(query, params).fetchall())


def wait_for(predicate: Any, *, timeout: float, every: float = 0.02, what: str = "") -> Any:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def world(command: str, *args: str, env: dict[str, str]) -> Any:
    """`python tests/ops/world.py COMMAND ARGS` in `env`; its JSON answer."""
    import json

    done = subprocess.run([sys.executable, str(ROOT / "tests/ops/world.py"), command, *args],
                          env=env, text=True, capture_output=True, timeout=600, cwd=str(ROOT))
    if done.returncode != 0:
        raise AssertionError(f"world.py {command} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
