"""The match index's change feed under load: how long until a write is in every web process.

One writer process upserts profiles (precomputed 384-d vectors: the embedding is the
worker's cost, not the feed's) into the database store at a fixed rate; F follower
processes (the web processes of other machines) each keep an index open over the same
database and poll it (`refresh`, one indexed read of the state row, then the new rows).
Before the writes the store is seeded with a corpus and each follower rebuilds its cache
from the database (timed). Prints, per write rate, the writer's commit latency and the lag
from commit to applied in the followers (p50 / p95 / max). A benchmark, not a test:

    .venv/bin/python bench/index_feed.py                      # PostgreSQL liaison_bench_feed
    .venv/bin/python bench/index_feed.py --database sqlite --rates 1,10,50 --seconds 20

"Today's" rate is taken as 1 profile write a second at peak (an import or a busy morning of
publications across 12 offices; the average is far below, see docs/scaling.md): 10 writes a
second is 10x.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIM = 384


class FixedEmbedder:
    """Names the vector space; the bench passes its vectors in."""

    model_id = "bench/random-384"
    dim = DIM

    def embed_queries(self, texts):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        raise NotImplementedError


def profile(i: int):  # type: ignore[no-untyped-def]
    from liaison.matching import Profile

    return Profile(id=f"opp-{i}", kind="opportunity", type="technology_offer",
                   title=f"profile {i}", text=f"battery storage grid {i % 97}", lang="en",
                   ecosystem="tel-aviv" if i % 2 else "beijing")


def vectors(n: int, seed: int):  # type: ignore[no-untyped-def]
    import numpy as np

    rng = np.random.default_rng(seed)
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def open_index(cache: str):  # type: ignore[no-untyped-def]
    import django

    django.setup()
    from liaison.matching import MatchIndex
    from liaison.matchmaking.store import DatabaseStore

    return MatchIndex.open(DatabaseStore(), embedder=FixedEmbedder(), cache_dir=cache,
                           ann_threshold=10**9)


def role_seed(count: int) -> None:
    index = open_index(tempfile.mkdtemp())
    start = time.perf_counter()
    index.upsert_many([profile(i) for i in range(count)], vectors=vectors(count, 0), batch_size=2000)
    print(json.dumps({"seeded": count, "seconds": time.perf_counter() - start}), flush=True)


def role_follower() -> None:
    import django

    django.setup()
    from liaison.matching import lang

    lang.analyze("warm up 预热")  # jieba's dictionary: loaded before the clock starts
    start = time.perf_counter()
    index = open_index(tempfile.mkdtemp())
    print(json.dumps({"rebuilt": len(index), "seconds": time.perf_counter() - start}), flush=True)
    seen: dict[str, float] = {}
    known = set(index.ids())
    deadline = float(sys.stdin.readline().split()[1])  # "go END": all followers start together
    while time.time() < deadline:
        if index.refresh():
            now = time.time()
            for pid in set(index._catalog.seq_of) - known:  # noqa: SLF001 - the bench looks inside
                seen[pid] = now
            known = set(index._catalog.seq_of)  # noqa: SLF001
        time.sleep(0.005)
    print(json.dumps({"seen": seen}), flush=True)


def role_writer(rate: float, seconds: float, first: int) -> None:
    index = open_index(tempfile.mkdtemp())
    n = int(rate * seconds)
    vecs = vectors(n, first)
    print(json.dumps({"ready": len(index)}), flush=True)
    sys.stdin.readline()  # "go ..."
    committed: dict[str, float] = {}
    latency: list[float] = []
    t0 = time.time()
    for i in range(n):
        due = t0 + i / rate
        pause = due - time.time()
        if pause > 0:
            time.sleep(pause)
        p = profile(first + i)
        s = time.perf_counter()
        index.upsert(p, vector=vecs[i])
        latency.append(time.perf_counter() - s)
        committed[p.id] = time.time()
    print(json.dumps({"committed": committed, "latency": latency,
                      "achieved": n / (time.time() - t0)}), flush=True)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--corpus", type=int, default=20_000)
    parser.add_argument("--followers", type=int, default=3)
    parser.add_argument("--rates", default="1,10,50")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--role", help=argparse.SUPPRESS)
    parser.add_argument("--args", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.role:
        args = json.loads(opts.args)
        {"seed": role_seed, "follower": role_follower, "writer": role_writer}[opts.role](*args)
        return 0

    var = Path(tempfile.mkdtemp(prefix="liaison-feed-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "liaison.settings",
           "LIAISON_VAR_DIR": str(var), "LIAISON_LOG_FORMAT": "text",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-feed-not-secret-" + "x" * 40)}
    if opts.database == "postgresql":
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
            admin.execute('DROP DATABASE IF EXISTS "liaison_bench_feed" WITH (FORCE)')
            admin.execute('CREATE DATABASE "liaison_bench_feed"')
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/liaison_bench_feed"
    else:
        env.pop("DATABASE_URL", None)
    run = [sys.executable, "-m", "liaison.cli"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True)

    def child(role: str, *args: object) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, __file__, "--role", role, "--args", json.dumps(args)],
                                env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    seeded = json.loads(child("seed", opts.corpus).communicate()[0].splitlines()[-1])
    print(f"{opts.database}: seeded {seeded['seeded']} profiles in {seeded['seconds']:.1f} s")
    first = opts.corpus
    for rate in [float(r) for r in opts.rates.split(",")]:
        followers = [child("follower") for _ in range(opts.followers)]
        rebuilt = [json.loads(f.stdout.readline()) for f in followers]  # type: ignore[union-attr]
        writer = child("writer", rate, opts.seconds, first)
        writer.stdout.readline()  # type: ignore[union-attr]
        for f in [*followers, writer]:
            f.stdin.write(f"go {time.time() + 3 * opts.seconds + 5}\n")  # type: ignore[union-attr]
            f.stdin.flush()  # type: ignore[union-attr]
        wrote = json.loads(writer.communicate()[0].splitlines()[-1])
        seen = [json.loads(f.communicate()[0].splitlines()[-1])["seen"] for f in followers]
        lags = [s[pid] - t for s in seen for pid, t in wrote["committed"].items() if pid in s]
        missed = sum(pid not in s for s in seen for pid in wrote["committed"])
        first += len(wrote["committed"])
        print(f"rate {rate:g}/s (achieved {wrote['achieved']:.1f}/s), {opts.followers} followers "
              f"(rebuilt {rebuilt[0]['rebuilt']} profiles from the database in "
              f"{max(r['seconds'] for r in rebuilt):.1f} s): commit p50 {pct(wrote['latency'], .5) * 1000:.1f} ms "
              f"p95 {pct(wrote['latency'], .95) * 1000:.1f} ms; lag to every follower p50 "
              f"{statistics.median(lags) * 1000:.1f} ms p95 {pct(lags, .95) * 1000:.1f} ms "
              f"max {max(lags) * 1000:.1f} ms; missed {missed}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
