"""The production path: the documented settings pass `liaison check --deploy`; gunicorn with
two workers and a task worker on PostgreSQL serves a whole flow; health and logs."""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import signal
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.ops.support import (
    ROOT,
    base_env,
    database,
    liaison,
    needs_postgres,
    spawn,
    wait_for,
    world,
)


def documented_settings() -> dict[str, str]:
    values = {}
    for line in (ROOT / "deploy/liaison.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    values["SECRET_KEY"] = secrets.token_urlsafe(50)  # the file says: replace it
    return values


@pytest.mark.database_free
def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    env = base_env(tmp_path / "var", **documented_settings())
    env.pop("DATABASE_URL")  # checked without a database server
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE")  # the test suite's, not production's
    done = liaison("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert "no issues" in done.stdout + done.stderr


@pytest.mark.database_free
def test_check_deploy_fails_without_the_checklist(tmp_path):
    settings = documented_settings()
    for key in ("SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "LIAISON_HTTPS"):
        settings.pop(key, None)
    settings.pop("DATABASE_URL")
    env = base_env(tmp_path / "var", **settings)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the test suite's, not production's
    done = liaison("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert done.returncode != 0
    for warning in ("security.W004", "security.W012", "security.W008"):
        assert warning in done.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Browser:
    """A cookie-keeping HTTP client that speaks Django's CSRF."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, Any]:
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                return r.status, r.read().decode(), r.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(), e.headers
        except urllib.error.URLError:  # not listening yet
            return 0, "", {}

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        req = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})  # noqa: S310 - http to the test server
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


@pytest.mark.slow
@needs_postgres
def test_gunicorn_with_two_workers_and_a_task_worker_serves_a_publication_and_its_matches(tmp_path: Path):
    port = free_port()
    with database("gunicorn", tmp_path) as db:
        env = base_env(tmp_path / "var", EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
                       GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="2", LIAISON_LOG_FORMAT="json",
                       **db)
        liaison("migrate", "--verbosity", "0", env=env)
        seeded = world("seed", "16", env={**env, "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"})
        world("enqueue-reindex", env=env)
        web = spawn("-m", "gunicorn", "--config", str(ROOT / "deploy/gunicorn.conf.py"), env=env)
        worker = spawn("-m", "liaison.cli", "worker", "--interval", "0.2", env=env)
        try:
            site = Browser(f"http://127.0.0.1:{port}")
            wait_for(lambda: site.get("/readyz")[0] == 200, timeout=60, every=0.3, what="gunicorn")
            status, _, _ = site.get("/login/")
            assert status == 200
            site.post("/login/", {"username": "officer", "password": "pw-officer"})
            status, _ = site.post(f"/opportunities/{seeded['submitted']}/publish/", {})
            assert status == 200  # redirected to the validation queue
            status, market, headers = site.get("/marketplace/")
            assert status == 200 and "battery management partner" in market
            assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])

            def matches_listed() -> bool:
                page = site.get(f"/matches/opportunity/{seeded['submitted']}/")[1]
                return page.count('class="card match"') >= 1

            wait_for(matches_listed, timeout=240, every=1.0, what="the published opportunity's matches")
            status, body, _ = site.get("/healthz")
            health = json.loads(body)
            assert status == 200, health
            assert health["checks"]["worker"]["alive"] == 1
            assert health["checks"]["index"]["seq"] > 0
        finally:
            worker.send_signal(signal.SIGTERM)
            web.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
            _, log = web.communicate(timeout=60)
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "liaison.request"]
    assert any(r["path"] == "/marketplace/" and r["status"] == 200 and r["request_id"] for r in requests)
    pids = {r["pid"] for r in requests}
    print(f"\n{len(requests)} requests logged as JSON lines by {len(pids)} gunicorn workers")
