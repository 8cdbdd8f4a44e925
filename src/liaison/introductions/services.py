"""Write operations on interests and introductions. Every front (page, htmx, API) calls these.

Each function takes an explicit actor (`by`), checks the permission rule, validates its input
(the one rule set of the pages and the API: fields named in a ValidationError), writes inside a
transaction, records an audit entry and notifies the people concerned (in-app, and by e-mail
after commit unless they turned it off).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import Membership, User
from liaison.accounts.predicates import member_organization_ids
from liaison.common.bounds import text_error
from liaison.common.errors import PermissionDenied, ValidationError, require
from liaison.common.validation import FieldErrors
from liaison.directory import actfor
from liaison.directory.models import Organization
from liaison.introductions.attachments import content_matches
from liaison.introductions.models import (
    Answer,
    AuditAction,
    AuditEntry,
    Interest,
    InterestStatus,
    Message,
    OfficePolicy,
    OfficerNote,
    ReadState,
    Suggestion,
    SuggestionAnswer,
    SuggestionStatus,
    VetDecision,
)
from liaison.notifications.services import notify
from liaison.opportunities.models import Opportunity


def attachment_types() -> tuple[str, ...]:
    """The accepted file suffixes (LIAISON_ATTACHMENT_TYPES), lower case, without dots."""
    raw = settings.LIAISON_ATTACHMENT_TYPES
    if isinstance(raw, str):
        raw = raw.split(",")
    return tuple(t.strip().lower().lstrip(".") for t in raw if t.strip())


# ------------------------------------------------------------------ people concerned
def members_of(organization_id: int) -> QuerySet[User]:
    return User.objects.filter(memberships__organization_id=organization_id, is_active=True)


def owners_of(organization_id: int) -> QuerySet[User]:
    return members_of(organization_id).filter(memberships__role=Membership.Role.OWNER)


def officers_of(office_id: int) -> QuerySet[User]:
    return User.objects.filter(office_id=office_id, is_active=True)


def officers_involved(interest: Interest) -> list[User]:
    offices = {interest.from_organization.office_id, interest.to_organization.office_id}
    return list(User.objects.filter(office_id__in=offices, is_active=True))


def participants(interest: Interest) -> list[User]:
    """Everyone in the thread of an accepted introduction."""
    return [
        *members_of(interest.from_organization_id),
        *members_of(interest.to_organization_id),
        *officers_involved(interest),
    ]


def _url(interest: Interest) -> str:
    return reverse("introductions:detail", args=[interest.pk])


def _audit(interest: Interest, action: str, by: User | None, note: str = "",
           on_behalf_of: Organization | None = None) -> None:
    AuditEntry.objects.create(interest=interest, action=action, actor=by, note=note,
                              on_behalf_of=on_behalf_of)


def _answered_for(interest: Interest, by: User, action: str) -> Organization | None:
    """B, when `by` answers as B's office acting for it (recorded, and shown to A); None when
    `by` answers as B's owner."""
    if not actfor.acts_for(by, interest.to_organization):
        return None
    actfor.record(by=by, organization=interest.to_organization, action=action, subject=interest)
    interest.answered_for_office_id = by.office_id
    return interest.to_organization


def _notify(users: Iterable[User], interest: Interest, kind: str, title: Any, text: str = "") -> None:
    """Notify about `interest`: the translated `title` names its opportunity; `text` (a
    reason or a note someone wrote) is shown as written. An answer the office gave on the
    organization's behalf says so in the body ("by <office> for <organization>")."""
    context = {"title": interest.opportunity.title[:120]}
    body: Any = ""
    if interest.answered_for_office is not None and kind == "interest.outcome":
        context |= {"office": interest.answered_for_office.name}
        if interest.is_accepted:  # both sides know each other now
            body = gettext_lazy("Answered by %(office)s for %(organization)s.")
            context["organization"] = interest.to_organization.display_name
        else:  # a decline keeps the organization anonymous to the interested side
            body = gettext_lazy("Answered by %(office)s on the organization's behalf.")
    notify(users, kind=kind, title=title, body=body, url=_url(interest), context=context, text=text)


def office_vets(organization: Organization) -> bool:
    policy = OfficePolicy.objects.filter(office_id=organization.office_id).first()
    return bool(policy and policy.vet_interests)


# ------------------------------------------------------------------ validation
MESSAGE_MAX_LENGTH = 4000
REASON_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 4000
THREAD_MESSAGE_MAX_LENGTH = 10000


def validate_interest(data: Mapping[str, Any]) -> dict[str, Any]:
    """The field rules of an expression of interest: the organization it is sent for, a
    message of at most 4,000 characters. Returns them (the message stripped); raises
    ValidationError naming each bad field."""
    errors = FieldErrors()
    if data.get("organization") is None:
        errors.add("organization", _("Choose the organization you act for."))
    message = (data.get("message") or "").strip()
    if not message:
        errors.add("message", _("Write a few words to introduce your interest."))
    elif len(message) > MESSAGE_MAX_LENGTH:
        errors.add("message", _("Keep the message under 4,000 characters."))
    elif text_error(message, MESSAGE_MAX_LENGTH):
        errors.add("message", text_error(message, MESSAGE_MAX_LENGTH))
    errors.raise_if_any()
    return {**data, "message": message}


def _reason(text: str, *, field: str = "reason", required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError({field: _("Say why the interest is declined.")})
    if len(text) > REASON_MAX_LENGTH:
        raise ValidationError({field: _("Keep the reason under 2,000 characters.")})
    if text_error(text, REASON_MAX_LENGTH):
        raise ValidationError({field: text_error(text, REASON_MAX_LENGTH)})
    return text


def _decision(kind: type[VetDecision] | type[Answer], value: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise ValidationError({"action": _("Choose one of the two answers.")}) from None


# ------------------------------------------------------------------ writes
@transaction.atomic
def express_interest(
    *, opportunity: Opportunity, organization: Organization, by: User, message: str
) -> Interest:
    """Organization A (`organization`, the actor's) expresses interest in B's published
    opportunity. Forwarded to B's owner at once, or first to B's office when it vets.

    Refused (ValidationError): not public, own opportunity, a second interest in the same
    opportunity, an empty message, or the organization's daily cap reached.
    Side effects: audit entry; notifications to B's office and A's office (both in the loop),
    and to B's owners when forwarded at once.
    """
    require(by, "introductions.express_interest")
    message = validate_interest({"organization": organization, "message": message})["message"]
    if organization.pk not in member_organization_ids(by):
        raise PermissionDenied("introductions.express_interest")
    if not opportunity.is_public:
        raise ValidationError(_("This opportunity is not open for interest."))
    if opportunity.organization_id == organization.pk:
        raise ValidationError(_("This is your own organization's opportunity."))
    if Interest.objects.filter(opportunity=opportunity, from_organization=organization).exists():
        raise ValidationError(
            _("Your organization has already expressed interest in this opportunity.")
        )
    since = timezone.now() - dt.timedelta(days=1)
    sent = Interest.objects.filter(from_organization=organization, created_at__gte=since).count()
    if sent >= settings.LIAISON_INTEREST_DAILY_CAP:
        raise ValidationError(
            _("Your organization has reached its limit of %(cap)d expressions of interest a day. "
              "Please try again tomorrow.") % {"cap": settings.LIAISON_INTEREST_DAILY_CAP}
        )
    to_org = opportunity.organization
    vetting = office_vets(to_org)
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                opportunity=opportunity, from_organization=organization, to_organization=to_org,
                created_by=by, message=message,
                status=InterestStatus.VETTING if vetting else InterestStatus.PENDING,
                expires_at=timezone.now() + dt.timedelta(days=settings.LIAISON_INTEREST_EXPIRY_DAYS),
            )
    except IntegrityError:  # a concurrent duplicate
        raise ValidationError(
            _("Your organization has already expressed interest in this opportunity.")
        ) from None
    _audit(interest, AuditAction.EXPRESSED, by)
    if vetting:
        _notify(officers_of(to_org.office_id), interest, "interest.vetting",
                gettext_lazy("An expression of interest waits for your vetting: %(title)s"))
    else:
        _audit(interest, AuditAction.FORWARDED, None)
        _notify(owners_of(to_org.pk), interest, "interest.received",
                gettext_lazy("An organization is interested in your opportunity: %(title)s"))
    _notify(
        [u for u in officers_involved(interest) if not (vetting and u.office_id == to_org.office_id)],
        interest, "interest.office",
        gettext_lazy("New expression of interest in: %(title)s"),
    )
    return interest


def vet_interest(interest: Interest, *, by: User, decision: VetDecision | str,
                 reason: str = "") -> Interest:
    """B's office decides on an interest it vets: `approve_interest` (the reason is a note) or
    `refuse_interest`. Anything but the two decisions is a ValidationError naming "action"."""
    if _decision(VetDecision, decision) is VetDecision.APPROVE:
        return approve_interest(interest, by=by, note=reason)
    return refuse_interest(interest, by=by, reason=reason)


def answer_interest(interest: Interest, *, by: User, decision: Answer | str,
                    reason: str = "") -> Interest:
    """B's owner answers a forwarded interest: `accept_interest` (the reason is a first
    message) or `decline_interest`. Anything but the two answers is a ValidationError naming
    "action"."""
    if _decision(Answer, decision) is Answer.ACCEPT:
        return accept_interest(interest, by=by, note=reason)
    return decline_interest(interest, by=by, reason=reason)


@transaction.atomic
def approve_interest(interest: Interest, *, by: User, note: str = "") -> Interest:
    """B's office forwards the interest to B's owner. Side effects: audit; notifications."""
    require(by, "introductions.vet_interest", interest)
    note = _reason(note)
    interest.status = InterestStatus.PENDING
    interest.vetted_by = by
    interest.vetted_at = timezone.now()
    interest.save(update_fields=["status", "vetted_by", "vetted_at"])
    _audit(interest, AuditAction.APPROVED, by, note)
    _notify(owners_of(interest.to_organization_id), interest, "interest.received",
            gettext_lazy("An organization is interested in your opportunity: %(title)s"))
    _notify(members_of(interest.from_organization_id), interest, "interest.update",
            gettext_lazy("Your interest was forwarded: %(title)s"))
    return interest


@transaction.atomic
def refuse_interest(interest: Interest, *, by: User, reason: str) -> Interest:
    """B's office declines the interest with a reason. Side effects: audit; notifications."""
    require(by, "introductions.vet_interest", interest)
    reason = _reason(reason, required=True)
    interest.status = InterestStatus.REFUSED
    interest.vetted_by = by
    interest.vetted_at = timezone.now()
    interest.refusal_reason = reason
    interest.save(update_fields=["status", "vetted_by", "vetted_at", "refusal_reason"])
    _audit(interest, AuditAction.REFUSED, by, reason)
    _notify([*members_of(interest.from_organization_id), *officers_involved(interest)], interest,
            "interest.outcome", gettext_lazy("The office declined an expression of interest: %(title)s"),
            reason)
    return interest


@transaction.atomic
def accept_interest(interest: Interest, *, by: User, note: str = "") -> Interest:
    """B's owner — or B's office acting for B (`directory.actfor`) — accepts: the introduction
    is made, identities and contacts are revealed to both sides, and the conversation thread
    opens. Side effects: audit (with "on behalf of B" and an acting record when the office
    answers); notifications to both organizations and both offices."""
    require(by, "introductions.answer_interest", interest)
    note = _reason(note)
    interest.status = InterestStatus.ACCEPTED
    interest.answered_by = by
    interest.answered_at = timezone.now()
    for_organization = _answered_for(interest, by, "introductions.accept_interest")
    interest.save(update_fields=["status", "answered_by", "answered_at", "answered_for_office"])
    _audit(interest, AuditAction.ACCEPTED, by, note, on_behalf_of=for_organization)
    if note:
        Message.objects.create(interest=interest, author=by, body=note)
    _notify(participants(interest), interest, "interest.outcome",
            gettext_lazy("Introduction accepted: %(title)s"))
    return interest


@transaction.atomic
def decline_interest(interest: Interest, *, by: User, reason: str = "") -> Interest:
    """B's owner — or B's office acting for B — declines; A stays anonymous to B and B to A.
    Side effects: audit (on behalf of B when the office answers); notifications to A and both
    offices."""
    require(by, "introductions.answer_interest", interest)
    interest.decline_reason = _reason(reason)
    interest.status = InterestStatus.DECLINED
    interest.answered_by = by
    interest.answered_at = timezone.now()
    for_organization = _answered_for(interest, by, "introductions.decline_interest")
    interest.save(update_fields=["status", "answered_by", "answered_at", "decline_reason",
                                 "answered_for_office"])
    _audit(interest, AuditAction.DECLINED, by, interest.decline_reason, on_behalf_of=for_organization)
    _notify([*members_of(interest.from_organization_id), *officers_involved(interest)], interest,
            "interest.outcome", gettext_lazy("Expression of interest declined: %(title)s"),
            interest.decline_reason)
    return interest


@transaction.atomic
def add_note(interest: Interest, *, by: User, text: str) -> OfficerNote:
    """An officer of either side adds a note for their own firm (seen by that firm and that
    office). Side effects: audit; notification to the firm."""
    require(by, "introductions.add_note", interest)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The note is empty.")})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError({"text": _("Keep the note under 4,000 characters.")})
    if text_error(text, NOTE_MAX_LENGTH):
        raise ValidationError({"text": text_error(text, NOTE_MAX_LENGTH)})
    if by.office_id is None:  # the rule lets officers only
        raise PermissionDenied("introductions.add_note")
    note = OfficerNote.objects.create(interest=interest, office_id=by.office_id, author=by, text=text)
    _audit(interest, AuditAction.NOTE, by)
    own = (interest.from_organization_id if by.office_id == interest.from_organization.office_id
           else interest.to_organization_id)
    _notify(members_of(own), interest, "interest.note",
            gettext_lazy("Your liaison office added a note: %(title)s"), text)
    return note


def _check_attachment(upload: UploadedFile) -> tuple[str, str]:
    name = (upload.name or "file").rsplit("/", 1)[-1][:200]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = attachment_types()
    if suffix not in allowed:
        raise ValidationError({"attachment": _("Files of this type are not accepted (allowed: %(types)s).")
                               % {"types": ", ".join(allowed)}})
    limit = settings.LIAISON_ATTACHMENT_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError({"attachment": _("The file is larger than %(size)d MB.")
                               % {"size": max(1, limit // (1024 * 1024))}})
    if not content_matches(upload, suffix):
        raise ValidationError({"attachment": _("The file's content does not match its type.")})
    return name, suffix


@transaction.atomic
def post_message(
    interest: Interest, *, by: User, body: str, attachment: UploadedFile | None = None
) -> Message:
    """Post to the thread of an accepted introduction (text and/or one attachment, size- and
    type-limited). Side effects: the author's read state; notifications to the others."""
    require(by, "introductions.post_message", interest)
    body = (body or "").strip()
    if not body and attachment is None:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if len(body) > THREAD_MESSAGE_MAX_LENGTH:
        raise ValidationError({"body": _("Keep the message under 10,000 characters.")})
    if text_error(body, THREAD_MESSAGE_MAX_LENGTH):
        raise ValidationError({"body": text_error(body, THREAD_MESSAGE_MAX_LENGTH)})
    message = Message(interest=interest, author=by, body=body)
    if attachment is not None:
        name, _suffix = _check_attachment(attachment)
        message.attachment_name = name
        message.attachment_size = attachment.size or 0
        message.attachment.save(name, attachment, save=False)
    message.save()
    mark_thread_read(interest, user=by, at=message.created_at)
    _notify([u for u in participants(interest) if u.pk != by.pk], interest, "message.new",
            gettext_lazy("New message in the introduction: %(title)s"))
    return message


def mark_thread_read(interest: Interest, *, user: User, at: dt.datetime | None = None) -> None:
    ReadState.objects.update_or_create(
        interest=interest, user=user, defaults={"last_read_at": at or timezone.now()}
    )


def record_contacts_seen(interest: Interest, *, by: User) -> None:
    """Audit the first time a user sees the contacts revealed by an accepted introduction."""
    if not AuditEntry.objects.filter(
        interest=interest, actor=by, action=AuditAction.VIEWED_CONTACTS
    ).exists():
        _audit(interest, AuditAction.VIEWED_CONTACTS, by)


def process_open_interests(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Daily housekeeping: expire interests past their date; remind those who must act on an
    interest unanswered for `LIAISON_INTEREST_REMINDER_DAYS` (at most once per period).
    Safe to run more than once. Returns counts."""
    now = now or timezone.now()
    expired = reminded = 0
    for interest in Interest.objects.filter(
        status__in=[InterestStatus.VETTING, InterestStatus.PENDING], expires_at__lte=now
    ).select_related("opportunity", "from_organization", "to_organization"):
        with transaction.atomic():
            updated = Interest.objects.filter(
                pk=interest.pk, status=interest.status
            ).update(status=InterestStatus.EXPIRED)
            if not updated:
                continue
            interest.status = InterestStatus.EXPIRED
            _audit(interest, AuditAction.EXPIRED, None)
            _notify([*members_of(interest.from_organization_id),
                     *owners_of(interest.to_organization_id), *officers_involved(interest)],
                    interest, "interest.outcome",
                    gettext_lazy("An expression of interest expired unanswered: %(title)s"))
            expired += 1
    due = now - dt.timedelta(days=settings.LIAISON_INTEREST_REMINDER_DAYS)
    for interest in Interest.objects.filter(
        status__in=[InterestStatus.VETTING, InterestStatus.PENDING], created_at__lte=due
    ).select_related("opportunity", "from_organization", "to_organization"):
        if interest.last_reminded_at and interest.last_reminded_at > due:
            continue
        with transaction.atomic():
            Interest.objects.filter(pk=interest.pk).update(last_reminded_at=now)
            _audit(interest, AuditAction.REMINDED, None)
            who = (officers_of(interest.to_organization.office_id)
                   if interest.status == InterestStatus.VETTING
                   else owners_of(interest.to_organization_id))
            _notify(who, interest, "interest.reminder",
                    gettext_lazy("Reminder: an expression of interest waits for you: %(title)s"))
            reminded += 1
    return {"expired": expired, "reminded": reminded}


# ---------------------------------------------------------------- suggested introductions
NOTE_MAX = 2000


def _suggestion_url() -> str:
    return reverse("introductions:suggestions")


def _notify_suggestion(users: Iterable[User], suggestion: Suggestion, kind: str, title: Any,
                       text: str = "") -> None:
    notify(users, kind=kind, title=title, url=_suggestion_url(),
           context={"title": suggestion.opportunity.title[:120]}, text=text)


def suggest_introduction(*, by: User, organization: Organization, opportunity: Opportunity,
                         note: str = "") -> Suggestion:
    """An officer suggests introducing the office's firm `organization` (A) to `opportunity`
    (B's, published, in another ecosystem). Both firms' owners are asked; neither learns who
    the other is unless both accept (`answer_suggestion`). The office is the broker of record.

    Refused (ValidationError): not public, same ecosystem or same organization, a pair already
    suggested, dismissed or declined (remembered), or already in touch (an interest exists);
    a note longer than 2,000 characters ("note"). Side effects: notifications to the owners
    of both firms."""
    require(by, "introductions.suggest", organization)
    assert by.office_id is not None  # an officer: the rule above
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("At most %(n)d characters.") % {"n": NOTE_MAX}})
    if not opportunity.is_public:
        raise ValidationError(_("This opportunity is not open for interest."))
    to_org = opportunity.organization
    if to_org.pk == organization.pk or to_org.ecosystem_id == organization.ecosystem_id:
        raise ValidationError(_("An introduction is suggested across the border only."))
    if Interest.objects.filter(opportunity=opportunity, from_organization=organization).exists():
        raise ValidationError(_("These two are already in touch about this opportunity."))
    try:
        with transaction.atomic():
            suggestion = Suggestion.objects.create(
                office_id=by.office_id, suggested_by=by, from_organization=organization,
                opportunity=opportunity, to_organization=to_org, note=note,
                status=SuggestionStatus.ASKED,
            )
    except IntegrityError:
        raise ValidationError(_("This introduction was already suggested or dismissed.")) from None
    title = gettext_lazy("Your liaison office suggests an introduction: %(title)s")
    _notify_suggestion([*owners_of(organization.pk), *owners_of(to_org.pk)], suggestion,
                       "suggestion.asked", title, note)
    return suggestion


def dismiss_suggestion(*, by: User, organization: Organization, opportunity: Opportunity) -> Suggestion:
    """The officer decides this match is not worth an introduction: remembered, so the pair
    is not offered for suggestion again. A suggestion still waiting is withdrawn."""
    require(by, "introductions.suggest", organization)
    assert by.office_id is not None
    with transaction.atomic():
        suggestion, created = Suggestion.objects.select_for_update().get_or_create(
            from_organization=organization, opportunity=opportunity,
            defaults={"office_id": by.office_id, "suggested_by": by,
                      "to_organization": opportunity.organization,
                      "status": SuggestionStatus.DISMISSED},
        )
        if not created:
            if suggestion.status != SuggestionStatus.ASKED:
                raise ValidationError(_("This suggestion is already closed."))
            suggestion.status = SuggestionStatus.DISMISSED
            suggestion.save(update_fields=["status", "updated_at"])
    return suggestion


def answer_suggestion(suggestion: Suggestion, *, by: User, decision: SuggestionAnswer | str) -> Suggestion:
    """An owner of one of the two firms answers. A "no" closes it (remembered). The second
    "yes" makes the introduction: an accepted interest of A in B's opportunity, the office as
    broker of record, identities and contacts revealed to both, the thread open. Anything
    but "accept"/"decline" is a ValidationError naming "action".
    Side effects: notifications (the office; both firms when it is made)."""
    try:
        answer = SuggestionAnswer(decision)
    except ValueError:
        raise ValidationError({"action": _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(SuggestionAnswer.values)}}) from None
    with transaction.atomic():
        suggestion = (Suggestion.objects.select_for_update()
                      .select_related("from_organization", "to_organization", "opportunity", "office")
                      .get(pk=suggestion.pk))
        require(by, "introductions.answer_suggestion", suggestion)
        roles = {org_id: role for org_id, role in
                 Membership.objects.filter(user=by).values_list("organization_id", "role")}
        side = "from" if (roles.get(suggestion.from_organization_id) == Membership.Role.OWNER
                          and not suggestion.from_answer) else "to"
        setattr(suggestion, f"{side}_answer", answer.value)
        setattr(suggestion, f"{side}_answered_by", by)
        fields = [f"{side}_answer", f"{side}_answered_by", "updated_at"]
        officers = officers_of(suggestion.office_id)
        if answer is SuggestionAnswer.DECLINE:
            suggestion.status = SuggestionStatus.DECLINED
            suggestion.save(update_fields=[*fields, "status"])
            _notify_suggestion(officers, suggestion, "suggestion.outcome",
                               gettext_lazy("A firm declined the introduction you suggested: %(title)s"))
            return suggestion
        if suggestion.from_answer and suggestion.to_answer:
            suggestion.interest = _introduce(suggestion, by=by)
            suggestion.status = SuggestionStatus.INTRODUCED
            fields += ["interest", "status"]
        suggestion.save(update_fields=fields)
    if suggestion.status == SuggestionStatus.INTRODUCED:
        assert suggestion.interest is not None
        _notify(participants(suggestion.interest), suggestion.interest, "interest.outcome",
                gettext_lazy("Introduction made by your liaison office: %(title)s"))
    return suggestion


def _introduce(suggestion: Suggestion, *, by: User) -> Interest:
    existing = Interest.objects.filter(opportunity=suggestion.opportunity,
                                       from_organization=suggestion.from_organization).first()
    if existing is not None:  # they got in touch on their own meanwhile
        return existing
    now = timezone.now()
    interest = Interest.objects.create(
        opportunity=suggestion.opportunity, from_organization=suggestion.from_organization,
        to_organization=suggestion.to_organization, created_by=suggestion.suggested_by,
        message=suggestion.note or _("Introduced by %(office)s.") % {"office": suggestion.office.name},
        status=InterestStatus.ACCEPTED, expires_at=now, answered_by=by, answered_at=now,
        brokered_by=suggestion.office,
    )
    _audit(interest, AuditAction.BROKERED, suggestion.suggested_by, suggestion.note)
    _audit(interest, AuditAction.ACCEPTED, by)
    return interest
