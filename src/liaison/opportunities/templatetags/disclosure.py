"""`{% load disclosure %}`: `opportunity|disclosure` lists, per field of the public text, the
spans that may tell who posted it (`opportunities.disclosure.highlighted`)."""

from __future__ import annotations

from typing import Any

from django import template

from liaison.opportunities.disclosure import highlighted

register = template.Library()


@register.filter
def disclosure(opportunity: Any) -> list[dict[str, Any]]:
    return highlighted(opportunity)
