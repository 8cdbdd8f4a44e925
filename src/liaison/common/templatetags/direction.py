"""Writing direction of user-written text, for templates.

Pages mark user text with `dir="auto"` (or `<bdi>` inside a sentence) and the browser finds
its direction. WeasyPrint implements neither, so PDFs state it: `text_dir` gives the
direction of a text's first strong letter (what `dir="auto"` computes), `isolate` wraps a
name that sits inside a sentence in Unicode isolates (FSI … PDI), which Pango honours.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

FSI, PDI = "\u2068", "\u2069"


def first_strong(text: str) -> str:
    """'rtl' or 'ltr' after the first letter with a strong direction, '' if there is none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return ""


@register.filter
def text_dir(value: Any) -> str:
    """The `dir` of an element showing `value`: 'rtl', 'ltr', or 'auto' when it has no letter."""
    return first_strong(str(value or "")) or "auto"


@register.filter
def isolate(value: Any) -> str:
    """`value` isolated from the sentence around it (a name in a sentence of the other direction)."""
    return f"{FSI}{value}{PDI}" if value not in (None, "") else ""


@register.filter
def bdi(value: Any) -> SafeString:
    """`value` in a `<bdi>` (escaped), for a name passed into a translated sentence."""
    return format_html("<bdi>{}</bdi>", value)
