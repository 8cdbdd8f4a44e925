"""Response headers that keep private pages private and switch off unused browser features."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


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
