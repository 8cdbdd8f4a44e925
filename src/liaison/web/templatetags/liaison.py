"""Small template helpers."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def replace_param(querystring: str, name: str, value: str) -> str:
    """The query string with `name` set to `value` and the page reset."""
    params = [(k, v) for k, v in parse_qsl(querystring) if k not in (name, "page")]
    params.append((name, value))
    return urlencode(params)
