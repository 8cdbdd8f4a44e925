"""Stored matches: the ranked counterparts of an opportunity or an organization, with the
engine's explanation, and what the source's people did with them (saved, dismissed)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.matching import calibration


class Match(models.Model):
    """One counterpart (`target_*`) of one source (`source_*`); exactly one of each pair is set.

    `source_key`/`target_key` are the engine's profile ids ("opp-12", "org-3")."""

    source_key = models.CharField(max_length=40)
    target_key = models.CharField(max_length=40)
    source_opportunity = models.ForeignKey(
        "opportunities.Opportunity", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source_organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_opportunity = models.ForeignKey(
        "opportunities.Opportunity", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The organization the source belongs to (itself for an organization): who may act on it.
    owner_organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField(_("score"))
    explanation = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source_key", "target_key"], name="one_match_per_pair")
        ]
        indexes = [
            models.Index(fields=["source_key", "-score"]),
            models.Index(fields=["owner_organization", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.source_key} → {self.target_key} ({self.score:.3f})"

    @property
    def strength(self) -> int:
        """The calibrated 0-100 match strength (stored by the engine in the explanation; for
        an older row, derived from the raw score with the same curve)."""
        stored = (self.explanation or {}).get("strength")
        if isinstance(stored, int):
            return stored
        return calibration.strength(self.score)

    @property
    def strength_word(self) -> str:
        """"strong", "good" or "possible", from the strength alone."""
        return calibration.word(self.strength)

    @property
    def target(self) -> object:
        return self.target_opportunity or self.target_organization

    @property
    def source(self) -> object:
        return self.source_opportunity or self.source_organization

    def target_label(self) -> str:
        if self.target_opportunity is not None:
            return self.target_opportunity.display_title
        return self.target_organization.display_name if self.target_organization else ""


class MatchImpression(models.Model):
    """The first time a match was shown to a member of its owner organization (a page or the
    API listed it). Kept apart from `Match` so the record survives a refresh that drops the
    match from the ranking: reports count matches shown, and follow each pair of
    organizations from the match to a signed outcome."""

    source_key = models.CharField(max_length=40)
    target_key = models.CharField(max_length=40)
    owner_organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )
    # The organization on the other side (the target, or the target opportunity's organization).
    counterpart = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )
    first_shown_at = models.DateTimeField(_("first shown"))

    class Meta:
        verbose_name = _("match shown")
        verbose_name_plural = _("matches shown")
        constraints = [
            models.UniqueConstraint(fields=["source_key", "target_key"], name="one_impression_per_pair")
        ]
        indexes = [
            models.Index(fields=["first_shown_at"]),
            models.Index(fields=["owner_organization", "counterpart"]),
        ]

    def __str__(self) -> str:
        return f"{self.source_key} → {self.target_key} shown {self.first_shown_at:%Y-%m-%d}"


class IndexState(models.Model):
    """The match index's one state row: the change sequence every index write takes its
    numbers from (its row lock serialises writers, so numbers become visible in order), the
    store's identity (`epoch`) and the embedding model its vectors are in."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=32)
    model_id = models.CharField(max_length=200)
    dim = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("match index state")
        verbose_name_plural = _("match index state")

    def __str__(self) -> str:
        return f"{self.model_id} @ {self.seq}"


class IndexProfile(models.Model):
    """One profile of the match index (the system of record; every web process keeps its
    in-memory index as a cache of these rows): the engine's profile as JSON, its lexical
    terms, its vector (float32) and the model that made it."""

    key = models.CharField(max_length=64, primary_key=True)
    seq = models.BigIntegerField(unique=True)
    data = models.TextField()
    terms = models.TextField()
    vector = models.BinaryField()
    model_id = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("indexed profile")
        verbose_name_plural = _("indexed profiles")
        indexes = [models.Index(fields=["model_id", "seq"])]

    def __str__(self) -> str:
        return self.key


class IndexTombstone(models.Model):
    """A profile removed from the match index, with the sequence number of its removal (so
    followers drop it from their caches)."""

    key = models.CharField(max_length=64, primary_key=True)
    seq = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("removed indexed profile")
        verbose_name_plural = _("removed indexed profiles")

    def __str__(self) -> str:
        return self.key


class IndexJob(models.Model):
    """A bulk (re)computation of the index and the stored matches by the worker (after the
    demo's bulk load, a reindex or a model change), with its progress: the pages show it as
    a progress bar until it is finished. Written by the task, read by the web processes."""

    class Stage(models.TextChoices):
        INDEX = "index", _("analysing profiles")
        REEMBED = "reembed", _("re-analysing profiles with the new model")
        MATCHES = "matches", _("computing match lists")

    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.INDEX)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("match computation")
        verbose_name_plural = _("match computations")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.stage} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
