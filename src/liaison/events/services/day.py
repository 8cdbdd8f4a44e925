"""On the day and after: check-in, held or no-show, each side's feedback on a meeting."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.common.bounds import text_error
from liaison.common.errors import ValidationError, require
from liaison.common.validation import text_limit
from liaison.events.models import Feedback, Meeting, Registration


@transaction.atomic
def check_in(registration: Registration, *, by: User, present: bool = True) -> Registration:
    require(by, "events.check_in", registration)
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at"])
    return registration


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
