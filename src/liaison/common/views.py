"""Operational endpoints that belong to no bounded context."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def livez(request: HttpRequest) -> HttpResponse:
    """The process answers (no database, no session): for load balancers, and the yardstick
    of bench/load.py."""
    return HttpResponse("ok\n", content_type="text/plain")
