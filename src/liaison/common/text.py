"""Text normalization for the database search of the directory and the marketplace.

The same normalization is applied to stored search documents and to queries, so a Hebrew
word with or without niqqud, with a final or a regular letter, and a Chinese phrase with or
without word boundaries all find each other. Word segmentation (jieba), stop words and the
Hebrew folding come from the matching engine's analyzer, so both searches read text alike.

A stored document is the normalized text between spaces, then a section of the Chinese
character pairs of its text, each a word of its own (储能系统 → " 储能 能系 系统 统 "), so that a
two-character Chinese word, the commonest query term, is a pattern of four characters an
index of character trigrams can answer (see `common.search`).
"""

from __future__ import annotations

import re
import unicodedata

from liaison.matching.lang import analyze, normalize_hebrew

# The longest query the search reads, in characters (pages and API refuse longer ones).
MAX_QUERY_LENGTH = 200
# The most terms of a query that become conditions.
MAX_QUERY_TERMS = 12

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def normalize(text: str) -> str:
    """Casefold, strip accents and Hebrew points, fold Hebrew final letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return normalize_hebrew(unicodedata.normalize("NFC", stripped).casefold())


def is_han(term: str) -> bool:
    return bool(_HAN_RUN.fullmatch(term))


def query_terms(query: str) -> list[str]:
    """The search terms of a query (Chinese runs segmented into words, stop words dropped)."""
    return list(dict.fromkeys(normalize(term) for term in analyze(query)))[:MAX_QUERY_TERMS]


def han_pairs(text: str) -> list[str]:
    """Every pair of neighbouring Chinese characters of `text`, and the last character of each
    run alone, so that any one- or two-character Chinese word of the text starts a word here."""
    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
        out.append(run[-1])
    return list(dict.fromkeys(out))


def search_document(*parts: str | None) -> str:
    """The normalized text stored beside a row and matched by `query_terms`."""
    text = normalize(" ".join(p for p in parts if p))
    pairs = han_pairs(text)
    return f" {text} " + (" ".join(pairs) + " " if pairs else "")
