"""Language detection and lexical analysis for Chinese, Hebrew and English text.

Detection is by script (Han -> zh, Hebrew -> he, Latin -> en), which is all the lexical side
needs: the dense side is multilingual. Analysis turns text into index terms:

- everything: Unicode NFKC, lower case, word characters only;
- Chinese: jieba word segmentation of Han runs (not one term per character);
- Hebrew: niqqud and cantillation marks removed, final letters (ך ם ן ף ץ) folded to their
  medial forms, so pointed and unpointed spellings give the same term;
- English and other Latin text: English stop words dropped.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

SUPPORTED_LANGS = ("zh", "he", "en")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HEBREW_LETTER = re.compile(r"[\u05d0-\u05ea]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_NIQQUD = re.compile(r"[\u0591-\u05c7]")
_FINALS = str.maketrans({"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"})
# Han runs go to jieba; everything else is split into word tokens.
_RUNS = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|([^\W_]+(?:['’][^\W_]+)*)")

ENGLISH_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "may",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "on",
        "or",
        "our",
        "ours",
        "she",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "also",
        "s",
        "t",
        "via",
    ]
)
CHINESE_STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "是",
        "在",
        "与",
        "及",
        "或",
        "等",
        "对",
        "为",
        "以",
        "将",
        "并",
        "其",
        "之",
        "也",
        "把",
        "被",
        "由",
        "从",
        "这",
        "那",
        "一个",
    ]
)
HEBREW_STOP_WORDS = frozenset(
    [
        "של",
        "את",
        "על",
        "עם",
        "זה",
        "זו",
        "זאת",
        "הוא",
        "היא",
        "הם",
        "הן",
        "אני",
        "אנחנו",
        "גם",
        "או",
        "כי",
        "אשר",
        "לא",
        "כל",
        "יש",
        "אין",
        "אל",
        "מן",
        "עד",
        "כמו",
    ]
)
_STOP = ENGLISH_STOP_WORDS | CHINESE_STOP_WORDS | {w.translate(_FINALS) for w in HEBREW_STOP_WORDS}


def detect_lang(text: str, *, default: str = "en") -> str:
    """The dominant script of `text`: "zh", "he" or "en" (`default` when no letters)."""
    han = len(_HAN.findall(text))
    hebrew = len(_HEBREW_LETTER.findall(text))
    latin = len(_LATIN.findall(text))
    # A Han character carries about a word; weigh it against letters accordingly.
    counts = {"zh": han * 3, "he": hebrew, "en": latin}
    lang, best = max(counts.items(), key=lambda kv: kv[1])
    return lang if best > 0 else default


def normalize_hebrew(word: str) -> str:
    """Unpointed, final letters folded: 'שָׁלוֹם' and 'שלומ' both give 'שלומ'."""
    return _NIQQUD.sub("", word).translate(_FINALS)


@cache
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def analyze(text: str) -> list[str]:
    """Index terms of `text`, in order, stop words removed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _NIQQUD.sub("", text)
    terms: list[str] = []
    for han, word in _RUNS.findall(text):
        if han:
            for piece in _jieba().lcut(han, HMM=True):
                if piece not in _STOP:
                    terms.append(piece)
        else:
            term = word.translate(_FINALS) if _HEBREW_LETTER.search(word) else word
            if term not in _STOP:
                terms.append(term)
    return terms


def analyze_many(texts: Iterable[str]) -> list[list[str]]:
    return [analyze(t) for t in texts]
