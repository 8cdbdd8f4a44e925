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
