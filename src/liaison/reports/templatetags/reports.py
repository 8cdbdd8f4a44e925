from typing import Any

from django import template

from liaison.reports.tables import cell as _cell

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    return _cell(value)
