"""A match in words, in the reader's language: its strength ("strong", "good", "possible"
with the 0-100 number), who posted it as far as anonymity allows, and the reasons, built
from the engine's machine-readable explanation (`{"strength": .., "signals": {...},
"shared_terms": [...], "term_pairs": [...]}`) and the two sides' types.

The strength words come from the number alone (`liaison.matching.calibration`): a match
across languages is judged by its strength, never by being across languages."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import get_language_bidi, ngettext, pgettext
from django.utils.translation import gettext as _

from liaison.directory.models import CONTENT_LANGUAGES, Organization, Sector
from liaison.matching import calibration
from liaison.opportunities.models import OpportunityType

OFFERS = {"business_offer", "technology_offer", "investment_offer"}
REQUESTS = {"business_request", "technology_request", "investment_request", "cooperation_request"}
# A key term worth showing: two letters or more (one Han character carries a word), not a
# number alone.
_NUMBER = re.compile(r"^[\d.,]+$")


def strength_label(value: int) -> str:
    """"Strong match · 82": the word and the number, the same on pages, API and e-mail."""
    word = {
        "strong": pgettext("match strength", "Strong match"),
        "good": pgettext("match strength", "Good match"),
        "possible": pgettext("match strength", "Possible match"),
    }[calibration.word(value)]
    return _("%(word)s · %(strength)d") % {"word": word, "strength": value}


def sector_labels(codes: list[str], sectors: dict[str, Sector] | None = None) -> list[str]:
    if sectors is None:
        sectors = {s.code: s for s in Sector.objects.filter(code__in=codes)}
    return [sectors[c].label if c in sectors else c for c in codes]


def poster(org: Organization | None) -> str:
    """Who posted it, without naming them: "Firm in Tel Aviv · Energy storage · 11–50
    employees" (kind, place, first sector, size; what is known)."""
    if org is None:
        return ""
    parts = [_("%(kind)s in %(place)s") % {
        "kind": org.get_kind_display().capitalize(), "place": org.ecosystem.label}]
    sectors = list(org.sectors.all())
    if sectors:
        parts.append(sectors[0].label)
    if org.size:
        parts.append(org.get_size_display())
    return " · ".join(parts)


def _first_line(text: str, limit: int = 140) -> str:
    line = " ".join((text or "").split())
    for stop in (". ", "。", "! ", "? "):
        if stop in line[:limit]:
            line = line[: line.index(stop) + len(stop.strip())]
            break
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _quoted(text: str) -> str:
    """The counterpart's own words inside a reason: in a right-to-left language, isolated
    (U+2068 FIRST STRONG ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE), so that an English or
    Chinese title keeps its order and its "…" at its own end in a Hebrew sentence, on the
    page, in e-mail and in any other text the reason is shown in."""
    return f"\u2068{text}\u2069" if get_language_bidi() else text


def _pair(source_type: str | None, target_type: str | None, target_kind: str | None) -> str:
    types = dict(OpportunityType.choices)
    if source_type in types and target_type in types:
        if source_type == target_type:
            return _("Same aim on both sides: %(type)s.") % {"type": types[source_type]}
        return _("Their %(theirs)s answers your %(yours)s.") % {
            "theirs": types[target_type], "yours": types[source_type]}
    if source_type in types and target_kind:
        return _("They can answer your %(yours)s (%(kind)s).") % {
            "yours": types[source_type], "kind": target_kind}
    if target_type in types:
        return _("Their %(theirs)s fits what your organization does.") % {
            "theirs": types[target_type]}
    return ""


def key_terms(explanation: dict[str, Any]) -> list[str]:
    """Terms that carry meaning: pairs matched across languages as "储能 ↔ energy storage",
    then shared terms of two letters or more that are not bare numbers."""
    out: list[str] = []
    for pair in explanation.get("term_pairs") or []:
        if isinstance(pair, list | tuple) and len(pair) == 2:
            out.append(f"{pair[0]} ↔ {pair[1]}")
    paired = {str(p[0]) for p in explanation.get("term_pairs") or [] if p}
    for term in explanation.get("shared_terms") or []:
        term = str(term)
        if term in paired or _NUMBER.match(term):
            continue
        if len(term) >= 2:
            out.append(term)
    return out[:6]


def _repeats(title: str, summary: str) -> bool:
    """Whether the summary says again what the title says: the same text, or a title cut
    from it ("Technology for licensing in China: a product that can…" and "Our company has
    developed a product that can …"); then the title alone is the line."""
    if summary.strip().lower() == title.strip().lower():
        return True
    core = title.split(": ", 1)[-1].rstrip("…").strip().lower()
    return title.rstrip().endswith("…") and len(core) >= 20 and core[:40] in summary.lower()


def reasons(explanation: dict[str, Any], *, source_type: str | None = None,
            target_type: str | None = None, sectors: dict[str, Sector] | None = None,
            target: Any = None) -> list[str]:
    """The reasons in the active language. `target` (the counterpart opportunity or
    organization, with its translations prefetched) adds what they offer or need;
    `sectors` (code -> Sector) saves a query per match when rendering a list."""
    signals = explanation.get("signals") or {}
    out: list[str] = []
    target_kind = None
    if isinstance(target, Organization):
        target_kind = target.get_kind_display()
    pair = _pair(source_type, target_type, target_kind)
    if pair:
        out.append(pair)
    if target is not None:
        if isinstance(target, Organization):
            what = _first_line(target.display_description)
            if what:
                out.append(_("What they do: %(what)s") % {"what": _quoted(what)})
        else:
            line = target.display_title
            summary = _first_line(target.display_summary, 100)
            if summary and not _repeats(line, summary):
                line = f"{line} — {summary}"
            if target.type in OFFERS:
                out.append(_("They offer: %(what)s") % {"what": _quoted(line)})
            elif target.type in REQUESTS:
                out.append(_("They need: %(what)s") % {"what": _quoted(line)})
    if signals.get("sectors"):
        labels = ", ".join(sector_labels(list(signals["sectors"]), sectors))
        if signals.get("sectors_inferred"):
            out.append(_("Probably in the same sectors: %(sectors)s.") % {"sectors": labels})
        else:
            out.append(ngettext("Shared sector: %(sectors)s.", "Shared sectors: %(sectors)s.",
                                len(signals["sectors"])) % {"sectors": labels})
    terms = key_terms(explanation)
    if terms:
        out.append(_("Key terms in common: %(terms)s.") % {"terms": ", ".join(terms)})
    if signals.get("stage") == "match":
        out.append(_("At the same stage of development."))
    if signals.get("target_market"):
        out.append(_("It looks for partners in your ecosystem."))
    lang = getattr(target, "language", None)
    if signals.get("language") == "cross" and lang:
        names = dict(CONTENT_LANGUAGES)
        if lang in names:
            out.append(_("Written in %(language)s.") % {"language": names[lang]})
    return out
