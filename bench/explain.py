"""Single-request profile of the pages `bench/load.py` drives: each page's SQL queries with
their execution time from EXPLAIN ANALYZE, and the request's wall and CPU time (after one
warm-up request), on the database `DATABASE_URL` names (the one `bench/load.py` seeded):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_load LIAISON_VAR_DIR=var/load-postgres \\
        .venv/bin/python bench/explain.py [--pages marketplace,search-zh] [--plans] [--top 3]

Prints per page: wall ms, CPU ms, number of queries, the database's total execution ms, and the
slowest queries (with their plan under --plans). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-explain-not-secret-" + "x" * 40)
os.environ["ALLOWED_HOSTS"] = "testserver," + os.environ.get("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from load import lookup_ids_here, pages  # noqa: E402


def explain(sql: str, params: tuple | list | None) -> tuple[float, str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            ms = float(plan.rsplit("Execution Time:", 1)[1].split()[0])
            return ms, plan
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000, plan


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="")
    ap.add_argument("--plans", action="store_true")
    ap.add_argument("--top", type=int, default=2)
    args = ap.parse_args()
    from liaison.accounts.models import User

    chosen = set(filter(None, args.pages.split(",")))
    clients: dict[str | None, Client] = {None: Client()}
    print(f"{connection.vendor}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'page':<26}{'wall ms':>9}{'cpu ms':>8}{'queries':>8}{'db ms':>8}")
    for name, username, path in pages(lookup_ids_here()):
        if chosen and name not in chosen:
            continue
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        client.get(path)  # warm-up: caches, the match index, jieba
        with CaptureQueriesContext(connection) as ctx:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert response.status_code == 200, (path, response.status_code)
        timed = []
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            # Re-run with the raw SQL Django logged (parameters already inlined by the backend).
            timed.append((*explain(sql, None), sql))
        total = sum(t[0] for t in timed)
        print(f"{name:<26}{wall * 1000:>9.1f}{cpu * 1000:>8.1f}{len(ctx.captured_queries):>8}{total:>8.1f}")
        for ms, plan, sql in sorted(timed, key=lambda t: -t[0])[: args.top]:
            print(f"    {ms:7.2f} ms  {sql[:160]}")
            if args.plans:
                print("      " + plan.replace("\n", "\n      "))


if __name__ == "__main__":
    main()
