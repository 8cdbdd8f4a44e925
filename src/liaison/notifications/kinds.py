"""Every kind of notification that is sent, with its label: a user may turn the e-mail of each
off. `notify()` refuses a kind that is not listed here, so none can be sent unlisted."""

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
    "suggestion.asked": _("Your liaison office suggests an introduction"),
    "suggestion.outcome": _("A firm answered an introduction your office suggested"),
    "message.new": _("New messages in your introductions"),
    "matches.new": _("New matches"),
    "digest": _("Periodic digest of new matches and pending actions"),
    "events.request": _("Meeting requests for your organization at an event"),
    "events.answer": _("Answers to your meeting requests"),
    "events.request_reminder": _("Reminders of meeting requests waiting for you"),
    "events.cancelled": _("A meeting of yours was cancelled"),
    "events.replanned": _("A meeting of yours was moved"),
    "events.published": _("Your agenda for an event is ready"),
    "events.admitted": _("Your organization was admitted from an event's waiting list"),
    "events.availability": _("A participant changed availability (officers)"),
    "events.interpreter_offered": _("Someone offers to interpret at your event (officers)"),
    "events.interpreter_answered": _("Your offer to interpret was answered"),
    "outcome.reported": _("An outcome waits for your office's confirmation"),
    "onboarding.signup": _("Someone asks to join (officers)"),
    "onboarding.deletion": _("An organization asks for its data to be deleted (officers)"),
}
