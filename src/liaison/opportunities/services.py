"""Write operations on opportunities. Every front (page, htmx, API) calls these.

Each function takes an explicit actor (`by`), checks the permission rule, writes inside a
transaction and records a StatusChange for every status step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from liaison.common.errors import PermissionDenied, ValidationError, require
from liaison.common.text import search_document
from liaison.directory.models import Organization
from liaison.opportunities.models import Opportunity, OpportunityTranslation, Status, StatusChange


def _record(opportunity: Opportunity, old: str, new: str, by: Any, note: str = "") -> None:
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


ENGLISH_FIELDS = ("title_en", "summary_en", "description_en")


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
def create_opportunity(*, organization: Organization, by: Any, data: dict[str, Any]) -> Opportunity:
    """Create a draft opportunity for `organization` from validated form data."""
    require(by, "opportunities.add_opportunity", organization)
    m2m = {k: data.pop(k) for k in ("sectors", "target_ecosystems") if k in data}
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
    refresh_search_document(opportunity)
    return opportunity


@transaction.atomic
def update_opportunity(opportunity: Opportunity, *, by: Any, data: dict[str, Any]) -> Opportunity:
    """Change an opportunity's content (draft or rejected for members; officers also later)."""
    require(by, "opportunities.change_opportunity", opportunity)
    m2m = {k: data.pop(k) for k in ("sectors", "target_ecosystems") if k in data}
    english = {k: data.pop(k) or "" for k in ENGLISH_FIELDS if k in data}
    for field, value in data.items():
        if field == "expires_on" and not value:
            continue
        setattr(opportunity, field, value)
    opportunity.save()
    for name, values in m2m.items():
        getattr(opportunity, name).set(values)
    if english:
        _apply_english(opportunity, english)
    refresh_search_document(opportunity)
    return opportunity


@transaction.atomic
def submit_opportunity(opportunity: Opportunity, *, by: Any) -> Opportunity:
    """Send a draft (or a rejected opportunity, after changes) to the office for validation."""
    require(by, "opportunities.submit_opportunity", opportunity)
    if not opportunity.sectors.exists():
        raise ValidationError({"sectors": "Choose at least one sector before submitting."})
    old = opportunity.status
    opportunity.status = Status.SUBMITTED
    opportunity.submitted_at = timezone.now()
    opportunity.rejection_reason = ""
    opportunity.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    _record(opportunity, old, Status.SUBMITTED, by)
    return opportunity


@transaction.atomic
def publish_opportunity(opportunity: Opportunity, *, by: Any) -> Opportunity:
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
def reject_opportunity(opportunity: Opportunity, *, by: Any, reason: str) -> Opportunity:
    """Send a submitted opportunity back to its organization with a reason."""
    require(by, "opportunities.validate_opportunity", opportunity)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the opportunity is rejected."})
    opportunity.status = Status.REJECTED
    opportunity.rejection_reason = reason
    opportunity.validated_by = by
    opportunity.save(update_fields=["status", "rejection_reason", "validated_by", "updated_at"])
    _record(opportunity, Status.SUBMITTED, Status.REJECTED, by, reason)
    return opportunity


@transaction.atomic
def close_opportunity(opportunity: Opportunity, *, by: Any) -> Opportunity:
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
]
