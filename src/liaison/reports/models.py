"""Outcomes of introductions and meetings (agreements, deals, programmes) and the exchange-rate
table reports convert their values with.

Money is a `Decimal` with its currency, never a float. A value is confidential unless the
parties mark it public (see rules.py for who sees it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.common.bounds import MONEY_DIGITS, RATE_DIGITS
from liaison.directory.models import CURRENCIES

# The currency every report converts to; rates are stored as units of it per unit of another.
BASE_CURRENCY = "CNY"


class ExchangeRate(models.Model):
    """How many units of the base currency one unit of `currency` was worth on `date`."""

    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES)
    date = models.DateField(_("date"))
    rate = models.DecimalField(
        _("rate to the base currency"), max_digits=RATE_DIGITS, decimal_places=10,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(_("source"), max_length=120, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-date", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="one_rate_per_currency_and_day"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_is_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.rate} {BASE_CURRENCY}"


class OutcomeKind(models.TextChoices):
    MOU = "mou", _("memorandum of understanding")
    PARTNERSHIP = "partnership", _("partnership agreement")
    PILOT = "pilot", _("pilot")
    DISTRIBUTION = "distribution", _("distribution deal")
    LICENSING = "licensing", _("licensing")
    INVESTMENT = "investment", _("investment")
    JOINT_RD = "joint_rd", _("joint R&D")
    PROGRAMME = "programme", _("education or culture programme")
    OTHER = "other", pgettext_lazy("outcome kind", "other")


class OutcomeStage(models.TextChoices):
    NEGOTIATION = "negotiation", _("in negotiation")
    SIGNED = "signed", _("signed")
    COMPLETED = "completed", _("completed")
    ABANDONED = "abandoned", _("abandoned")


class Outcome(models.Model):
    """What came out of an introduction or a meeting, brokered by one office.

    `initiator` made the first step (the interested organization, or the first side of the
    meeting); `counterpart` is the other side. Their ecosystems give the direction."""

    Kind = OutcomeKind
    Stage = OutcomeStage

    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    interest = models.ForeignKey(
        "introductions.Interest", verbose_name=_("introduction"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="outcomes",
    )
    meeting = models.ForeignKey(
        "events.Meeting", verbose_name=_("meeting"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="outcomes",
    )
    initiator = models.ForeignKey(
        "directory.Organization", verbose_name=_("party"), on_delete=models.PROTECT,
        related_name="outcomes_initiated",
    )
    counterpart = models.ForeignKey(
        "directory.Organization", verbose_name=_("other party"), on_delete=models.PROTECT,
        related_name="outcomes_received",
    )
    other_parties = models.CharField(_("further parties"), max_length=300, blank=True)
    office = models.ForeignKey(
        "directory.Office", verbose_name=_("brokering office"), on_delete=models.PROTECT,
        related_name="outcomes",
    )
    sectors = models.ManyToManyField("directory.Sector", verbose_name=_("sectors"), blank=True)
    date = models.DateField(_("date"))
    stage = models.CharField(
        _("stage"), max_length=12, choices=OutcomeStage.choices, default=OutcomeStage.NEGOTIATION
    )
    value = models.DecimalField(
        _("value"), max_digits=MONEY_DIGITS, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, blank=True)
    value_public = models.BooleanField(
        _("the value may be shown publicly"), default=False,
        help_text=_("Otherwise only headquarters, the brokering office and the parties see it."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    is_demo_data = models.BooleanField(_("fictional demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["office", "date"]),
            models.Index(fields=["date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | ~models.Q(currency=""),
                name="outcome_value_has_currency",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def party_ids(self) -> set[int]:
        return {self.initiator_id, self.counterpart_id}
