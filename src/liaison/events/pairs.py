"""Who may meet whom at an event: the event's pair rule (any two; only firms of different
countries; only visitors with local firms) and the pairs the host office blocked.

One answer for every front: a meeting request, an officer's added meeting and the
marketplace's request button all ask `pair_refusal`."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from liaison.directory.models import Organization
from liaison.events.models import BlockedPair, Event


def local_country(event: Event) -> str:
    """The country where the event takes place: the home park's for an inbound delegation,
    the partner ecosystem's for an outbound one, else the host office's."""
    if event.direction == Event.Direction.INBOUND:
        return event.host_office.park.ecosystem.country.upper()
    if event.direction == Event.Direction.OUTBOUND and event.partner_ecosystem_id:
        return event.partner_ecosystem.country.upper()  # type: ignore[union-attr]
    return event.host_office.ecosystem.country.upper()


def pair_refusal(event: Event, a: Organization, b: Organization) -> str | None:
    """Why the two may not meet at this event, or None when they may."""
    ca, cb = a.ecosystem.country.upper(), b.ecosystem.country.upper()
    if event.pairs == Event.Pairs.CROSS_BORDER and ca == cb:
        return _("This event pairs only firms of different countries.")
    if event.pairs == Event.Pairs.INBOUND_LOCAL:
        here = local_country(event)
        if (ca == here) == (cb == here):
            return _("This event pairs only visitors with local firms.")
    if BlockedPair.objects.filter(Q(a=a, b=b) | Q(a=b, b=a), event=event).exists():
        return _("The host office does not pair these two firms at this event.")
    return None


def blocked_partners(event: Event, organization_id: int) -> set[int]:
    """The organizations the host office blocked from meeting this one."""
    pairs = BlockedPair.objects.filter(Q(a_id=organization_id) | Q(b_id=organization_id), event=event)
    return {x for pair in pairs.values_list("a_id", "b_id") for x in pair} - {organization_id}
