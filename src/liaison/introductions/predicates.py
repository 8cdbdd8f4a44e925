"""Predicates of the introductions app (django-rules), usable by other apps' rules.

`is_introduced_counterpart(user, opportunity)`: the user is a member of an organization whose
interest in this opportunity was accepted — the double opt-in that reveals the opportunity's
organization. The opportunities app ORs it into `opportunities.view_identity`.
"""

from __future__ import annotations

from typing import Any

import rules

from liaison.accounts.models import Membership
from liaison.accounts.predicates import _membership_roles
from liaison.introductions.models import Interest, InterestStatus


def _member_of(user: Any, organization_id: int) -> bool:
    return bool(user.is_authenticated and user.is_active) and organization_id in _membership_roles(user)


def _officer_of(user: Any, office_id: int) -> bool:
    return bool(user.is_authenticated and user.is_active and user.office_id == office_id)


@rules.predicate
def is_introduced_counterpart(user: Any, opportunity: Any) -> bool:
    if opportunity is None or not (user.is_authenticated and user.is_active):
        return False
    orgs = _membership_roles(user)
    return bool(orgs) and Interest.objects.filter(
        opportunity_id=opportunity.pk, status=InterestStatus.ACCEPTED, from_organization_id__in=orgs
    ).exists()


@rules.predicate
def is_requester(user: Any, interest: Any) -> bool:
    """Member of the interested organization (A)."""
    return interest is not None and _member_of(user, interest.from_organization_id)


@rules.predicate
def is_recipient(user: Any, interest: Any) -> bool:
    """Member of the organization whose opportunity it is (B)."""
    return interest is not None and _member_of(user, interest.to_organization_id)


@rules.predicate
def is_recipient_owner(user: Any, interest: Any) -> bool:
    return (
        interest is not None
        and bool(user.is_authenticated and user.is_active)
        and _membership_roles(user).get(interest.to_organization_id) == Membership.Role.OWNER
    )


@rules.predicate
def is_requester_officer(user: Any, interest: Any) -> bool:
    return interest is not None and _officer_of(user, interest.from_organization.office_id)


@rules.predicate
def is_recipient_officer(user: Any, interest: Any) -> bool:
    return interest is not None and _officer_of(user, interest.to_organization.office_id)


def _status_in(*statuses: InterestStatus) -> Any:
    @rules.predicate(name=f"interest_status_in_{'_'.join(statuses)}")
    def check(user: Any, interest: Any) -> bool:
        return interest is not None and interest.status in statuses

    return check


is_accepted = _status_in(InterestStatus.ACCEPTED)
is_forwarded = _status_in(InterestStatus.PENDING, InterestStatus.ACCEPTED, InterestStatus.DECLINED,
                          InterestStatus.EXPIRED)
is_open = _status_in(InterestStatus.VETTING, InterestStatus.PENDING)
is_pending = _status_in(InterestStatus.PENDING)
is_vetting = _status_in(InterestStatus.VETTING)
