"""Read queries of the reports app, scoped to what a user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.reports.models import Outcome


def visible_outcomes(user: User) -> QuerySet[Outcome]:
    qs = Outcome.objects.select_related("office", "initiator", "counterpart")
    if user.is_hq:
        return qs
    scope = Q(initiator_id__in=member_organization_ids(user)) | Q(
        counterpart_id__in=member_organization_ids(user))
    if user.office_id:
        scope |= (Q(office_id=user.office_id) | Q(initiator__office_id=user.office_id)
                  | Q(counterpart__office_id=user.office_id))
    return qs.filter(scope)
