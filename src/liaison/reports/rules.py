"""Who may see reports and outcomes, and who may record or confirm them. Declared once.

- HQ sees every office's report and every value.
- An officer sees their own office's report; outcomes their office brokered (values included).
- Members of the parties see their outcome (value included); firms report an outcome from
  their own accepted introduction or held meeting; officers of the brokering office confirm.
- Anyone else who may see an outcome sees its value only when the parties made it public.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.accounts.predicates import (
    is_active_user,
    is_hq,
    is_officer,
    member_organization_ids,
)


@rules.predicate
def is_officer_of_office(user: User | AnonymousUser, office: Any) -> bool:
    return office is not None and is_active_user(user) and user.office_id == office.pk


@rules.predicate
def is_brokering_officer(user: User | AnonymousUser, outcome: Any) -> bool:
    return outcome is not None and is_active_user(user) and user.office_id == outcome.office_id


@rules.predicate
def is_party_member(user: User | AnonymousUser, outcome: Any) -> bool:
    if outcome is None or not is_active_user(user):
        return False
    return bool(member_organization_ids(user) & {outcome.initiator_id, outcome.counterpart_id})


@rules.predicate
def is_party_officer(user: User | AnonymousUser, outcome: Any) -> bool:
    """An officer of the office responsible for one of the parties."""
    if outcome is None or not (is_active_user(user) and user.office_id):
        return False
    return user.office_id in {outcome.initiator.office_id, outcome.counterpart.office_id}


@rules.predicate
def value_is_public(user: User | AnonymousUser, outcome: Any) -> bool:
    return outcome is not None and outcome.value_public


@rules.predicate
def is_unconfirmed(user: User | AnonymousUser, outcome: Any) -> bool:
    return outcome is not None and outcome.confirmed_at is None


def _source_sides(source: Any) -> tuple[set[int], int | None, bool]:
    """(organization ids of the two sides, brokering office id, outcome may be reported)."""
    from liaison.events.models import Meeting
    from liaison.introductions.models import Interest

    if isinstance(source, Interest):
        return ({source.from_organization_id, source.to_organization_id},
                source.to_organization.office_id, source.status == Interest.Status.ACCEPTED)
    if isinstance(source, Meeting):
        return ({source.a.organization_id, source.b.organization_id}, source.event.host_office_id,
                source.outcome == Meeting.Outcome.HELD)
    return set(), None, False


@rules.predicate
def is_side_member(user: User | AnonymousUser, source: Any) -> bool:
    if source is None or not is_active_user(user):
        return False
    sides, _office, ready = _source_sides(source)
    return ready and bool(member_organization_ids(user) & sides)


@rules.predicate
def is_source_office_officer(user: User | AnonymousUser, source: Any) -> bool:
    if source is None or not (is_active_user(user) and user.office_id):
        return False
    _sides, office, ready = _source_sides(source)
    return ready and user.office_id == office


rules.add_perm("reports.view_network", is_hq)
rules.add_perm("reports.view_office_report", is_hq | is_officer_of_office)
rules.add_perm("reports.view_reports", is_hq | is_officer)
rules.add_perm("reports.manage_rates", is_hq)
rules.add_perm("reports.view_rates", is_hq | is_officer)
rules.add_perm(
    "reports.view_outcome", is_hq | is_brokering_officer | is_party_member | is_party_officer
)
rules.add_perm(
    "reports.view_outcome_value",
    is_hq | is_brokering_officer | is_party_member | value_is_public,
)
rules.add_perm("reports.report_outcome", is_side_member | is_source_office_officer)
rules.add_perm("reports.confirm_outcome", is_brokering_officer & is_unconfirmed)
rules.add_perm(
    "reports.change_outcome", is_brokering_officer | (is_party_member & is_unconfirmed)
)
