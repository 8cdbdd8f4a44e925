"""Directory models: where organizations are, who is responsible for them, what they do."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.common.bounds import MONEY_DIGITS
from liaison.common.models import HasContentVersions, Labelled, ui_language
from liaison.common.urls import HttpURLField

CONTENT_LANGUAGES = [("en", _("English")), ("zh", _("Chinese")), ("he", _("Hebrew"))]
CURRENCIES = [
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("ILS", "ILS"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("KRW", "KRW"),
    ("SGD", "SGD"),
    ("CAD", "CAD"),
]


class Ecosystem(Labelled):
    """A city or region with its country: Beijing, Tel Aviv, ..."""

    country = models.CharField(_("country code"), max_length=2)
    country_name_en = models.CharField(max_length=80)
    country_name_zh = models.CharField(max_length=80)
    country_name_he = models.CharField(max_length=80)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")

    class Meta(Labelled.Meta):
        verbose_name = _("ecosystem")
        verbose_name_plural = _("ecosystems")

    @property
    def country_label(self) -> str:
        return str(getattr(self, f"country_name_{ui_language()}") or self.country_name_en)


class Sector(Labelled):
    """One entry of the single sector taxonomy."""

    class Meta(Labelled.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Park(models.Model):
    """The home organization: the science park whose offices run the platform."""

    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    ecosystem = models.ForeignKey(Ecosystem, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A liaison office of the park, responsible for the organizations of its ecosystem."""

    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="offices")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    ecosystem = models.ForeignKey(
        Ecosystem, verbose_name=_("ecosystem"), on_delete=models.PROTECT, related_name="offices"
    )
    is_home = models.BooleanField(
        _("home office"), default=False, help_text=_("Serves the park's own firms.")
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["-is_home", "name"]

    def __str__(self) -> str:
        return self.name


class Organization(HasContentVersions, models.Model):
    headline_field = "description"  # the name is a name; the description is what is read
    class Kind(models.TextChoices):
        FIRM = "firm", _("firm")
        UNIVERSITY = "university", _("university")
        INSTITUTE = "institute", _("research institute")
        INVESTOR = "investor", _("investor")
        PUBLIC_BODY = "public_body", _("public body")

    class Size(models.TextChoices):
        XS = "xs", _("1–10 employees")
        S = "s", _("11–50 employees")
        M = "m", _("51–200 employees")
        L = "l", _("201–1,000 employees")
        XL = "xl", _("1,001+ employees")

    class Stage(models.TextChoices):
        IDEA = "idea", _("idea")
        SEED = "seed", _("seed")
        EARLY = "early", _("early growth")
        GROWTH = "growth", _("growth")
        MATURE = "mature", _("mature")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FIRM)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("primary language"), max_length=2, choices=CONTENT_LANGUAGES, default="en"
    )
    ecosystem = models.ForeignKey(
        Ecosystem, verbose_name=_("ecosystem"), on_delete=models.PROTECT, related_name="organizations"
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("responsible office"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    size = models.CharField(_("size"), max_length=2, choices=Size.choices, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    turnover = models.DecimalField(
        _("annual turnover"), max_digits=MONEY_DIGITS, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    turnover_currency = models.CharField(
        _("turnover currency"), max_length=3, choices=CURRENCIES, blank=True
    )
    website = HttpURLField(_("website"), blank=True)
    registry_number = models.CharField(
        _("registry number"), max_length=64, blank=True, db_index=True,
        help_text=_("The company or registry number (e.g. the unified social credit code)."),
    )
    vetted_by = models.ForeignKey(
        Office,
        verbose_name=_("vetted by office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vetted_organizations",
    )
    vetted_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vetted_at = models.DateTimeField(_("vetted on"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=120, blank=True, help_text=_("Where the record came from.")
    )
    is_demo_data = models.BooleanField(_("fictional demo data"), default=False)
    only_members_answer = models.BooleanField(
        _("only we answer"), default=False,
        help_text=_("When on, the liaison office no longer acts on the organization's behalf: "
                    "its members answer interests, meeting requests and registrations themselves."),
    )
    search_document = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["ecosystem", "kind"]), models.Index(fields=["office"]),
            # The directory lists by name: its first page reads the index in order, with or
            # without the ecosystem facet, instead of sorting every visible organization.
            models.Index(fields=["name", "id"], name="organization_by_name"),
            models.Index(fields=["ecosystem", "name", "id"], name="organization_eco_by_name"),
            # An office's organizations by id, from the index alone (the validation queue's count).
            models.Index(fields=["office", "id"], name="organization_office_ids"),
            # The latest change: the key of the directory's cached results.
            models.Index(fields=["updated_at"], name="organization_changed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(turnover__isnull=True) | ~models.Q(turnover_currency=""),
                name="turnover_has_currency",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_vetted(self) -> bool:
        return self.vetted_at is not None


    @property
    def display_name(self) -> str:
        return self.localized("name")

    @property
    def display_description(self) -> str:
        return self.localized("description")


class OrganizationTranslation(models.Model):
    """The organization's name and description in another language (e.g. English)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=2, choices=CONTENT_LANGUAGES)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("organization translation")
        verbose_name_plural = _("organization translations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "language"], name="unique_organization_translation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.language}]"


class Person(models.Model):
    """A contact person of an organization. Never public."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    # The organization page's contact people are rendered once per change (its row marker).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ActingRecord(models.Model):
    """One action an officer took on behalf of an organization ("by officer X on behalf of
    firm Y"): kept for the audit trail and shown to the other side (`liaison.directory.actfor`)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
        related_name="acting_records",
    )
    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT,
                               related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=60)
    subject = models.CharField(_("subject"), max_length=120, blank=True,
                               help_text=_("What was acted on, as app.model:pk."))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action on behalf of an organization")
        verbose_name_plural = _("actions on behalf of organizations")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject"])]

    def __str__(self) -> str:
        return f"{self.officer_id} for {self.organization_id}: {self.action} {self.subject}"
