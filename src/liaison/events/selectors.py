"""Read queries of the events app, scoped to what a user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.events.models import Event, Interpreter


def visible_events(user: User) -> QuerySet[Event]:
    qs = Event.objects.select_related("host_office", "partner_ecosystem")
    if user.is_hq:
        return qs
    q = Q(pk__in=[])
    if user.office_id:
        q |= Q(host_office_id=user.office_id)
    if member_organization_ids(user):
        q |= ~Q(status=Event.Status.DRAFT)
    if user.is_authenticated and user.is_active:  # interpreters find events open for registration
        q |= Q(status=Event.Status.REGISTRATION)
        q |= Q(pk__in=Interpreter.objects.filter(user_id=user.pk).values("event_id"))
    return qs.filter(q)
