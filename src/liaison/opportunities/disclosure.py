"""Anonymity through free text: what in an opportunity's public text may tell who posted it.

The public view of an opportunity never names its organization, but its title, summary and
description are the firm's own words: they may name the firm (in any of its language
versions), or give an e-mail address, a phone number or a web address. `findings()` lists
those spans; the firm sees them highlighted when it submits and the officer before approving
(a warning, not a refusal: the officer decides)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

KINDS = {
    "name": _("the organization's name"),
    "email": _("an e-mail address"),
    "phone": _("a phone number"),
    "web": _("a web address"),
}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEB = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'，。、）)]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|ai|co|tech|info|biz|app|dev|cn|il|hk|tw)"
    r"(?:\.[a-z]{2})?(?:/[^\s<>\"'，。、）)]*)?\b",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d\s().\-]{5,20}\d(?![\w.])")
YEAR_RANGE = re.compile(r"\d{4}\s*[-–]\s*\d{4}")

# Words that only say what kind of company it is: "Negev Battery Labs Ltd." is also named by
# "Negev Battery Labs", "京华储能科技有限公司" by "京华储能".
LEGAL_SUFFIXES = (
    "股份有限公司", "科技有限公司", "有限责任公司", "有限公司", "集团", "公司",
    'בע"מ', "בע״מ", "בעמ",
    "technology co.", "technology co", "technologies", "technology", "co., ltd.", "co., ltd", "co. ltd",
    "ltd.", "ltd", "limited", "inc.", "inc", "corp.", "corp", "co.", "llc", "gmbh",
)
MIN_NAME_LENGTH = {True: 2, False: 4}  # CJK names are short; Latin ones need a few letters


@dataclass(frozen=True)
class Finding:
    field: str
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def _cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def name_variants(names: list[str]) -> list[str]:
    """The organization's names and their cores without legal suffixes, longest first."""
    out: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        out.add(name)
        core = name
        changed = True
        while changed:
            changed = False
            lowered = core.lower().rstrip(" ,.")
            for suffix in LEGAL_SUFFIXES:
                if lowered.endswith(suffix) and len(lowered) > len(suffix):
                    core = core[: len(lowered) - len(suffix)].rstrip(" ,.-")
                    changed = True
                    # A core must still name this firm: two CJK characters, two words, or
                    # one word of six letters ("Grid" alone would flag every text on grids).
                    if core and (_cjk(core) or " " in core or len(core) >= 6):
                        out.add(core)
                    break
    return sorted((n for n in out if len(n) >= MIN_NAME_LENGTH[_cjk(n)]), key=len, reverse=True)


def _phone(match: re.Match[str]) -> bool:
    text = match.group(0).strip()
    digits = sum(ch.isdigit() for ch in text)
    # Nine digits or more (a local number with its area code); fewer ("ISO 9001 2015",
    # "300 500") are figures, unless written with the country code.
    return (9 <= digits <= 15 or (text.startswith("+") and digits >= 7)) and not YEAR_RANGE.fullmatch(text)


def scan(text: str, names: list[str], *, variants: list[str] | None = None) -> list[tuple[str, int, int]]:
    """The spans (kind, start, end) of `text` that may identify its author, in order, none
    overlapping (an e-mail address is not also a web address). `variants`: the
    `name_variants(names)` already computed (one opportunity's several texts share them)."""
    spans: list[tuple[str, int, int]] = []
    if not text:
        return spans
    for variant in name_variants(names) if variants is None else variants:
        for m in re.finditer(re.escape(variant), text, re.IGNORECASE):
            spans.append(("name", m.start(), m.end()))
    spans += [("email", m.start(), m.end()) for m in EMAIL.finditer(text)]
    for m in WEB.finditer(text):  # a sentence's full stop after an address is not part of it
        spans.append(("web", m.start(), m.start() + len(m.group(0).rstrip(".,;:!?"))))
    spans += [("phone", m.start(), m.end()) for m in PHONE.finditer(text) if _phone(m)]
    kept: list[tuple[str, int, int]] = []
    priority = {"email": 0, "web": 1, "name": 2, "phone": 3}
    for kind, start, end in sorted(spans, key=lambda s: (priority[s[0]], s[1], -s[2])):
        if all(end <= s or start >= e for _k, s, e in kept):
            kept.append((kind, start, end))
    return sorted(kept, key=lambda s: s[1])


def organization_names(organization: Any) -> list[str]:
    return [organization.name, *(t.name for t in organization.translations.all())]


def public_texts(opportunity: Any) -> list[tuple[str, str]]:
    """(field, text) of what the public sees of the opportunity, every language version."""
    out = [(f, getattr(opportunity, f) or "") for f in ("title", "summary", "description")]
    for t in opportunity.translations.all():
        out += [(f"{f}_{t.language}", getattr(t, f) or "") for f in ("title", "summary", "description")]
    return out


def findings(opportunity: Any) -> list[Finding]:
    """What in the opportunity's public text may tell who posted it."""
    names = organization_names(opportunity.organization)
    variants = name_variants(names)
    return [Finding(field, kind, start, end, text[start:end])
            for field, text in public_texts(opportunity)
            for kind, start, end in scan(text, names, variants=variants)]


def highlighted(opportunity: Any) -> list[dict[str, Any]]:
    """Per field with findings: its name, its text escaped with each span in <mark>, and the
    kinds found (for the warning panel)."""
    by_field: dict[str, list[Finding]] = {}
    for f in findings(opportunity):
        by_field.setdefault(f.field, []).append(f)
    texts = dict(public_texts(opportunity))
    out = []
    for field, found in by_field.items():
        text, at = texts[field], 0
        parts: list[str] = []
        for f in found:
            parts.append(escape(text[at:f.start]))
            parts.append(f'<mark class="disclosure" data-kind="{f.kind}" title="{escape(f.label)}">'
                         f"{escape(f.text)}</mark>")
            at = f.end
        parts.append(escape(text[at:]))
        out.append({"field": field, "label": field_label(field),
                    "html": mark_safe("".join(parts)),  # noqa: S308 (each part escaped above)
                    "kinds": sorted({str(f.label) for f in found})})
    return out


FIELDS = {"title": _("title"), "summary": _("summary"), "description": _("description")}


def field_label(field: str) -> str:
    """"summary" → "summary"; "summary_en" → "summary (English)"."""
    from liaison.directory.models import CONTENT_LANGUAGES

    base, _sep, language = field.partition("_")
    label = str(FIELDS.get(base, base))
    if language:
        name = dict(CONTENT_LANGUAGES).get(language, language)
        return f"{label} ({name})"
    return label
