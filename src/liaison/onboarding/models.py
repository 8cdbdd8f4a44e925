"""An import job: the uploaded file, its preview, its progress and what it wrote."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.onboarding.columns import KINDS


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PREVIEWING = "previewing", pgettext_lazy("import status", "reading the file")
        READY = "ready", pgettext_lazy("import status", "ready to import")
        INVALID = "invalid", pgettext_lazy("import status", "has errors")
        IMPORTING = "importing", pgettext_lazy("import status", "importing")
        DONE = "done", pgettext_lazy("import status", "imported")
        FAILED = "failed", pgettext_lazy("import status", "failed")

    kind = models.CharField(_("kind"), max_length=20, choices=[(k, k) for k in KINDS])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PREVIEWING)
    file_name = models.CharField(_("file"), max_length=200)
    content = models.BinaryField(editable=False)
    file_type = models.CharField(max_length=8, blank=True)
    encoding = models.CharField(max_length=40, blank=True)
    rows = models.PositiveIntegerField(default=0)
    office = models.ForeignKey("directory.Office", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    event = models.ForeignKey("events.Event", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    language = models.CharField(max_length=10, default="en")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.status})"

    @property
    def progress(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PREVIEWING, self.Status.IMPORTING)


class Invitation(models.Model):
    """An invitation to join an organization on Liaison: a signed, expiring, single-use link
    to set a password and accept the terms (`onboarding.invitations`). Only a hash of the
    link's secret is stored."""

    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        MEMBER = "member", _("member")

    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE,
                                      related_name="invitations")
    person = models.ForeignKey("directory.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="invitations")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    language = models.CharField(_("language"), max_length=10, default="en")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_count = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("joined on"), null=True, blank=True)
    accepted_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "email"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization_id}"

    @property
    def state(self) -> str:
        from django.utils import timezone

        if self.accepted_at:
            return "joined"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def state_label(self) -> str:
        return str({"joined": pgettext_lazy("invitation", "joined"),
                    "revoked": pgettext_lazy("invitation", "revoked"),
                    "expired": pgettext_lazy("invitation", "expired"),
                    "pending": pgettext_lazy("invitation", "waiting")}[self.state])


class SignupRequest(models.Model):
    """Someone asks to join: their firm is not listed, or they work for a listed one. It goes
    to the office's queue; an officer vets it (and an invitation follows)."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("sign-up request", "waiting for the office")
        APPROVED = "approved", pgettext_lazy("sign-up request", "approved")
        REFUSED = "refused", pgettext_lazy("sign-up request", "declined")

    name = models.CharField(_("your name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organization = models.ForeignKey("directory.Organization", null=True, blank=True,
                                      on_delete=models.CASCADE, related_name="+",
                                      verbose_name=_("organization"))
    organization_name = models.CharField(_("organization's name"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    ecosystem = models.ForeignKey("directory.Ecosystem", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("ecosystem"))
    office = models.ForeignKey("directory.Office", on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sign-up request")
        verbose_name_plural = _("sign-up requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ExportJob(models.Model):
    """A large export made by the worker; its file is kept for its author to download."""

    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("export status", "being made")
        DONE = "done", pgettext_lazy("export status", "ready")
        FAILED = "failed", pgettext_lazy("export status", "failed")

    what = models.CharField(max_length=30)
    fmt = models.CharField(max_length=8)
    params = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE,
                                   related_name="+")
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    content = models.BinaryField(default=b"", editable=False)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.what}.{self.fmt} ({self.status})"

    @property
    def progress(self) -> float:
        return self.done / self.total if self.total else 0.0


class DeletionRequest(models.Model):
    """A firm asks for its data to be deleted; an officer of its office carries it out
    (`onboarding.firmdata.erase_organization`)."""

    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE,
                                      related_name="deletion_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organization_id} ({'done' if self.done_at else 'asked'})"
