"""Look up report rows and check permission together (see `liaison.common.access`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from liaison.accounts.models import User
from liaison.common.access import get_for
from liaison.common.errors import PermissionDenied
from liaison.directory.models import Office
from liaison.events.models import Meeting
from liaison.introductions.models import Interest
from liaison.reports.models import Outcome


def office_for(user: User | AnonymousUser, code: str) -> Office:
    office = Office.objects.filter(code=code).first()
    if office is None:
        raise Http404
    if not user.has_perm("reports.view_office_report", office):
        raise PermissionDenied("reports.view_office_report")
    return office


def outcome_for(user: User | AnonymousUser, pk: Any, perm: str = "reports.view_outcome") -> Outcome:
    queryset = Outcome.objects.select_related("initiator__ecosystem", "counterpart__ecosystem", "office",
                                              "reported_by", "confirmed_by")
    return get_for(user, queryset, pk, view="reports.view_outcome", perm=perm)


def source_for(user: User | AnonymousUser, *, interest: Any = None, meeting: Any = None) -> Interest | Meeting:
    """The introduction or meeting an outcome is reported for, if the user may see it (else
    404) and report an outcome of it (else 403). Who may see it is the source app's rule."""
    if interest is not None:
        return get_for(user, Interest.objects.select_related(
            "from_organization", "to_organization__office", "opportunity"), interest,
            view="introductions.view_interest", perm="reports.report_outcome")
    if meeting is not None:
        return get_for(user, Meeting.objects.select_related(
            "a__organization", "b__organization", "event__host_office"), meeting,
            view="events.view_meeting", perm="reports.report_outcome")
    raise Http404
