"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_bidi


def liaison(request: HttpRequest) -> dict[str, Any]:
    return {
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "data_attribution": settings.LIAISON_DATA_ATTRIBUTION,
    }
