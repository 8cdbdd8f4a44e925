"""Predicates of the introductions app (django-rules), usable by other apps' rules.

`is_introduced_counterpart(user, opportunity)`: the user is a member of an organization whose
interest in this opportunity was accepted — the double opt-in that reveals the opportunity's
organization. The opportunities app ORs it into `opportunities.view_identity`.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import Membership, User
from liaison.accounts.predicates import _membership_roles, is_active_user
from liaison.introductions.models import Interest, InterestStatus


def _member_of(user: User | AnonymousUser, organization_id: int) -> bool:
    return is_active_user(user) and organization_id in _membership_roles(user)


def _officer_of(user: User | AnonymousUser, office_id: int) -> bool:
    return is_active_user(user) and user.office_id == office_id


@rules.predicate
def is_introduced_counterpart(user: User | AnonymousUser, opportunity: Any) -> bool:
    if opportunity is None or not is_active_user(user):
        return False
    orgs = _membership_roles(user)
    return bool(orgs) and Interest.objects.filter(
        opportunity_id=opportunity.pk, status=InterestStatus.ACCEPTED, from_organization_id__in=orgs
    ).exists()


@rules.predicate
def is_requester(user: User | AnonymousUser, interest: Any) -> bool:
    """Member of the interested organization (A)."""
    return interest is not None and _member_of(user, interest.from_organization_id)


@rules.predicate
def is_recipient(user: User | AnonymousUser, interest: Any) -> bool:
    """Member of the organization whose opportunity it is (B)."""
    return interest is not None and _member_of(user, interest.to_organization_id)


@rules.predicate
def is_recipient_owner(user: User | AnonymousUser, interest: Any) -> bool:
    return (
        interest is not None
        and is_active_user(user)
        and _membership_roles(user).get(interest.to_organization_id) == Membership.Role.OWNER
    )


@rules.predicate
def is_requester_officer(user: User | AnonymousUser, interest: Any) -> bool:
    return interest is not None and _officer_of(user, interest.from_organization.office_id)


@rules.predicate
def is_recipient_officer(user: User | AnonymousUser, interest: Any) -> bool:
    return interest is not None and _officer_of(user, interest.to_organization.office_id)


def _status_in(*statuses: InterestStatus) -> Any:
    @rules.predicate(name=f"interest_status_in_{'_'.join(statuses)}")
    def check(user: User | AnonymousUser, interest: Any) -> bool:
        return interest is not None and interest.status in statuses

    return check


is_accepted = _status_in(InterestStatus.ACCEPTED)
is_forwarded = _status_in(InterestStatus.PENDING, InterestStatus.ACCEPTED, InterestStatus.DECLINED,
                          InterestStatus.EXPIRED)
is_open = _status_in(InterestStatus.VETTING, InterestStatus.PENDING)
is_pending = _status_in(InterestStatus.PENDING)
is_vetting = _status_in(InterestStatus.VETTING)


# Suggestions (an office brokering an introduction from a match): the object is a Suggestion.
@rules.predicate
def is_suggesting_officer(user: User | AnonymousUser, suggestion: Any) -> bool:
    return suggestion is not None and _officer_of(user, suggestion.office_id)


@rules.predicate
def is_suggestion_party_officer(user: User | AnonymousUser, suggestion: Any) -> bool:
    return suggestion is not None and (
        _officer_of(user, suggestion.from_organization.office_id)
        or _officer_of(user, suggestion.to_organization.office_id))


@rules.predicate
def is_suggestion_party(user: User | AnonymousUser, suggestion: Any) -> bool:
    return suggestion is not None and (
        _member_of(user, suggestion.from_organization_id) or _member_of(user, suggestion.to_organization_id))


@rules.predicate
def is_suggestion_owner_waiting(user: User | AnonymousUser, suggestion: Any) -> bool:
    """An owner of a side that has not answered yet, while both are being asked."""
    if suggestion is None or suggestion.status != "asked" or not is_active_user(user):
        return False
    roles = _membership_roles(user)
    return ((roles.get(suggestion.from_organization_id) == Membership.Role.OWNER and not suggestion.from_answer)
            or (roles.get(suggestion.to_organization_id) == Membership.Role.OWNER and not suggestion.to_answer))
