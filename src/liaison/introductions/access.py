"""Look up an interest and check permission together (see `liaison.common.access`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.common.access import get_for
from liaison.introductions.models import Interest, Suggestion
from liaison.introductions.selectors import suggestions_with_related, with_related

VIEW_INTEREST = "introductions.view_interest"


def interest_for(user: User | AnonymousUser, pk: Any, perm: str = VIEW_INTEREST) -> Interest:
    """The interest if the user may see it (else 404) and take `perm` on it (else 403)."""
    return get_for(user, with_related(Interest.objects.all()), pk, view=VIEW_INTEREST, perm=perm)


VIEW_SUGGESTION = "introductions.view_suggestion"


def suggestion_for(user: User | AnonymousUser, pk: Any, perm: str = VIEW_SUGGESTION) -> Suggestion:
    return get_for(user, suggestions_with_related(Suggestion.objects.all()), pk,
                   view=VIEW_SUGGESTION, perm=perm)
