"""Look up an opportunity and check permission together (see `liaison.common.access`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.common.access import get_for
from liaison.opportunities.models import Opportunity

VIEW_OPPORTUNITY = "opportunities.view_opportunity"


def opportunity_for(user: User | AnonymousUser, pk: Any, perm: str = VIEW_OPPORTUNITY) -> Opportunity:
    queryset = (Opportunity.objects.select_related("organization__ecosystem", "organization__office")
                .prefetch_related("translations", "sectors", "target_ecosystems"))
    return get_for(user, queryset, pk, view=VIEW_OPPORTUNITY, perm=perm)
