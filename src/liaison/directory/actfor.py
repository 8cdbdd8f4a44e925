"""Officers acting for firms that have no logins (the general rule; every app asks it).

Most firms an office brings in never sign in. The office's officers may then act for them —
accept or decline an interest, answer a meeting request, register for an event, edit the
profile and the opportunities — and every such action is recorded as "by officer X on behalf
of firm Y" (`ActingRecord`) and shown to the other side as "… by the <office> for <firm>".

A firm with members can switch this off (`Organization.only_members_answer`, "only we
answer"); its members then act alone. HQ never acts for a firm: it oversees.

- `may_act_for(user, organization)`: the rule.
- `acts_for(user, organization)`: the user would act as the firm's proxy (may act and is not
  one of its members) — the case to record.
- `record(by=, organization=, action=, subject=)`: write the record when `acts_for`.
- `acted_for_label(office, organization)`: the words the other side reads.
- `is_acting_officer`: the rule as a django-rules predicate on an organization or on any
  object with an `organization` (or `to_organization`) attribute.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.models import Membership, User
from liaison.accounts.predicates import _membership_roles, is_active_user
from liaison.directory.models import ActingRecord, Office, Organization


def has_members(organization: Organization) -> bool:
    """The organization has at least one active member (someone who can sign in for it)."""
    cached = getattr(organization, "_liaison_has_members", None)
    if cached is None:
        cached = Membership.objects.filter(organization_id=organization.pk,
                                           user__is_active=True).exists()
        organization._liaison_has_members = cached  # type: ignore[attr-defined]
    return bool(cached)


def may_act_for(user: User | AnonymousUser, organization: Organization | None) -> bool:
    """An active officer of the organization's responsible office, unless the organization
    has members and switched on "only we answer"."""
    if organization is None or not is_active_user(user) or not user.office_id:
        return False
    if user.office_id != organization.office_id:
        return False
    return not (organization.only_members_answer and has_members(organization))


def acts_for(user: User | AnonymousUser, organization: Organization | None) -> bool:
    """The user would act as the organization's proxy: may act for it and is not a member."""
    return (organization is not None and may_act_for(user, organization)
            and organization.pk not in _membership_roles(user))  # type: ignore[arg-type]


def record(*, by: User, organization: Organization, action: str, subject: Any = None
           ) -> ActingRecord | None:
    """Record "by officer `by` on behalf of `organization`: `action` on `subject`" when `by`
    acts as the organization's proxy (nothing when they act as one of its members). Call it in
    the transaction of the action itself."""
    if not acts_for(by, organization) or by.office_id is None:
        return None
    return ActingRecord.objects.create(
        organization=organization, office_id=by.office_id, officer=by, action=action[:60],
        subject=subject_key(subject) if subject is not None else "",
    )


def subject_key(obj: Any) -> str:
    """"app.model:pk" of a model instance (how a record names what was acted on)."""
    if isinstance(obj, str):
        return obj[:120]
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def records_for(subject: Any) -> QuerySet[ActingRecord]:
    return (ActingRecord.objects.filter(subject=subject_key(subject))
            .select_related("office", "organization", "officer"))


def acted_for_label(office: Office, organization: Organization) -> str:
    """What the other side reads: "by <office> for <organization>"."""
    return _("by %(office)s for %(organization)s") % {
        "office": office.name, "organization": organization.display_name}


def officer_label(officer: User | None, organization: Organization) -> str:
    """What the audit trail shows: "by officer X on behalf of Y"."""
    return _("by officer %(officer)s on behalf of %(organization)s") % {
        "officer": str(officer) if officer else _("(removed)"),
        "organization": organization.display_name}


def offline_organizations(office_id: int) -> QuerySet[Organization]:
    """The office's organizations without any active member (those it acts for)."""
    members = Membership.objects.filter(organization=OuterRef("pk"), user__is_active=True)
    return Organization.objects.filter(office_id=office_id).filter(~Exists(members))


def may_act_q(office_id: int) -> Q:
    """Organizations an officer of `office_id` may act for, as a filter on Organization."""
    members = Membership.objects.filter(organization=OuterRef("pk"), user__is_active=True)
    return Q(office_id=office_id) & (Q(only_members_answer=False) | Q(~Exists(members)))


def _organization_of(obj: Any) -> Organization | None:
    if obj is None or isinstance(obj, Organization):
        return obj
    for name in ("to_organization", "organization"):
        if hasattr(obj, f"{name}_id"):
            return getattr(obj, name)  # type: ignore[no-any-return]
    return None


@rules.predicate
def is_acting_officer(user: User | AnonymousUser, obj: Any) -> bool:
    return may_act_for(user, _organization_of(obj))
