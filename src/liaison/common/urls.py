"""Stored web addresses: http(s) only.

A URL a user gives (an organization's website, an event's video-link template) is shown as a
link in pages, e-mails, agendas and calendar files; any other scheme (`javascript:`, `data:`,
`file:`) would run or open something else when clicked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCHEMES = ("http", "https")

# The validator of a stored address (a model field's `validators`).
http_url = URLValidator(schemes=list(SCHEMES),
                        message=_("Give a web address starting with http:// or https://."))


def url_error(value: str) -> str | None:
    """Why `value` is not an http(s) address, or None."""
    try:
        http_url(value)
    except ValidationError as error:
        return str(error.messages[0])
    return None


def is_safe_url(value: str) -> bool:
    """Whether `value` may be shown as a link (an http(s) address)."""
    return bool(value) and url_error(value) is None


class HttpURLField(models.URLField):
    """A stored web address: http or https only (Django's URLField also takes ftp)."""

    default_validators = [http_url]
