"""Text normalization for the database search of the directory and the marketplace.

The same normalization is applied to stored search documents and to queries, so a Hebrew
word with or without niqqud, with a final or a regular letter, and a Chinese phrase with or
without word boundaries all find each other. Word segmentation (jieba), stop words and the
Hebrew folding come from the matching engine's analyzer, so both searches read text alike.
"""

from __future__ import annotations

import unicodedata

from liaison.matching.lang import analyze, normalize_hebrew


def normalize(text: str) -> str:
    """Casefold, strip accents and Hebrew points, fold Hebrew final letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return normalize_hebrew(unicodedata.normalize("NFC", stripped).casefold())


def query_terms(query: str) -> list[str]:
    """The search terms of a query (Chinese runs segmented into words, stop words dropped)."""
    return list(dict.fromkeys(normalize(term) for term in analyze(query)))[:12]


def search_document(*parts: str | None) -> str:
    """The normalized text stored beside a row and matched by `query_terms`."""
    return normalize(" ".join(p for p in parts if p))
