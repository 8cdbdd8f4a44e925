"""CPU time per request of the pages `bench/load.py` drives, in this process through Django's
WSGI handler (as gunicorn calls it: every middleware, no test-client signals), signed in as
`bench/load.py` signs in, on the database `DATABASE_URL` names:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_load LIAISON_VAR_DIR=var/load-postgres \\
        .venv/bin/python bench/cpu.py [--pages organization,firm-matches] [-n 200] [--profile 25]

Per page, after `--warm` requests: the median and the 10th percentile of `time.process_time`
over `-n` requests (CPU, not wall: a loaded machine distorts wall time, much less CPU), the
number of queries and of Python function calls of one request (the same from run to run: a
steady gauge of the work where CPU time varies with the machine's load), and with `--profile N` the N costliest functions of the whole
run by their own time (cProfile). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-cpu-not-secret-" + "x" * 40)
# One log line per request would be measured as the page (bench/load.py turns it off too).
os.environ.setdefault("LIAISON_ACCESS_LOG_LEVEL", "WARNING")
os.environ["ALLOWED_HOSTS"] = "testserver," + os.environ.get("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402

from load import lookup_ids_here, pages  # noqa: E402


def cookie_for(username: str | None) -> str:
    """The cookies a browser signed in as `username` sends (session and CSRF)."""
    if username is None:
        return ""
    from liaison.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get("/dashboard/")  # sets the CSRF cookie
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def request(handler: WSGIHandler, path: str, cookie: str) -> int:
    url, _, query = path.partition("?")
    environ = RequestFactory()._base_environ(PATH_INFO=url, QUERY_STRING=query, REQUEST_METHOD="GET",
                                            HTTP_COOKIE=cookie, SERVER_NAME="127.0.0.1")
    status: list[str] = []
    response = handler(environ, lambda s, headers, exc_info=None: status.append(s))
    for _chunk in response:
        pass
    response.close()
    return int(status[0].split()[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="")
    ap.add_argument("-n", type=int, default=200, help="measured requests per page")
    ap.add_argument("--warm", type=int, default=5)
    ap.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    ap.add_argument("--sort", default="tottime", help="the profile's order: tottime or cumulative")
    args = ap.parse_args()
    chosen = set(filter(None, args.pages.split(",")))
    handler = WSGIHandler()
    print(f"{connection.vendor}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'page':<26}{'median ms':>10}{'p10 ms':>8}{'queries':>8}{'calls':>8}")
    for name, username, path in pages(lookup_ids_here()):
        if chosen and name not in chosen:
            continue
        cookie = cookie_for(username)
        for _ in range(args.warm):
            assert request(handler, path, cookie) == 200, path
        queries: list[str] = []

        def log(execute: Any, sql: str, *rest: Any, into: list[str] = queries) -> Any:
            into.append(sql)
            return execute(sql, *rest)

        counted = cProfile.Profile()
        with connection.execute_wrapper(log):
            counted.runcall(request, handler, path, cookie)
        calls = pstats.Stats(counted).total_calls  # type: ignore[attr-defined]
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        times: list[float] = []
        for _ in range(args.n):
            if profiler:
                profiler.enable()
            started = time.process_time()
            request(handler, path, cookie)
            times.append(time.process_time() - started)
            if profiler:
                profiler.disable()
        times.sort()
        print(f"{name:<26}{statistics.median(times) * 1000:>10.2f}{times[len(times) // 10] * 1000:>8.2f}"
              f"{len(queries):>8}{calls:>8}", flush=True)
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.profile)
            print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
            for sql in queries:
                print("    " + sql[:200])


if __name__ == "__main__":
    main()
