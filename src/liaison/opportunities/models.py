"""Opportunity (a partnering profile), its translations and its status history."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.common.models import HasContentVersions
from liaison.directory.models import CONTENT_LANGUAGES, Ecosystem, Organization, Sector


class OpportunityType(models.TextChoices):
    BUSINESS_OFFER = "business_offer", _("business offer")
    BUSINESS_REQUEST = "business_request", _("business request")
    TECHNOLOGY_OFFER = "technology_offer", _("technology offer")
    TECHNOLOGY_REQUEST = "technology_request", _("technology request")
    COOPERATION_REQUEST = "cooperation_request", _("R&D, education or culture cooperation request")
    INVESTMENT_OFFER = "investment_offer", _("investment offer")
    INVESTMENT_REQUEST = "investment_request", _("investment request")


class CooperationKind(models.TextChoices):
    DISTRIBUTION = "distribution", _("distribution")
    LICENSING = "licensing", _("licensing")
    JOINT_VENTURE = "joint_venture", _("joint venture")
    RD_PARTNERSHIP = "rd_partnership", _("R&D partnership")
    SUPPLIER = "supplier", _("supplier")
    PILOT_CUSTOMER = "pilot_customer", _("pilot customer")
    INVESTMENT = "investment", _("investment")
    ACQUISITION = "acquisition", _("acquisition")
    EXCHANGE = "exchange", _("exchange programme")


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("opportunity status", "draft")
    SUBMITTED = "submitted", pgettext_lazy("opportunity status", "submitted")
    PUBLISHED = "published", pgettext_lazy("opportunity status", "published")
    REJECTED = "rejected", pgettext_lazy("opportunity status", "rejected")
    EXPIRED = "expired", pgettext_lazy("opportunity status", "expired")
    CLOSED = "closed", pgettext_lazy("opportunity status", "closed")


def public_q(path: str = "") -> models.Q:
    """The filter "published and not past its expiry date": on opportunities, or through a
    relation when `path` names it (e.g. "target_opportunity__")."""
    return models.Q(**{f"{path}status": Status.PUBLISHED,
                       f"{path}expires_on__gte": timezone.localdate()})


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def public(self) -> OpportunityQuerySet:
        """What anyone may see, anonymously: published and not past its expiry date (the
        expiry job marks them expired the next night; they are hidden from the day after)."""
        return self.filter(public_q())


class Opportunity(HasContentVersions, models.Model):
    Type = OpportunityType
    Status = Status

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
        related_name="opportunities",
    )
    type = models.CharField(_("type"), max_length=24, choices=OpportunityType.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=CONTENT_LANGUAGES)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    cooperation_kinds = models.JSONField(_("cooperation sought"), default=list, blank=True)
    target_ecosystems = models.ManyToManyField(
        Ecosystem, verbose_name=_("target ecosystems"), blank=True, related_name="+"
    )
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("validated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    is_demo_data = models.BooleanField(_("fictional demo data"), default=False)
    search_document = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    # SQLite's full-text table of `search_document` (migration 0004; see common.search).
    search_fts_table = "opportunities_opportunity_search"

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "expires_on"]),
            models.Index(fields=["status", "-published_at", "-id"], name="opportunity_public_order"),
            models.Index(fields=["type", "status"]),
            # Reports count published opportunities per office and month: this one answers
            # them from the index alone, without reading the rows.
            models.Index(
                fields=["status", "published_at", "organization"], name="opportunity_report_scan"
            ),
            # The validation queue: submitted ones, oldest first.
            models.Index(fields=["status", "submitted_at", "id"], name="opportunity_queue"),
            # ...and how many wait for an office, from the index alone (PostgreSQL).
            models.Index(fields=["status", "organization"], include=["id"],
                         name="opportunity_status_owner"),
            # The latest change: the key of the marketplace's cached results.
            models.Index(fields=["updated_at"], name="opportunity_changed"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Published and not past its expiry date (see `OpportunityQuerySet.public`)."""
        expires: dt.date = self.expires_on
        return self.status == Status.PUBLISHED and expires >= timezone.localdate()

    @property
    def display_title(self) -> str:
        return self.localized("title")

    @property
    def display_summary(self) -> str:
        return self.localized("summary")

    @property
    def display_description(self) -> str:
        return self.localized("description")

    def cooperation_labels(self) -> list[str]:
        labels = dict(CooperationKind.choices)
        return [str(labels.get(k, k)) for k in self.cooperation_kinds]


class OpportunityTranslation(models.Model):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=2, choices=CONTENT_LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("opportunity translation")
        verbose_name_plural = _("opportunity translations")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "language"], name="unique_opportunity_translation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class StatusChange(models.Model):
    """Who moved an opportunity from one status to another, when, and why."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.from_status} → {self.to_status}"
