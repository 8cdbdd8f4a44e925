"""`{% load links %}`: `value|link_url` is the address itself when it may be a link (http or
https), else "" (a stored `javascript:` address, from before the rule, never becomes a link)."""

from __future__ import annotations

from typing import Any

from django import template

from liaison.common.urls import is_safe_url

register = template.Library()


@register.filter
def link_url(value: Any) -> str:
    text = str(value or "")
    return text if is_safe_url(text) else ""
