"""Middleware of our own: response headers that keep private pages private and switch off
unused browser features; one log line per request with a request id."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from liaison.common.logging import request_id

logger = logging.getLogger("liaison.request")
_SANE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class PrivacyHeadersMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user (session or
    API token) and on every download, so neither a shared proxy nor the browser's disk keeps
    a private page or attachment; `Permissions-Policy` on every response.

    Placed after the authentication middleware; a token user is set by the API view itself,
    which is why `request.user` is read on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        download = response.headers.get("Content-Disposition", "").startswith("attachment")
        if signed_in or download or "HTTP_AUTHORIZATION" in request.META:
            response.headers["Cache-Control"] = "private, no-store"
        return response


class RequestLogMiddleware:
    """One log line per request, with a request id (taken from the proxy's `X-Request-ID` when
    it sends a sane one, else new), echoed in the response's `X-Request-ID`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _SANE.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        start = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = rid
            return response
        finally:
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s", request.method, request.path, status,
                extra={"method": request.method, "path": request.path, "status": status,
                       "ms": round((time.perf_counter() - start) * 1000, 1),
                       "user": getattr(user, "pk", None) if user is not None else None},
            )
            request_id.reset(token)
