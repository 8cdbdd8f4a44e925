import base64
from decimal import Decimal
from typing import Any

from django import template

from liaison.reports.tables import cell as _cell

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    return _cell(value)


@register.filter
def is_number(value: Any) -> bool:
    """A figure (aligned at the end of its cell), not a name."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def svg_data_uri(svg: str) -> str:
    """An SVG as an image source: WeasyPrint draws it with its SVG renderer (text stays text)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
