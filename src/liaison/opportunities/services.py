"""Write operations on opportunities. Every front (page, htmx, API) calls these.

Each function takes an explicit actor (`by`), checks the permission rule, validates its input
(`validate_opportunity`: the one rule set of the page form and the API), writes inside a
transaction and records a StatusChange for every status step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.common.bounds import text_error
from liaison.common.errors import PermissionDenied, ValidationError, require
from liaison.common.text import search_document
from liaison.common.validation import FieldErrors, text_limit
from liaison.directory import actfor
from liaison.directory.models import Organization
from liaison.opportunities.models import (
    CooperationKind,
    Opportunity,
    OpportunityTranslation,
    Status,
    StatusChange,
)
from liaison.opportunities.signals import opportunities_expired


def _record(opportunity: Opportunity, old: str, new: str, by: User, note: str = "") -> None:
    StatusChange.objects.create(
        opportunity=opportunity, from_status=old, to_status=new, actor=by, note=note
    )


def refresh_search_document(opportunity: Opportunity) -> None:
    versions = list(opportunity.translations.all())
    opportunity.search_document = search_document(
        opportunity.title,
        opportunity.summary,
        opportunity.description,
        *[f"{t.title} {t.summary} {t.description}" for t in versions],
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(
        search_document=opportunity.search_document
    )


CONTENT_FIELDS = ("type", "title", "summary", "description", "language", "cooperation_kinds",
                  "expires_on")
RELATED_FIELDS = ("sectors", "target_ecosystems")
ENGLISH_FIELDS = ("title_en", "summary_en", "description_en")
TITLE_MIN_LENGTH = 5
REASON_MAX = text_limit(Opportunity._meta.get_field("rejection_reason"))


def validate_opportunity(
    data: Mapping[str, Any], *, opportunity: Opportunity | None = None
) -> dict[str, Any]:
    """Check the content of a new opportunity, or the fields `data` changes of `opportunity`,
    and return it cleaned (text stripped, values converted). The rules of every front: a type
    and a language from the lists, a title of 5 to 200 characters, a summary of at most 500,
    at least one sector, cooperation kinds from the list, an expiry date in the future (none:
    the default validity from publication), an English version within the same lengths.

    Raises ValidationError naming each bad field; reads and writes nothing."""
    unknown = set(data) - {*CONTENT_FIELDS, *RELATED_FIELDS, *ENGLISH_FIELDS}
    if unknown:
        raise TypeError(f"not opportunity fields: {sorted(unknown)}")
    new = {"type": "", "title": "", "summary": "", "language": "", "sectors": []}
    given = {**(new if opportunity is None else {}), **data}
    for name in ("type", "title", "summary", "description", "language", *ENGLISH_FIELDS):
        if name in given:
            given[name] = (given[name] or "").strip()
    for name in ("cooperation_kinds", *RELATED_FIELDS):
        if name in given:
            given[name] = list(given[name] or [])
    if not given.get("expires_on"):
        given.pop("expires_on", None)  # none given: the current date, or the default validity

    errors = FieldErrors()
    if 0 < len(given.get("title", "")) < TITLE_MIN_LENGTH:
        errors.add("title", _("Give a title of at least 5 characters."))
    if "sectors" in given and not given["sectors"]:
        errors.add("sectors", _("Choose at least one sector."))
    if any(k not in CooperationKind.values for k in given.get("cooperation_kinds", [])):
        errors.add("cooperation_kinds", _("Choose the kinds of cooperation from the list."))
    cleaned = errors.model_fields(Opportunity, {k: v for k, v in given.items() if k in CONTENT_FIELDS})
    if "expires_on" in cleaned and cleaned["expires_on"] <= timezone.localdate():
        errors.add("expires_on", _("The expiry date must be in the future."))
    errors.model_fields(OpportunityTranslation, {k: given[k] for k in ENGLISH_FIELDS if given.get(k)},
                        suffix="_en")
    errors.raise_if_any()
    return {**given, **cleaned}


def _apply_english(opportunity: Opportunity, english: dict[str, str]) -> None:
    """Keep the English version (for cross-border visibility) in step with the form."""
    if opportunity.language == "en" or not any(english.values()):
        opportunity.translations.filter(language="en").delete()
        return
    OpportunityTranslation.objects.update_or_create(
        opportunity=opportunity,
        language="en",
        defaults={
            "title": english.get("title_en") or opportunity.title,
            "summary": english.get("summary_en") or opportunity.summary,
            "description": english.get("description_en") or "",
        },
    )


@transaction.atomic
def create_opportunity(
    *, organization: Organization, by: User, data: Mapping[str, Any]
) -> Opportunity:
    """Create a draft opportunity for `organization` (fields as in `validate_opportunity`)."""
    require(by, "opportunities.add_opportunity", organization)
    data = validate_opportunity(data)
    m2m = {k: data.pop(k) for k in RELATED_FIELDS if k in data}
    english = {k: data.pop(k) or "" for k in ENGLISH_FIELDS if k in data}
    if not data.get("expires_on"):
        data["expires_on"] = timezone.localdate() + dt.timedelta(
            days=settings.OPPORTUNITY_DEFAULT_VALIDITY_DAYS
        )
    opportunity = Opportunity.objects.create(organization=organization, created_by=by, **data)
    for name, values in m2m.items():
        getattr(opportunity, name).set(values)
    _apply_english(opportunity, english)
    _record(opportunity, "", Status.DRAFT, by)
    actfor.record(by=by, organization=organization, action="opportunities.add_opportunity",
                  subject=opportunity)
    refresh_search_document(opportunity)
    return opportunity


@transaction.atomic
def update_opportunity(
    opportunity: Opportunity, *, by: User, data: Mapping[str, Any]
) -> Opportunity:
    """Change the fields `data` names (draft or rejected for members; officers also later);
    an empty expiry date keeps the current one."""
    require(by, "opportunities.change_opportunity", opportunity)
    data = validate_opportunity(data, opportunity=opportunity)
    actfor.record(by=by, organization=opportunity.organization,
                  action="opportunities.change_opportunity", subject=opportunity)
    m2m = {k: data.pop(k) for k in RELATED_FIELDS if k in data}
    english = {k: data.pop(k) or "" for k in ENGLISH_FIELDS if k in data}
    for field, value in data.items():
        setattr(opportunity, field, value)
    opportunity.save()
    for name, values in m2m.items():
        getattr(opportunity, name).set(values)
    if english:
        # A field of the English version that is not given keeps its current text.
        current = opportunity.translations.filter(language="en").first()
        if current is not None:
            english = {"title_en": current.title, "summary_en": current.summary,
                       "description_en": current.description, **english}
        _apply_english(opportunity, english)
    refresh_search_document(opportunity)
    return opportunity


@transaction.atomic
def submit_opportunity(opportunity: Opportunity, *, by: User) -> Opportunity:
    """Send a draft (or a rejected opportunity, after changes) to the office for validation."""
    require(by, "opportunities.submit_opportunity", opportunity)
    actfor.record(by=by, organization=opportunity.organization,
                  action="opportunities.submit_opportunity", subject=opportunity)
    if not opportunity.sectors.exists():
        raise ValidationError({"sectors": _("Choose at least one sector before submitting.")})
    old = opportunity.status
    opportunity.status = Status.SUBMITTED
    opportunity.submitted_at = timezone.now()
    opportunity.rejection_reason = ""
    opportunity.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    _record(opportunity, old, Status.SUBMITTED, by)
    return opportunity


@transaction.atomic
def publish_opportunity(opportunity: Opportunity, *, by: User) -> Opportunity:
    """Validate a submitted opportunity: it becomes public (anonymously) until it expires.

    An expiry date already past (the opportunity waited too long) is moved to the default
    validity from today.
    """
    require(by, "opportunities.validate_opportunity", opportunity)
    now = timezone.now()
    if opportunity.expires_on <= timezone.localdate():
        opportunity.expires_on = timezone.localdate() + dt.timedelta(
            days=settings.OPPORTUNITY_DEFAULT_VALIDITY_DAYS
        )
    opportunity.status = Status.PUBLISHED
    opportunity.published_at = now
    opportunity.validated_by = by
    opportunity.save(
        update_fields=["status", "published_at", "validated_by", "expires_on", "updated_at"]
    )
    _record(opportunity, Status.SUBMITTED, Status.PUBLISHED, by)
    return opportunity


@transaction.atomic
def reject_opportunity(opportunity: Opportunity, *, by: User, reason: str) -> Opportunity:
    """Send a submitted opportunity back to its organization with a reason."""
    require(by, "opportunities.validate_opportunity", opportunity)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the opportunity is rejected.")})
    if text_error(reason, REASON_MAX):
        raise ValidationError({"reason": text_error(reason, REASON_MAX)})
    opportunity.status = Status.REJECTED
    opportunity.rejection_reason = reason
    opportunity.validated_by = by
    opportunity.save(update_fields=["status", "rejection_reason", "validated_by", "updated_at"])
    _record(opportunity, Status.SUBMITTED, Status.REJECTED, by, reason)
    return opportunity


@transaction.atomic
def close_opportunity(opportunity: Opportunity, *, by: User) -> Opportunity:
    """Withdraw an opportunity: it leaves the marketplace for good."""
    require(by, "opportunities.close_opportunity", opportunity)
    old = opportunity.status
    opportunity.status = Status.CLOSED
    opportunity.closed_at = timezone.now()
    opportunity.save(update_fields=["status", "closed_at", "updated_at"])
    _record(opportunity, old, Status.CLOSED, by)
    return opportunity


def expire_due_opportunities(*, today: dt.date | None = None) -> int:
    """Mark published opportunities past their expiry date as expired; returns how many."""
    today = today or timezone.localdate()
    due = list(
        Opportunity.objects.filter(status=Status.PUBLISHED, expires_on__lt=today).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        Opportunity.objects.filter(pk__in=due).update(status=Status.EXPIRED)
        StatusChange.objects.bulk_create(
            StatusChange(opportunity_id=pk, from_status=Status.PUBLISHED, to_status=Status.EXPIRED)
            for pk in due
        )
        if due:
            opportunities_expired.send(sender=Opportunity, pks=due)
    return len(due)


__all__ = [
    "PermissionDenied",
    "ValidationError",
    "close_opportunity",
    "create_opportunity",
    "expire_due_opportunities",
    "publish_opportunity",
    "reject_opportunity",
    "submit_opportunity",
    "update_opportunity",
    "validate_opportunity",
]
