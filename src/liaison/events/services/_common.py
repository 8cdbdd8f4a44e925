"""Helpers shared by the events services: who gets notified, the sessions a write may name,
the iCalendar sequence of a changed meeting, and collecting field errors."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.common.errors import ValidationError
from liaison.events.models import Event, Meeting, Registration, Session

Errors = dict[str, list[str]]


def users_of(registrations: Iterable[Registration]) -> list[User]:
    """Members of the registered organizations (who get notified)."""
    org_ids = {r.organization_id for r in registrations}
    return list(User.objects.filter(memberships__organization_id__in=org_ids, is_active=True).distinct())


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(str(message))


def merged(*parts: Errors) -> Errors:
    """Field errors from several checks, in order (a front adds its parse errors to a
    service's rule errors so the caller hears of everything at once)."""
    out: Errors = {}
    for part in parts:
        for field, messages in part.items():
            out.setdefault(field, []).extend(messages)
    return out


def raise_errors(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def foreign_sessions(event: Event, sessions: Iterable[Session]) -> bool:
    """Whether any of `sessions` belongs to another event."""
    return any(s.event_id != event.pk for s in sessions)


def own_sessions(event: Event, sessions: Iterable[Session], field: str, errors: Errors) -> list[Session]:
    """`sessions` as a list; a session of another event is an error on `field`."""
    sessions = list(sessions)
    if foreign_sessions(event, sessions):
        add_error(errors, field, _("A session of another event."))
    return sessions


def bump_sequence(meeting: Meeting) -> None:
    """A published meeting that changes gets a new iCalendar SEQUENCE."""
    if meeting.event.published_at:
        meeting.sequence += 1
