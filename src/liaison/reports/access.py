"""Access helpers: look up and check permission in one step (404 if not visible, 403 if the
action is not allowed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from liaison.directory.models import Office
from liaison.events.models import Meeting
from liaison.introductions.models import Interest
from liaison.reports.models import Outcome


def office_for(user: Any, code: str) -> Office:
    office = Office.objects.filter(code=code).first()
    if office is None:
        raise Http404
    if not user.has_perm("reports.view_office_report", office):
        raise PermissionDenied("reports.view_office_report")
    return office


def outcome_for(user: Any, pk: int, perm: str = "reports.view_outcome") -> Outcome:
    outcome = (Outcome.objects.select_related("initiator__ecosystem", "counterpart__ecosystem", "office",
                                              "reported_by", "confirmed_by")
               .filter(pk=pk).first())
    if outcome is None or not user.has_perm("reports.view_outcome", outcome):
        raise Http404
    if perm != "reports.view_outcome" and not user.has_perm(perm, outcome):
        raise PermissionDenied(perm)
    return outcome


def _may_see_interest(user: Any, interest: Interest) -> bool:
    from liaison.accounts.predicates import member_organization_ids

    if user.is_hq:
        return True
    sides = {interest.from_organization_id, interest.to_organization_id}
    offices = {interest.from_organization.office_id, interest.to_organization.office_id}
    return bool(member_organization_ids(user) & sides) or (user.office_id in offices)


def source_for(user: Any, *, interest: int | None = None, meeting: int | None = None) -> Interest | Meeting:
    """The introduction or meeting an outcome is reported for, if the user may report it."""
    source: Interest | Meeting | None
    if interest is not None:
        source = (Interest.objects.select_related("from_organization", "to_organization__office",
                                                  "opportunity").filter(pk=interest).first())
        visible = source is not None and _may_see_interest(user, source)
    elif meeting is not None:
        source = (Meeting.objects.select_related("a__organization", "b__organization", "event__host_office")
                  .filter(pk=meeting).first())
        visible = source is not None and _may_see_meeting(user, source)
    else:
        raise Http404
    if source is None or not visible:
        raise Http404
    if not user.has_perm("reports.report_outcome", source):
        raise PermissionDenied("reports.report_outcome")
    return source


def _may_see_meeting(user: Any, meeting: Meeting) -> bool:
    from liaison.accounts.predicates import member_organization_ids

    offices = {meeting.event.host_office_id, meeting.a.organization.office_id,
               meeting.b.organization.office_id}
    if user.is_hq or (user.office_id and user.office_id in offices):
        return True
    return bool(member_organization_ids(user) & {meeting.a.organization_id, meeting.b.organization_id})
