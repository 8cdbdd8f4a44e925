"""A match's reasons in words, in the active UI language, from the engine's machine-readable
explanation (`{"signals": {...}, "shared_terms": [...]}`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from liaison.directory.models import Sector
from liaison.opportunities.models import OpportunityType

_LANGUAGES = {"en": "English", "zh": "中文", "he": "עברית"}


def sector_labels(codes: list[str], sectors: dict[str, Sector] | None = None) -> list[str]:
    if sectors is None:
        sectors = {s.code: s for s in Sector.objects.filter(code__in=codes)}
    return [sectors[c].label if c in sectors else c for c in codes]


def reasons(explanation: dict[str, Any], *, source_type: str | None = None,
            target_type: str | None = None, sectors: dict[str, Sector] | None = None) -> list[str]:
    """`sectors` (code -> Sector) saves a query per match when rendering a list."""
    signals = explanation.get("signals") or {}
    out: list[str] = []
    types = dict(OpportunityType.choices)
    if source_type in types and target_type in types:
        out.append(_("Complementary: a %(theirs)s answering your %(yours)s.")
                   % {"theirs": types[target_type], "yours": types[source_type]})
    # multilingual-e5 cosines of counterparts are compressed into about 0.85-0.95 (demo:
    # median 0.88, top 5% above 0.91): the words follow that scale.
    dense = float(signals.get("dense") or 0)
    if dense >= 0.91:
        out.append(_("Very close in meaning to your profile."))
    elif dense >= 0.88:
        out.append(_("Close in meaning to your profile."))
    else:
        out.append(_("Related in meaning to your profile."))
    if signals.get("sectors"):
        labels = ", ".join(sector_labels(list(signals["sectors"]), sectors))
        if signals.get("sectors_inferred"):
            out.append(_("Probably in the same sectors: %(sectors)s.") % {"sectors": labels})
        else:
            out.append(_("Shared sectors: %(sectors)s.") % {"sectors": labels})
    terms = [str(t) for t in (explanation.get("shared_terms") or [])][:6]
    if terms:
        out.append(_("Shared key words: %(terms)s.") % {"terms": ", ".join(terms)})
    if signals.get("stage") == "match":
        out.append(_("At the same stage of development."))
    if signals.get("language") == "cross":
        out.append(_("Written in another language: matched across languages."))
    if signals.get("target_market"):
        out.append(_("It looks for partners in your ecosystem."))
    return out
