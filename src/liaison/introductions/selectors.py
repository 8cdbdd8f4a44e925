"""Read queries of the introductions app, scoped to what a user may see."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from liaison.accounts.models import Membership, User
from liaison.accounts.predicates import member_organization_ids
from liaison.directory import actfor
from liaison.directory.models import Organization
from liaison.introductions.models import (
    Interest,
    InterestStatus,
    Message,
    OfficerNote,
    ReadState,
    Suggestion,
    SuggestionStatus,
)

FORWARDED = [InterestStatus.PENDING, InterestStatus.ACCEPTED, InterestStatus.DECLINED,
             InterestStatus.EXPIRED]


def visible_interests(user: User | AnonymousUser) -> QuerySet[Interest]:
    """HQ: all; officers: those touching an organization of their office; members: their
    organization's requests, and requests to it once forwarded."""
    qs = Interest.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.is_hq:
        return qs
    orgs = member_organization_ids(user)
    scope = Q(from_organization_id__in=orgs) | Q(to_organization_id__in=orgs, status__in=FORWARDED)
    if user.office_id:
        scope |= Q(from_organization__office_id=user.office_id)
        scope |= Q(to_organization__office_id=user.office_id)
    return qs.filter(scope)


def with_related(qs: QuerySet[Interest]) -> QuerySet[Interest]:
    return qs.select_related(
        "opportunity", "from_organization__ecosystem", "from_organization__office",
        "to_organization__ecosystem", "to_organization__office", "answered_for_office",
    ).prefetch_related("opportunity__translations", "from_organization__translations",
                       "to_organization__translations")


def notes_for(user: User, interest: Interest) -> QuerySet[OfficerNote]:
    """Notes an officer wrote for their own firm: seen by that office and that firm (and HQ)."""
    qs = interest.notes.select_related("author", "office")
    if user.is_hq:
        return qs
    orgs = member_organization_ids(user)
    offices = set()
    if user.office_id:
        offices.add(user.office_id)
    if interest.from_organization_id in orgs:
        offices.add(interest.from_organization.office_id)
    if interest.to_organization_id in orgs:
        offices.add(interest.to_organization.office_id)
    return qs.filter(office_id__in=offices)


def thread(interest: Interest) -> QuerySet[Message]:
    return interest.messages.select_related("author")


def unread_threads(user: User) -> dict[int, int]:
    """Interest id -> number of messages by others the user has not read (one query)."""
    qs = visible_interests(user).filter(status=InterestStatus.ACCEPTED)
    last_read = ReadState.objects.filter(interest=OuterRef("interest_id"), user=user).values(
        "last_read_at")[:1]
    rows = (
        Message.objects.filter(interest__in=qs.values("pk"))
        .exclude(author=user)
        .annotate(last_read=Subquery(last_read))
        .filter(Q(last_read__isnull=True) | Q(created_at__gt=F("last_read")))
        .order_by()
        .values("interest_id")
        .annotate(n=Count("pk"))
    )
    return {row["interest_id"]: row["n"] for row in rows}


def pending_actions(user: User | AnonymousUser) -> QuerySet[Interest]:
    """Interests waiting for this user: to vet (officer of B's office), to answer (B's owner, or
    B's office when B has no logins)."""
    if not user.is_authenticated:
        return Interest.objects.none()
    owned = [
        org for org, role in user.memberships.values_list("organization_id", "role")
        if role == Membership.Role.OWNER
    ]
    scope = Q(status=InterestStatus.PENDING, to_organization_id__in=owned)
    if user.office_id:
        scope |= Q(status=InterestStatus.VETTING, to_organization__office_id=user.office_id)
        # What waits on the office's firms without logins: the office answers for them.
        scope |= Q(status=InterestStatus.PENDING,
                   to_organization__in=actfor.offline_organizations(user.office_id))
    return Interest.objects.filter(scope)


def waiting_on_offline_firms(office_id: int) -> QuerySet[Interest]:
    """Interests forwarded to the office's firms that have no logins: nobody but the office
    can answer them (`directory.actfor`)."""
    return Interest.objects.filter(
        status=InterestStatus.PENDING,
        to_organization__in=actfor.offline_organizations(office_id),
    )


def visible_suggestions(user: User | AnonymousUser) -> QuerySet[Suggestion]:
    """HQ: all; officers: those of their office or touching its firms; members: those that
    asked their organization (not the ones an office dismissed before asking)."""
    qs = Suggestion.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if user.is_hq:
        return qs
    orgs = member_organization_ids(user)
    scope = (Q(from_organization_id__in=orgs) | Q(to_organization_id__in=orgs)) & ~Q(
        status=SuggestionStatus.DISMISSED)
    if user.office_id:
        scope |= Q(office_id=user.office_id) | Q(from_organization__office_id=user.office_id)
        scope |= Q(to_organization__office_id=user.office_id)
    return qs.filter(scope)


def suggestions_with_related(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """With both firms, the opportunity, the introduction it became and its outcomes count."""
    return qs.select_related(
        "office", "opportunity", "from_organization__ecosystem", "to_organization__ecosystem",
        "interest",
    ).prefetch_related("opportunity__translations", "from_organization__sectors").annotate(
        outcome_count=Count("interest__outcomes"))


def suggested_pairs(office_id: int, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], Suggestion]:
    """(firm id, opportunity id) -> the office's suggestion for that pair, if any (one query):
    the portfolio shows "asked", "dismissed", ... instead of offering to suggest it again."""
    if not pairs:
        return {}
    q = Q()
    for org_id, opp_id in pairs:
        q |= Q(from_organization_id=org_id, opportunity_id=opp_id)
    return {(s.from_organization_id, s.opportunity_id): s for s in Suggestion.objects.filter(q)}


def knows_party(user: User, suggestion: Suggestion, organization: Organization,
                own: set[int] | frozenset[int] = frozenset()) -> bool:
    """Whether `user` may see who `organization` (one side of `suggestion`) is: HQ, the
    organization's own members (`own`: the user's organization ids) and its office; everyone
    once both firms said yes. Another office's officer who suggested or dismissed the pair
    does not learn the firm behind an anonymous opportunity (the double opt-in holds for
    brokers too)."""
    if user.is_hq or suggestion.status == SuggestionStatus.INTRODUCED or organization.pk in own:
        return True
    return bool(user.office_id) and user.office_id == organization.office_id
