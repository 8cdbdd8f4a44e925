"""Who may do what with opportunities. Declared once; pages, API and admin check these."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.accounts.predicates import is_hq, is_member, is_responsible_officer
from liaison.directory.actfor import is_acting_officer
from liaison.introductions.predicates import is_introduced_counterpart
from liaison.opportunities.models import Status


def _status_in(*statuses: Status) -> Any:
    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def check(user: User | AnonymousUser, opportunity: Any) -> bool:
        return opportunity is not None and opportunity.status in statuses

    return check


@rules.predicate
def is_public(user: User | AnonymousUser, opportunity: Any) -> bool:
    """Published and not past its expiry date: anyone may see it, anonymously."""
    return opportunity is not None and bool(opportunity.is_public)


is_insider = is_hq | is_responsible_officer | is_member

rules.add_perm("opportunities.view_opportunity", is_public | is_insider)
# The double opt-in: a member of an organization whose interest was accepted sees who it is.
rules.add_perm("opportunities.view_identity", is_insider | is_introduced_counterpart)
rules.add_perm("opportunities.view_history", is_insider)
# The firm's officer writes for it unless it said "only we answer" (liaison.directory.actfor).
rules.add_perm("opportunities.add_opportunity", is_member | is_acting_officer)
rules.add_perm(
    "opportunities.change_opportunity",
    (is_member & _status_in(Status.DRAFT, Status.REJECTED))
    | (is_acting_officer
       & _status_in(Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.PUBLISHED)),
)
rules.add_perm(
    "opportunities.submit_opportunity",
    (is_member | is_acting_officer) & _status_in(Status.DRAFT, Status.REJECTED),
)
rules.add_perm(
    "opportunities.validate_opportunity", is_responsible_officer & _status_in(Status.SUBMITTED)
)
rules.add_perm(
    "opportunities.close_opportunity",
    (is_member | is_acting_officer)
    & _status_in(Status.PUBLISHED, Status.SUBMITTED, Status.DRAFT),
)
rules.add_perm("opportunities.view_validation_queue", rules.is_authenticated & rules.predicate(
    lambda user: bool(user.office_id)
))
