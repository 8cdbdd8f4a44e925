"""The unread notification count shown in every page's header."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from liaison.accounts.models import User
from liaison.notifications.services import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    # A request that no middleware authenticated (an error page) has no user.
    user: User | AnonymousUser | None = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
