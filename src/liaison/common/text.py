"""Text normalization for the database search of the directory and the marketplace.

The same normalization is applied to stored search documents and to queries, so a Hebrew
word with or without niqqud, with a final or a regular letter, and a Chinese phrase with or
without word boundaries all find each other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FINALS = str.maketrans({"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"})
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TOKEN = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """Casefold, strip Hebrew niqqud and cantillation, map Hebrew final letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    # Hebrew points (U+0591–U+05C7) and other combining marks carry no search meaning here.
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold().translate(_FINALS)


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def query_terms(query: str) -> list[str]:
    """Split a search query into normalized terms; Chinese runs are segmented into words."""
    terms: list[str] = []
    for token in _TOKEN.findall(normalize(query)):
        if _HAN.search(token):
            terms.extend(w for w in _jieba().lcut(token) if w.strip())
        else:
            terms.append(token)
    return list(dict.fromkeys(terms))[:12]


def search_document(*parts: str | None) -> str:
    """The normalized text stored beside a row and matched by `query_terms`."""
    return normalize(" ".join(p for p in parts if p))
