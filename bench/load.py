"""Page speed at the network's size: p50/p95/p99 and throughput per page under 20 clients.

Seeds the demo plus `liaison seed` (default 20,000 organizations and 100,000 opportunities)
into its own database (PostgreSQL by default, or SQLite), serves it with gunicorn as deployed (deploy/gunicorn.conf.py, 4 workers),
signs in the demo users, and drives each page with wrk (Debian's `wrk`; 20 connections, 60 s
per page by default), a trivial endpoint measured in the same run as the yardstick. Prints one
row per page and the machine's load average. A benchmark, not a test:

    .venv/bin/python bench/load.py                       # PostgreSQL, full size, 60 s a page
    .venv/bin/python bench/load.py --database sqlite
    .venv/bin/python bench/load.py --duration 10 --pages marketplace,search-zh
    .venv/bin/python bench/load.py --reuse               # keep the seeded database of a last run

The seeded database is kept (`var/load-<database>`; PostgreSQL database `liaison_load`), so
`--reuse` skips the few minutes of seeding.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "liaison-demo"  # noqa: S105 (the public demo password)

LUA = r"""
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
                 + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "p50": %f, "p95": %f, "p99": %f}\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3))
end
"""


def pages(ids: dict[str, int]) -> list[tuple[str, str | None, str]]:
    """(name, user or None, path)."""
    q = urllib.parse.quote
    return [
        ("yardstick /livez", None, "/livez"),
        ("marketplace", None, "/marketplace/"),
        ("search-en", None, "/marketplace/?q=" + q("energy storage")),
        ("search-zh", None, "/marketplace/?q=" + q("储能")),
        ("search-he", None, "/marketplace/?q=" + q("אגירת אנרגיה")),
        ("marketplace-page-50", None, "/marketplace/?page=50"),
        ("api-opportunities", None, "/api/opportunities"),
        ("directory-officer-facet", "officer-telaviv", "/directory/?ecosystem=tel-aviv"),
        ("organization", "officer-telaviv", f"/organizations/{ids['organization']}/"),
        ("validation-queue", "officer-telaviv", "/validation/"),
        ("hq-report", "hq", "/reports/"),
        ("kpi-api", "hq", "/api/reports/kpis"),
        ("firm-matches", "owner-beijing", "/matches/"),
        ("event-participants", "officer-telaviv", f"/events/{ids['event']}/participants/"),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def liaison(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "liaison"), *args], env=env, check=True, cwd=ROOT)


def seed(env: dict[str, str], organizations: int, opportunities: int) -> None:
    liaison(env, "demo", "--no-serve")
    # The demo's profiles are embedded and matched (the firm's matches page reads them) before
    # the synthetic rows arrive: embedding 100,000 more would take hours on two cores, and
    # matching speed has its own benchmark (bench/matching.py).
    liaison(env, "reindex_matches", "--organizations", "members")
    liaison(env, "seed", "--organizations", str(organizations), "--opportunities", str(opportunities))


def lookup_ids(env: dict[str, str]) -> dict[str, int]:
    code = (
        "import json; from liaison.directory.models import Organization; "
        "from liaison.events.models import Event; "
        "o = Organization.objects.filter(ecosystem__code='tel-aviv').order_by('pk').first(); "
        "e = Event.objects.order_by('pk').first(); "
        "print(json.dumps({'organization': o.pk, 'event': e.pk}))"
    )
    out = subprocess.run([str(BIN / "liaison"), "shell", "-c", code], env=env, check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def lookup_ids_here() -> dict[str, int]:
    """`lookup_ids` inside a process where Django is set up (bench/explain.py)."""
    from liaison.directory.models import Organization
    from liaison.events.models import Event

    org = Organization.objects.filter(ecosystem__code="tel-aviv").order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    assert org is not None and event is not None
    return {"organization": org.pk, "event": event.pk}


def session_cookie(base: str, username: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                   "csrfmiddlewaretoken": token.group(1)}).encode()
    opener.open(urllib.request.Request(base + "/login/", data=data, headers={"Referer": base + "/login/"}))
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, f"could not sign in as {username}"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wait_for(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def run_wrk(url: str, cookie: str | None, *, connections: int, duration: int, script: str) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", script, url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    ap.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/liaison_load")
    ap.add_argument("--organizations", type=int, default=20000)
    ap.add_argument("--opportunities", type=int, default=100000)
    ap.add_argument("--duration", type=int, default=60, help="seconds per page")
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    ap.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (gthread)")
    ap.add_argument("--worker-class", default="", help="gunicorn worker class (default: deploy/gunicorn.conf.py's)")
    ap.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    ap.add_argument("--reuse", action="store_true", help="use the database seeded by a last run")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    var = ROOT / "var" / f"load-{args.database}"
    env = dict(os.environ, LIAISON_VAR_DIR=str(var), DEBUG="false",
               SECRET_KEY=os.environ.get("SECRET_KEY", "bench-load-not-secret-" + "x" * 40),
               ALLOWED_HOSTS="127.0.0.1,localhost",
               # One log line per request would cost the server its own measured time.
               LIAISON_ACCESS_LOG_LEVEL=os.environ.get("LIAISON_ACCESS_LOG_LEVEL", "WARNING"))
    if args.database == "postgres":
        env["DATABASE_URL"] = args.postgres_url
    if not args.reuse:
        if args.database == "postgres":
            name = urllib.parse.urlparse(args.postgres_url).path.lstrip("/")
            admin = args.postgres_url.rsplit("/", 1)[0] + "/postgres"
            subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
            subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        shutil.rmtree(var, ignore_errors=True)
        var.mkdir(parents=True)
        started = time.perf_counter()
        seed(env, args.organizations, args.opportunities)
        if args.database == "postgres":
            # What a deployed database has after autovacuum: statistics and a visibility map.
            subprocess.run(["psql", args.postgres_url, "-qc", "VACUUM ANALYZE"], check=True)
        # (liaison seed runs ANALYZE: SQLite's planner statistics.)
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
    else:
        liaison(env, "migrate", "--verbosity", "0")  # the code may carry newer migrations
    ids = lookup_ids(env)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Served as deployed: deploy/gunicorn.conf.py (gthread workers, each warmed up before it
    # takes requests: the embedding model and indexes are loaded in post_worker_init).
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py")],
        env=dict(env, GUNICORN_WORKERS=str(args.workers), GUNICORN_BIND=f"127.0.0.1:{port}",
                 GUNICORN_THREADS=str(args.threads), GUNICORN_LOG_LEVEL="warning",
                 **({"GUNICORN_WORKER_CLASS": args.worker_class} if args.worker_class else {})), cwd=ROOT)
    try:
        wait_for(base, 600)  # every worker warms up (model, indexes) before it answers
        chosen = set(filter(None, args.pages.split(",")))
        todo = [p for p in pages(ids) if not chosen or p[0] in chosen or p[0].startswith("yardstick")]
        cookies = {u: session_cookie(base, u) for u in {p[1] for p in todo if p[1]}}
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA)
        print(f"\n{args.database}, {args.connections} connections, {args.duration} s a page, "
              f"gunicorn {args.workers} {args.worker_class or 'gthread'} workers x {args.threads} threads "
              f"(deploy/gunicorn.conf.py), {os.cpu_count()} cores")
        print(f"{'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>9}{'errors':>8}  load avg")
        for name, user, path in todo:
            # One warm-up request per worker, so a cold start is not measured as the page.
            for _ in range(args.workers):
                req = urllib.request.Request(base + path, headers={"Cookie": cookies[user]} if user else {})
                urllib.request.urlopen(req, timeout=120).read()
            r = run_wrk(base + path, cookies.get(user) if user else None,
                        connections=args.connections, duration=args.duration, script=f.name)
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"{name:<26}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
                  f"{r['requests'] / r['seconds']:>9.1f}{int(r['errors']):>8}  {load}", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
