"""One log line per request, with a request id (taken from the proxy's `X-Request-ID` when it
sends a sane one, else new), echoed in the response's `X-Request-ID`."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from liaison.common.logging import request_id

logger = logging.getLogger("liaison.request")
_SANE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestLogMiddleware:
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
