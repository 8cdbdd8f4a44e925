"""The kinds of notification a user may choose e-mail for, with their labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KINDS = {
    "interest.received": _("Someone is interested in your opportunity"),
    "interest.vetting": _("An interest waits for your office's vetting"),
    "interest.office": _("A new interest involves your office"),
    "interest.update": _("Your interest was forwarded"),
    "interest.outcome": _("An interest was accepted, declined or expired"),
    "interest.note": _("Your liaison office added a note"),
    "interest.reminder": _("Reminders of interests waiting for you"),
    "message.new": _("New messages in your introductions"),
    "matches.new": _("New matches"),
    "digest": _("Periodic digest of new matches and pending actions"),
}
