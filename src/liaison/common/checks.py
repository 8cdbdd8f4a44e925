"""Start-up checks: a process that serves or works refuses to start on an unsafe setting."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

NO_KEY_MESSAGE = (
    "SECRET_KEY must be set when DEBUG is off: set the SECRET_KEY environment variable to a "
    "long random value (e.g. the output of "
    "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`), or DEBUG=true on a "
    "development machine."
)


def secret_key_is_set() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return False


def require_secret_key() -> None:
    """Raise ImproperlyConfigured naming SECRET_KEY when there is none (DEBUG off)."""
    if not secret_key_is_set():
        raise ImproperlyConfigured(NO_KEY_MESSAGE)


@register(Tags.security)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # Run by runserver, migrate, check, the worker and `liaison demo` before they start.
    return [] if secret_key_is_set() else [Error(NO_KEY_MESSAGE, id="liaison.E001")]
