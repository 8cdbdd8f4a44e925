"""Expressions of interest and the introductions they become, their conversation threads,
officers' notes, read state, the audit trail, and each office's vetting policy.

One row, `Interest`, follows the whole life of a request: a member of organization A
(`from_organization`) expresses interest in B's published opportunity; the office of B may vet
it; B's owner accepts (it is then an introduction with a thread) or declines; unanswered, it
expires. Identity and contacts of both sides are revealed only once it is accepted.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OfficePolicy(models.Model):
    """How an office handles interests in its organizations' opportunities."""

    office = models.OneToOneField(
        "directory.Office", verbose_name=_("office"), on_delete=models.CASCADE,
        related_name="interest_policy",
    )
    vet_interests = models.BooleanField(
        _("vet expressions of interest"), default=False,
        help_text=_("If off, interests are forwarded to the organization at once."),
    )

    class Meta:
        verbose_name = _("office policy")
        verbose_name_plural = _("office policies")

    def __str__(self) -> str:
        return str(self.office)


class InterestStatus(models.TextChoices):
    VETTING = "vetting", pgettext_lazy("interest status", "waiting for the office")
    PENDING = "pending", pgettext_lazy("interest status", "waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("interest status", "accepted")
    DECLINED = "declined", pgettext_lazy("interest status", "declined")
    REFUSED = "refused", pgettext_lazy("interest status", "declined by the office")
    EXPIRED = "expired", pgettext_lazy("interest status", "expired")


OPEN_STATUSES = (InterestStatus.VETTING, InterestStatus.PENDING)


class VetDecision(StrEnum):
    """What the office of the opportunity's organization decides on an interest it vets."""

    APPROVE = "approve"  # forward it to the organization
    REFUSE = "refuse"  # decline it, with a reason


class Answer(StrEnum):
    """What the opportunity's organization answers to an interest forwarded to it."""

    ACCEPT = "accept"  # the introduction is made
    DECLINE = "decline"


class Interest(models.Model):
    Status = InterestStatus

    opportunity = models.ForeignKey(
        "opportunities.Opportunity", verbose_name=_("opportunity"), on_delete=models.CASCADE,
        related_name="interests",
    )
    from_organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("interested organization"),
        on_delete=models.CASCADE, related_name="interests_sent",
    )
    to_organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization of the opportunity"),
        on_delete=models.CASCADE, related_name="interests_received",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=InterestStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vetted_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reason given by the office"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_for_office = models.ForeignKey(
        "directory.Office", verbose_name=_("answered by the office on the organization's behalf"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    # The office that brokered it from a suggestion (`Suggestion`): broker of record.
    brokered_by = models.ForeignKey(
        "directory.Office", verbose_name=_("brokered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="brokered_introductions",
    )

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "from_organization"], name="one_interest_per_opportunity"
            )
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["from_organization", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.from_organization_id} → {self.opportunity_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_accepted(self) -> bool:
        return self.status == InterestStatus.ACCEPTED

    @property
    def answered_for_label(self) -> str:
        """"by <office> for <organization>" when an officer answered for the organization
        (for those who may know the organization: see `answered_by_office_label`)."""
        if self.answered_for_office is None:
            return ""
        from liaison.directory.actfor import acted_for_label

        return acted_for_label(self.answered_for_office, self.to_organization)

    @property
    def answered_by_office_label(self) -> str:
        """"by <office> on the organization's behalf", naming no organization: what the
        interested side reads while the organization is still anonymous to it (a decline)."""
        if self.answered_for_office is None:
            return ""
        from django.utils.translation import gettext

        return gettext("by %(office)s on the organization's behalf") % {
            "office": self.answered_for_office.name}


class OfficerNote(models.Model):
    """A note an officer adds for their own firm (seen by that firm and that office)."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="notes")
    office = models.ForeignKey("directory.Office", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("officer's note")
        verbose_name_plural = _("officers' notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def attachment_path(instance: Message, filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"introductions/{instance.interest_id}/{uuid.uuid4().hex}.{suffix}"


class Message(models.Model):
    """A message in the conversation thread of an accepted introduction."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class ReadState(models.Model):
    """Up to when a user has read a thread."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interest", "user"], name="one_read_state")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.interest_id} at {self.last_read_at}"


class AuditAction(models.TextChoices):
    EXPRESSED = "expressed", _("expressed interest")
    FORWARDED = "forwarded", _("forwarded to the organization")
    APPROVED = "approved", _("approved by the office")
    REFUSED = "refused", _("declined by the office")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    EXPIRED = "expired", _("expired")
    REMINDED = "reminded", _("reminder sent")
    NOTE = "note", _("added a note")
    BROKERED = "brokered", _("introduced by the office")
    VIEWED_CONTACTS = "viewed_contacts", _("saw the revealed contacts")


class AuditEntry(models.Model):
    """Who did what to an interest, and when; visible to HQ and the offices involved."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="audit")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    on_behalf_of = models.ForeignKey(
        "directory.Organization", verbose_name=_("on behalf of"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.interest_id} {self.action}"


class SuggestionStatus(models.TextChoices):
    ASKED = "asked", pgettext_lazy("suggestion status", "waiting for both firms")
    INTRODUCED = "introduced", pgettext_lazy("suggestion status", "became an introduction")
    DECLINED = "declined", pgettext_lazy("suggestion status", "declined by a firm")
    DISMISSED = "dismissed", pgettext_lazy("suggestion status", "dismissed by the office")


class SuggestionAnswer(models.TextChoices):
    ACCEPT = "accept", pgettext_lazy("suggestion answer", "yes")
    DECLINE = "decline", pgettext_lazy("suggestion answer", "no")


class Suggestion(models.Model):
    """An office suggests introducing one of its firms (A, `from_organization`) to a
    counterpart's published opportunity (B's), from a match. Both firms are asked (double
    opt-in: neither learns who the other is unless both say yes); when both accept it becomes
    an introduction (`interest`) with the office as broker of record. A suggestion the office
    dismissed, or a firm declined, is remembered: the pair is not suggested again."""

    Status = SuggestionStatus

    office = models.ForeignKey(
        "directory.Office", verbose_name=_("office"), on_delete=models.CASCADE,
        related_name="suggestions",
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("firm of the office"), on_delete=models.CASCADE,
        related_name="suggestions_sent",
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", verbose_name=_("opportunity"), on_delete=models.CASCADE,
        related_name="suggestions",
    )
    to_organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization of the opportunity"),
        on_delete=models.CASCADE, related_name="suggestions_received",
    )
    note = models.TextField(_("why the office suggests it"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SuggestionStatus.choices)
    from_answer = models.CharField(max_length=8, choices=SuggestionAnswer.choices, blank=True)
    from_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_answer = models.CharField(max_length=8, choices=SuggestionAnswer.choices, blank=True)
    to_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interest = models.OneToOneField(
        Interest, verbose_name=_("introduction"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="suggestion",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("suggested introduction")
        verbose_name_plural = _("suggested introductions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_organization", "opportunity"],
                                    name="one_suggestion_per_pair")
        ]
        indexes = [models.Index(fields=["office", "status"])]

    def __str__(self) -> str:
        return f"{self.from_organization_id} ↔ {self.opportunity_id} ({self.status})"
