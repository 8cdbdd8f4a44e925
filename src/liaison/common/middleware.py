"""Middleware of our own: response headers that keep private pages private and switch off
unused browser features; one log line per request with a request id."""

from __future__ import annotations

import functools
import logging
import re
import time
import uuid
from collections.abc import Callable

from csp import middleware as csp_middleware
from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
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


_policy = functools.cache(build_policy)


def _forget_policy(*, setting: str, **_kwargs: object) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy.cache_clear()


setting_changed.connect(_forget_policy)


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, with the Content-Security-Policy header built once per process.
    No view of ours changes the policy or asks for a nonce, so the header is the same string on
    every response, which django-csp builds again each time (a tenth of a small API request's
    time). A response that changes the policy (django-csp's decorators), a request that asked
    for a nonce, a report-only policy or excluded paths go to django-csp itself."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        unchanged = csp_middleware.PolicyParts()  # no view's policy, no nonce
        if (self.get_policy_parts(request, response) != unchanged
                or self.get_policy_parts(request, response, report_only=True) != unchanged
                or getattr(response, "_csp_exempt", False)
                or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
                or (settings.CONTENT_SECURITY_POLICY or {}).get("EXCLUDE_URL_PREFIXES")
                or (settings.DEBUG and response.status_code in (404, 500))):
            return super().process_response(request, response)
        policy = _policy()
        if policy and CSP_HEADER not in response:
            response[CSP_HEADER] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
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
