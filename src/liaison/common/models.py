"""Base pieces shared by the data apps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def ui_language() -> str:
    """The active UI language reduced to a content language code (en, zh, he)."""
    code = (get_language() or "en").lower()
    if code.startswith("zh"):
        return "zh"
    if code.startswith("he"):
        return "he"
    return "en"


class Labelled(models.Model):
    """A reference row with a label in each UI language."""

    code = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField(max_length=120)
    name_zh = models.CharField(max_length=120)
    name_he = models.CharField(max_length=120)

    class Meta:
        abstract = True
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return str(getattr(self, f"name_{ui_language()}") or self.name_en)


# The content languages by name (the same words as the directory's language choices).
LANGUAGE_NAMES = {"en": _("English"), "zh": _("Chinese"), "he": _("Hebrew")}


class HasContentVersions:
    """Content written in one language (`language`) with versions in others (`translations`).

    `localized(field)` gives the field in the UI language when a version exists, else the
    English version, else the original. Uses prefetched translations when present."""

    language: str

    def localized(self, field: str) -> str:
        wanted = ui_language()
        if wanted == self.language:
            return str(getattr(self, field))
        versions = {t.language: t for t in self.translations.all()}  # type: ignore[attr-defined]
        for lang in (wanted, "en"):
            if lang in versions and getattr(versions[lang], field):
                return str(getattr(versions[lang], field))
        return str(getattr(self, field))

    # The field whose version decides which language a card is shown in.
    headline_field = "title"

    def shown_language(self) -> str:
        """The language `localized(headline_field)` shows: the UI language's version, else
        English, else the original."""
        wanted = ui_language()
        if wanted == self.language:
            return self.language
        versions = {t.language: t for t in self.translations.all()}  # type: ignore[attr-defined]
        for lang in (wanted, "en"):
            if lang in versions and getattr(versions[lang], self.headline_field):
                return lang
        return self.language

    def language_note(self) -> str:
        """For a reader of another language: "Written in Hebrew." or, when a version in
        another language is shown, "Written in Hebrew; English version shown."; else ""."""
        if self.language == ui_language() or self.language not in LANGUAGE_NAMES:
            return ""
        shown = self.shown_language()
        original = LANGUAGE_NAMES[self.language]
        if shown == self.language or shown not in LANGUAGE_NAMES:
            return str(_("Written in %(language)s.")) % {"language": original}
        return str(_("Written in %(original)s; %(shown)s version shown.")) % {
            "original": original, "shown": LANGUAGE_NAMES[shown]}


class WorkerHeartbeat(models.Model):
    """A running background worker (`liaison worker`): where it runs and when it last said so.

    A task left RUNNING by a worker that stopped beating (or whose process is gone from its
    host) is recovered by `liaison.common.worker.recover_abandoned`."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
