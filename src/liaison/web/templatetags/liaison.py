"""Small template helpers."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from liaison.common.paging import viewer_role

register = template.Library()

# The page frame's parts (templates/frame/), rendered once per process for what they show:
# name -> what of the viewer and the request they depend on. Nothing of them names the viewer
# or carries a token, so viewers of one role share them.
FRAME_PARTS = {
    "assets": lambda user: (),
    "nav": viewer_role,
    "languages": lambda user: (),
    "footer": lambda user: (),
}
_frame: dict[tuple[Any, ...], SafeString] = {}
_frame_lock = threading.Lock()


@register.simple_tag(takes_context=True)
def frame_part(context: Any, name: str) -> SafeString:
    """`templates/frame/<name>.html` rendered in this context, kept per process under the
    language and what `FRAME_PARTS[name]` takes of the viewer (a `{% cache %}` fragment costs
    a key digest and a cache read; this is one dictionary lookup on every page)."""
    user = context.get("user")
    key = (name, get_language(), FRAME_PARTS[name](user) if user is not None else None)
    html = _frame.get(key)
    if html is None:
        part = context.template.engine.get_template(f"frame/{name}.html")
        html = mark_safe(part.render(context))  # noqa: S308 (our own template)
        with _frame_lock:
            if len(_frame) > 1000:  # offices x roles x languages: far fewer in practice
                _frame.clear()
            _frame[key] = html
    return html


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def replace_param(querystring: str, name: str, value: str) -> str:
    """The query string with `name` set to `value` and the page reset."""
    params = [(k, v) for k, v in parse_qsl(querystring) if k not in (name, "page")]
    params.append((name, value))
    return urlencode(params)
