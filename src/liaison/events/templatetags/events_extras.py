"""Template helpers of the events pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from liaison.events.models import Language

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any], key: Any) -> Any:
    """`mapping[key]`, or None (dict lookups by a variable key)."""
    return mapping.get(key) if mapping else None


@register.filter
def language_names(codes: Iterable[str]) -> str:
    """ISO codes as language names in the reader's language: "Chinese, English"."""
    labels = dict(Language.choices)
    return ", ".join(str(labels.get(c, c)) for c in sorted(set(codes or [])))
