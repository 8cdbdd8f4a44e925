"""API endpoints of the introductions app (mounted under /api/introductions). Same rules,
same services and the same anonymity as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from liaison.accounts.auth import signed_in
from liaison.accounts.models import User
from liaison.accounts.predicates import member_organization_ids
from liaison.accounts.requests import SignedInRequest
from liaison.common.bounds import Id
from liaison.common.paging import BoundedLimitOffset
from liaison.directory.models import Organization
from liaison.introductions import access, selectors, services
from liaison.introductions.models import (
    Answer,
    Interest,
    Message,
    Suggestion,
    SuggestionAnswer,
    VetDecision,
)
from liaison.opportunities.access import opportunity_for

router = Router(tags=["introductions"], auth=signed_in)


class Party(Schema):
    ecosystem: str
    kind: str
    id: int | None = None
    name: str | None = None
    contacts: list[dict[str, str]] | None = None


class InterestOut(Schema):
    id: int
    status: str
    opportunity: int
    opportunity_title: str
    message: str
    created_at: dt.datetime
    expires_at: dt.datetime
    from_organization: Party
    to_organization: Party
    refusal_reason: str
    decline_reason: str


class InterestIn(Schema):
    opportunity: Id
    organization: Id
    message: str


class VetIn(Schema):
    """The office's decision: "approve" forwards the interest, "refuse" declines it (with a
    reason); any other value is refused (422 naming "action")."""

    action: VetDecision
    reason: str = ""


class AnswerIn(Schema):
    """The organization's answer: "accept" makes the introduction, "decline" does not; any
    other value is refused (422 naming "action")."""

    action: Answer
    reason: str = ""


class NoteIn(Schema):
    text: str


class NoteOut(Schema):
    id: int
    text: str
    created_at: dt.datetime


class MessageIn(Schema):
    body: str


class MessageOut(Schema):
    id: int
    author: str
    body: str
    attachment_name: str
    created_at: dt.datetime


class AuditOut(Schema):
    action: str
    actor: str | None
    note: str
    at: dt.datetime


def _party(user: User, interest: Interest, organization: Organization, own: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"ecosystem": organization.ecosystem.code, "kind": organization.kind}
    if own or user.has_perm("introductions.view_identity", interest):
        out.update(id=organization.pk, name=organization.name)
        if interest.is_accepted:
            out["contacts"] = [
                {"name": p.name, "email": p.email, "phone": p.phone, "job_title": p.job_title}
                for p in organization.people.all()
            ]
    return out


def interest_out(user: User, interest: Interest) -> dict[str, Any]:
    orgs = member_organization_ids(user)
    return {
        "id": interest.pk,
        "status": interest.status,
        "opportunity": interest.opportunity_id,
        "opportunity_title": interest.opportunity.title,
        "message": interest.message,
        "created_at": interest.created_at,
        "expires_at": interest.expires_at,
        "from_organization": _party(user, interest, interest.from_organization,
                                    interest.from_organization_id in orgs),
        "to_organization": _party(user, interest, interest.to_organization,
                                  interest.to_organization_id in orgs),
        "refusal_reason": interest.refusal_reason,
        "decline_reason": interest.decline_reason,
    }


def _message_out(message: Message) -> dict[str, Any]:
    return {"id": message.pk, "author": str(message.author or ""), "body": message.body,
            "attachment_name": message.attachment_name, "created_at": message.created_at}


@router.get("", response=list[InterestOut])
@paginate(BoundedLimitOffset)
def list_interests(request: SignedInRequest) -> Any:
    qs = selectors.with_related(selectors.visible_interests(request.user)).order_by("-created_at", "-pk")
    # The contacts each side sees once the introduction is accepted.
    qs = qs.prefetch_related("from_organization__people", "to_organization__people")
    return [interest_out(request.user, i) for i in qs[:500]]


@router.get("/{pk}", response=InterestOut)
def get_interest(request: SignedInRequest, pk: Id) -> Any:
    return interest_out(request.user, access.interest_for(request.user, pk))


@router.post("", response={201: InterestOut})
def express_interest(request: SignedInRequest, payload: InterestIn) -> Any:
    user = request.user
    if not user.has_perm("introductions.express_interest"):
        raise PermissionDenied
    opportunity = opportunity_for(user, payload.opportunity)
    organization = Organization.objects.filter(pk=payload.organization).first()
    if organization is None or organization.pk not in member_organization_ids(user):
        raise PermissionDenied
    interest = services.express_interest(opportunity=opportunity, organization=organization,
                                         by=user, message=payload.message)
    return Status(201, interest_out(user, access.interest_for(user, interest.pk)))


@router.post("/{pk}/vet", response=InterestOut)
def vet_interest(request: SignedInRequest, pk: Id, payload: VetIn) -> Any:
    interest = access.interest_for(request.user, pk, "introductions.vet_interest")
    services.vet_interest(interest, by=request.user, decision=payload.action, reason=payload.reason)
    return interest_out(request.user, access.interest_for(request.user, pk))


@router.post("/{pk}/answer", response=InterestOut)
def answer_interest(request: SignedInRequest, pk: Id, payload: AnswerIn) -> Any:
    interest = access.interest_for(request.user, pk, "introductions.answer_interest")
    services.answer_interest(interest, by=request.user, decision=payload.action,
                             reason=payload.reason)
    return interest_out(request.user, access.interest_for(request.user, pk))


@router.post("/{pk}/notes", response={201: NoteOut})
def add_note(request: SignedInRequest, pk: Id, payload: NoteIn) -> Any:
    interest = access.interest_for(request.user, pk, "introductions.add_note")
    note = services.add_note(interest, by=request.user, text=payload.text)
    return Status(201, {"id": note.pk, "text": note.text, "created_at": note.created_at})


@router.get("/{pk}/messages", response=list[MessageOut])
def list_messages(request: SignedInRequest, pk: Id) -> Any:
    interest = access.interest_for(request.user, pk, "introductions.view_thread")
    services.mark_thread_read(interest, user=request.user)
    return [_message_out(m) for m in selectors.thread(interest)]


@router.post("/{pk}/messages", response={201: MessageOut})
def post_message(request: SignedInRequest, pk: Id, payload: MessageIn) -> Any:
    interest = access.interest_for(request.user, pk, "introductions.post_message")
    return Status(201, _message_out(services.post_message(interest, by=request.user, body=payload.body)))


@router.get("/{pk}/audit", response=list[AuditOut])
def audit(request: SignedInRequest, pk: Id) -> Any:
    interest = access.interest_for(request.user, pk, "introductions.view_audit")
    return [{"action": e.action, "actor": str(e.actor) if e.actor else None, "note": e.note, "at": e.at}
            for e in interest.audit.select_related("actor")]


# ------------------------------------------------------------ suggested introductions
# Mounted under /api/suggestions. Suggesting from a match is /api/matches/{id}/suggest (the
# api app, which knows both matches and introductions).
suggestions_router = Router(tags=["introductions"], auth=signed_in)


class SuggestionParty(Schema):
    ecosystem: str
    kind: str
    answer: str
    id: int | None = None
    name: str | None = None


class SuggestionOut(Schema):
    id: int
    status: str
    office: str
    opportunity: int
    opportunity_title: str
    note: str
    created_at: dt.datetime
    from_organization: SuggestionParty
    to_organization: SuggestionParty
    introduction: int | None
    outcomes: int


class SuggestionAnswerIn(Schema):
    """"accept" or "decline"; any other value is refused (422 naming "action")."""

    action: SuggestionAnswer


def suggestion_out(user: User, s: Suggestion) -> dict[str, Any]:
    orgs = set(member_organization_ids(user))

    def party(org: Organization, answer: str) -> dict[str, Any]:
        out: dict[str, Any] = {"ecosystem": org.ecosystem.code, "kind": org.kind, "answer": answer}
        if selectors.knows_party(user, s, org, orgs):
            out.update(id=org.pk, name=org.name)
        return out

    return {
        "id": s.pk, "status": s.status, "office": s.office.name, "opportunity": s.opportunity_id,
        "opportunity_title": s.opportunity.title, "note": s.note, "created_at": s.created_at,
        "from_organization": party(s.from_organization, s.from_answer),
        "to_organization": party(s.to_organization, s.to_answer),
        "introduction": s.interest_id, "outcomes": getattr(s, "outcome_count", 0),
    }


@suggestions_router.get("", response=list[SuggestionOut])
@paginate(BoundedLimitOffset)
def list_suggestions(request: SignedInRequest) -> Any:
    qs = selectors.suggestions_with_related(selectors.visible_suggestions(request.user))
    return [suggestion_out(request.user, s) for s in qs.order_by("-created_at", "-pk")[:500]]


@suggestions_router.get("/{pk}", response=SuggestionOut)
def get_suggestion(request: SignedInRequest, pk: Id) -> Any:
    return suggestion_out(request.user, access.suggestion_for(request.user, pk))


@suggestions_router.post("/{pk}/answer", response=SuggestionOut)
def answer_suggestion(request: SignedInRequest, pk: Id, payload: SuggestionAnswerIn) -> Any:
    suggestion = access.suggestion_for(request.user, pk, "introductions.answer_suggestion")
    services.answer_suggestion(suggestion, by=request.user, decision=payload.action)
    return suggestion_out(request.user, access.suggestion_for(request.user, pk))
