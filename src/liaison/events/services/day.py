"""On the day and after: check-in, held or no-show, each side's feedback on a meeting."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.common.bounds import text_error
from liaison.common.errors import ValidationError, require
from liaison.common.validation import text_limit
from liaison.events.models import Attendee, Event, Feedback, Meeting, Registration


@transaction.atomic
def check_in(registration: Registration, *, by: User, present: bool = True) -> Registration:
    require(by, "events.check_in", registration)
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at"])
    return registration


def self_check_in_refusal(attendee: Attendee, *, now: dt.datetime | None = None) -> str | None:
    """Why the attendee cannot check themselves in now, or None: only on the event's days,
    once the schedule is published."""
    event = attendee.registration.event
    today = (now or timezone.now()).astimezone(event.tz).date()
    if event.published_at is None or event.status not in (Event.Status.SCHEDULED, Event.Status.RUNNING):
        return _("Check-in opens when the schedule is published.")
    if not event.start_date <= today <= event.end_date:
        return _("Check-in is open on the days of the event only (%(first)s – %(last)s).") % {
            "first": f"{event.start_date:%Y-%m-%d}", "last": f"{event.end_date:%Y-%m-%d}"}
    return None


@transaction.atomic
def self_check_in(attendee: Attendee, *, now: dt.datetime | None = None) -> Attendee:
    """The attendee checks in with their QR code (the secret token is the key, no login);
    the firm counts as present from its first attendee on."""
    refusal = self_check_in_refusal(attendee, now=now)
    if refusal:
        raise ValidationError(refusal)
    moment = now or timezone.now()
    if attendee.checked_in_at is None:
        attendee.checked_in_at = moment
        attendee.save(update_fields=["checked_in_at"])
    Registration.objects.filter(pk=attendee.registration_id, checked_in_at__isnull=True).update(checked_in_at=moment)
    return attendee


@transaction.atomic
def record_outcome(meeting: Meeting, *, by: User, outcome: str) -> Meeting:
    """Held or no-show, marked on the day by the host office."""
    require(by, "events.check_in", meeting)
    if outcome not in Meeting.Outcome.values:
        raise ValidationError({"outcome": _("Unknown outcome.")})
    meeting.outcome = outcome
    meeting.save(update_fields=["outcome"])
    return meeting


@transaction.atomic
def give_feedback(meeting: Meeting, *, by: User, registration: Registration, useful: bool,
                  follow_up: bool, comment: str = "") -> Feedback:
    """One side's feedback on a meeting (replaces an earlier answer)."""
    require(by, "events.give_feedback", meeting)
    if registration.pk not in (meeting.a_id, meeting.b_id) or not by.has_perm(
        "events.change_registration", registration
    ) and registration.organization_id not in member_organization_ids(by):
        raise ValidationError(_("You can only answer for your own organization."))
    comment = (comment or "").strip()
    problem = text_error(comment, text_limit(Feedback._meta.get_field("comment")))
    if problem:
        raise ValidationError({"comment": problem})
    feedback, _created = Feedback.objects.update_or_create(
        meeting=meeting, registration=registration,
        defaults={"useful": useful, "follow_up": follow_up, "comment": comment, "created_by": by},
    )
    return feedback
