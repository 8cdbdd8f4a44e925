"""Read queries of the events app, scoped to what a user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.directory.models import Organization, OrganizationTranslation
from liaison.directory.selectors import visible_organizations
from liaison.events.models import Event, Interpreter, MeetingRequest, Registration

PICKER_LIMIT = 20  # organizations a picker search shows
PICKER_QUERY_MAX = 100  # characters of a picker search


def visible_events(user: User) -> QuerySet[Event]:
    qs = Event.objects.select_related("host_office", "partner_ecosystem")
    if user.is_hq:
        return qs
    q = Q(pk__in=[])
    if user.office_id:  # the host office, and the offices of the registered firms
        q |= Q(host_office_id=user.office_id)
        q |= Q(pk__in=Registration.objects.filter(organization__office_id=user.office_id).values("event_id"))
    if member_organization_ids(user):
        q |= ~Q(status=Event.Status.DRAFT)
    if user.is_authenticated and user.is_active:  # interpreters find events open for registration
        q |= Q(status=Event.Status.REGISTRATION)
        q |= Q(pk__in=Interpreter.objects.filter(user_id=user.pk).values("event_id"))
    return qs.filter(q)


def registrable_organizations(user: User, event: Event) -> QuerySet[Organization]:
    """The organizations `user` may register in `event`, not yet registered: for the host
    office every organization it may see; for another office the firms it is responsible for;
    for a member their own organizations."""
    registered = event.registrations.values("organization_id")
    if user.is_active and user.office_id and user.office_id == event.host_office_id:
        qs = visible_organizations(user)
    elif user.is_active and user.office_id:
        qs = Organization.objects.filter(office_id=user.office_id)
    else:
        qs = Organization.objects.filter(pk__in=member_organization_ids(user))
    return qs.exclude(pk__in=registered)


def search_organizations(qs: QuerySet[Organization], text: str) -> list[Organization]:
    """Organizations of `qs` whose name (in any language version) contains `text`, the best
    `PICKER_LIMIT` by name; their translations prefetched so each shows in the reader's
    language."""
    text = " ".join(text.split())[:PICKER_QUERY_MAX]
    if not text:
        return []
    match = Q(name__icontains=text) | Q(translations__name__icontains=text)
    ids = list(qs.filter(match).values_list("pk", flat=True).distinct()[:PICKER_LIMIT * 5])
    found = Organization.objects.filter(pk__in=ids).select_related("ecosystem").prefetch_related("translations")
    # Names that start with the text first, then the rest, each by name.
    folded = text.casefold()
    return sorted(found, key=lambda o: (not o.display_name.casefold().startswith(folded),
                                        o.display_name.casefold()))[:PICKER_LIMIT]


def participant_registrations(event: Event, text: str = "") -> QuerySet[Registration]:
    """The event's confirmed (not waitlisted) registrations by organization name, those whose
    organization's name or description contains `text` (in its own language, the reader's or
    English) when given: the participants page, one page of it at a time."""
    from liaison.common.models import ui_language

    qs = event.registrations.filter(waitlisted=False)
    text = text.strip()
    if text:
        versions = OrganizationTranslation.objects.filter(
            language__in={ui_language(), "en"}).filter(
            Q(name__icontains=text) | Q(description__icontains=text)).values("organization_id")
        qs = qs.filter(Q(organization__name__icontains=text) | Q(organization__description__icontains=text)
                       | Q(organization_id__in=versions))
    return qs.order_by("organization__name", "pk")


def actable_registrations(user: User, event: Event) -> list[Registration]:
    """The registrations an officer may act for (the switch on the marketplace and request
    pages): every one for the host office; the firms of its office for another office (when
    the firm lets it); none for anyone else."""
    from liaison.events.rules import may_act_for

    if not (user.is_active and user.office_id):
        return []
    regs = event.registrations.select_related("organization").prefetch_related("organization__translations")
    if user.office_id == event.host_office_id:
        return list(regs)
    return [r for r in regs.filter(organization__office_id=user.office_id) if may_act_for(user, r.organization)]


@dataclass(frozen=True)
class ActForChoice:
    """One entry of the act-for switch: a registration and its organization's shown name."""

    pk: int
    name: str


def act_for_choices(user: User, event: Event) -> list[ActForChoice]:
    """`actable_registrations` as the switch shows them. The host office lists every
    registration of the event on each page, so its list is read as plain values (two queries,
    no model per row), the names chosen as `Organization.display_name` chooses them."""
    from liaison.common.models import ui_language

    if not (user.is_active and user.office_id):
        return []
    if user.office_id != event.host_office_id:
        return [ActForChoice(r.pk, r.organization.display_name) for r in actable_registrations(user, event)]
    wanted = ui_language()
    rows = list(event.registrations.values_list("pk", "organization_id", "organization__name",
                                                "organization__language"))
    versions: dict[tuple[int, str], str] = {
        (org, lang): name for org, lang, name in OrganizationTranslation.objects.filter(
            organization__event_registrations__event=event, language__in={wanted, "en"}).exclude(
            name="").values_list("organization_id", "language", "name")}
    out = []
    for pk, org, name, language in rows:
        if language != wanted:
            name = versions.get((org, wanted)) or versions.get((org, "en")) or name
        out.append(ActForChoice(pk, name))
    return out


def requests_seen_by_office(user: User, event: Event) -> QuerySet[MeetingRequest]:
    """An officer's overview of requests: all of the event's for the host office (and HQ),
    those involving its firms for another office."""
    qs = MeetingRequest.objects.filter(event=event).select_related(
        "requester__organization", "recipient__organization", "event").prefetch_related(
        "requester__organization__translations", "recipient__organization__translations")
    if user.is_hq or (user.office_id and user.office_id == event.host_office_id):
        return qs
    if user.office_id:
        return qs.filter(Q(requester__organization__office_id=user.office_id)
                         | Q(recipient__organization__office_id=user.office_id))
    return qs.none()


def sought_by(organization_ids: list[int], *, user: User | AnonymousUser) -> dict[int, list[str]]:
    """What each firm seeks: the titles of its public requests (opportunities of a
    "request" type), in the reader's language, two at most per firm — only those whose
    organization `user` may know (`identity_visible_q`): a title beside a firm's name would
    tell who posted an anonymous request in the marketplace."""
    from liaison.opportunities.models import Opportunity
    from liaison.opportunities.selectors import identity_visible_q

    out: dict[int, list[str]] = {}
    qs = (Opportunity.objects.public().filter(organization_id__in=organization_ids, type__endswith="request")
          .filter(identity_visible_q(user)).prefetch_related("translations").order_by("-pk"))
    for o in qs:
        titles = out.setdefault(o.organization_id, [])
        if len(titles) < 2:
            titles.append(o.localized("title"))
    return out


def sought_by_key(user: User | AnonymousUser) -> tuple[object, ...]:
    """What decides which requests `sought_by` shows `user` (`identity_visible_q`), as a cache
    key: HQ sees all; others their office's firms, their own firms, and the requests in which
    an interest of their firms was accepted (its count and latest answer, one query, only for
    a member of a firm)."""
    from django.db.models import Count, Max

    from liaison.opportunities.models import Opportunity

    if not user.is_authenticated:
        return ("anonymous",)
    if user.is_hq:
        return ("hq",)
    orgs = tuple(sorted(member_organization_ids(user)))
    introduced: tuple[object, ...] = ()
    if orgs:
        found = Opportunity.objects.filter(
            interests__status="accepted", interests__from_organization_id__in=orgs).aggregate(
            n=Count("interests"), latest=Max("interests__answered_at"), top=Max("interests__pk"))
        introduced = (found["n"], found["latest"], found["top"])
    return ("office", user.office_id, orgs, introduced)


def participants_marker(event: Event) -> tuple[object, ...]:
    """What changes when the event's participant list does: its registrations' number, largest
    id and waitlisted number, its attendees' number and largest id (one query, by the event's
    index). An attendee's edit that keeps these shows within the list cache's time."""
    from django.db import connection

    from liaison.events.models import Attendee

    reg = connection.ops.quote_name(Registration._meta.db_table)
    att = connection.ops.quote_name(Attendee._meta.db_table)
    sql = (f"SELECT COUNT(*), MAX(id), SUM(CASE WHEN waitlisted THEN 1 ELSE 0 END), "  # noqa: S608
           f"(SELECT COUNT(*) FROM {att} WHERE registration_id IN (SELECT id FROM {reg} WHERE event_id = %s)), "
           f"(SELECT MAX(id) FROM {att} WHERE registration_id IN (SELECT id FROM {reg} WHERE event_id = %s)) "
           f"FROM {reg} WHERE event_id = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [event.pk, event.pk, event.pk])
        row = cursor.fetchone()
    return tuple(row or ())
