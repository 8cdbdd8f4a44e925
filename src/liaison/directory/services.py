"""Write operations on the directory. Every front (page, API, admin action) calls these.

An organization's profile is checked by `validate_organization`, the one rule set of the
page form and the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.models import User
from liaison.common.errors import PermissionDenied, ValidationError, require
from liaison.common.text import search_document
from liaison.common.validation import FieldErrors
from liaison.directory import actfor
from liaison.directory.models import (
    Ecosystem,
    Office,
    Organization,
    OrganizationTranslation,
    Person,
)


def refresh_search_document(organization: Organization) -> None:
    versions = list(organization.translations.all())
    document = search_document(
        organization.name,
        organization.description,
        *[f"{t.name} {t.description}" for t in versions],
    )
    Organization.objects.filter(pk=organization.pk).update(search_document=document)
    organization.search_document = document


def responsible_office(ecosystem: Ecosystem) -> Office | None:
    """The office that serves organizations of `ecosystem` (the home office for home firms)."""
    return Office.objects.filter(ecosystem=ecosystem).order_by("-is_home", "pk").first()


PROFILE_FIELDS = ("kind", "name", "description", "language", "size", "stage", "founded_year",
                  "turnover", "turnover_currency", "website", "registry_number")
ENGLISH_FIELDS = ("name_en", "description_en")


def validate_organization(
    data: Mapping[str, Any], *, organization: Organization | None = None
) -> dict[str, Any]:
    """Check a new organization's profile, or the fields `data` changes of `organization`,
    and return it cleaned: a kind, a language, a size and a stage from the lists, a name of at
    most 200 characters, a founding year from 1800 to 2100, a turnover that is a non-negative
    amount of at most 13 digits and 2 decimals with its currency, a website address (https://
    is assumed when none is given), an English name of at most 200 characters.

    Raises ValidationError naming each bad field; reads and writes nothing."""
    unknown = set(data) - {*PROFILE_FIELDS, *ENGLISH_FIELDS, "sectors"}
    if unknown:
        raise TypeError(f"not organization fields: {sorted(unknown)}")
    new = {"kind": Organization.Kind.FIRM, "name": "", "language": "en"}
    given = {**(new if organization is None else {}), **data}
    for name in ("kind", "name", "description", "language", "size", "stage", "turnover_currency",
                 "website", "registry_number", *ENGLISH_FIELDS):
        if name in given:
            given[name] = (given[name] or "").strip()
    for name in ("founded_year", "turnover"):
        if name in given and given[name] == "":
            given[name] = None
    if given.get("website") and "://" not in given["website"]:
        given["website"] = f"https://{given['website']}"
    if "sectors" in given:
        given["sectors"] = list(given["sectors"] or [])

    errors = FieldErrors()
    cleaned = errors.model_fields(Organization, {k: v for k, v in given.items() if k in PROFILE_FIELDS})
    turnover = cleaned.get("turnover", None if organization is None else organization.turnover)
    currency = given.get("turnover_currency",
                         "" if organization is None else organization.turnover_currency)
    if turnover is not None and not currency and "turnover_currency" not in errors:
        errors.add("turnover_currency", _("Give the currency of the turnover."))
    if given.get("name_en"):
        errors.model_fields(OrganizationTranslation, {"name_en": given["name_en"]}, suffix="_en")
    errors.raise_if_any()
    return {**given, **cleaned}


def _apply_english(organization: Organization, name_en: str, description_en: str) -> None:
    if organization.language == "en":
        return
    if name_en or description_en:
        OrganizationTranslation.objects.update_or_create(
            organization=organization,
            language="en",
            defaults={"name": name_en or organization.name, "description": description_en},
        )
    else:
        organization.translations.filter(language="en").delete()


@transaction.atomic
def create_organization(
    *, by: User, ecosystem: Ecosystem, data: Mapping[str, Any], office: Office | None = None
) -> Organization:
    """Onboard an organization (officers and HQ), its profile as in `validate_organization`.
    Its office defaults to the ecosystem's."""
    require(by, "directory.add_organization")
    data = validate_organization(data)
    office = office or responsible_office(ecosystem) or by.office
    if office is None:
        raise ValidationError({"ecosystem": _("No liaison office serves this ecosystem.")})
    sectors = data.pop("sectors", [])
    name_en = data.pop("name_en", "") or ""
    description_en = data.pop("description_en", "") or ""
    organization = Organization.objects.create(ecosystem=ecosystem, office=office, **data)
    organization.sectors.set(sectors)
    _apply_english(organization, name_en, description_en)
    refresh_search_document(organization)
    return organization


@transaction.atomic
def update_organization(
    organization: Organization, *, by: User, data: Mapping[str, Any]
) -> Organization:
    """Change the profile fields `data` names (its members, its officer, HQ). Side effect: an
    acting record when its officer edits for it (`actfor`)."""
    require(by, "directory.change_organization", organization)
    data = validate_organization(data, organization=organization)
    actfor.record(by=by, organization=organization, action="directory.change_organization",
                  subject=organization)
    sectors = data.pop("sectors", None)
    english = {k: data.pop(k) for k in ENGLISH_FIELDS if k in data}
    for field, value in data.items():
        setattr(organization, field, value)
    organization.save()
    if sectors is not None:
        organization.sectors.set(sectors)
    if english:
        # A field of the English version that is not given keeps its current text.
        current = organization.translations.filter(language="en").first()
        _apply_english(organization,
                       english.get("name_en", current.name if current else ""),
                       english.get("description_en", current.description if current else ""))
    refresh_search_document(organization)
    return organization


@transaction.atomic
def vet_organization(organization: Organization, *, by: User) -> Organization:
    """An officer of the responsible office confirms the organization is genuine."""
    require(by, "directory.vet_organization", organization)
    organization.vetted_by = by.office
    organization.vetted_by_user = by
    organization.vetted_at = timezone.now()
    organization.save(update_fields=["vetted_by", "vetted_by_user", "vetted_at", "updated_at"])
    return organization


PERSON_FIELDS = ("name", "job_title", "email", "phone", "languages")
LANGUAGE_CODES = ("en", "zh", "he", "ru", "ar", "fr", "de", "ja", "ko", "es")


def validate_person(data: Mapping[str, Any]) -> dict[str, Any]:
    """A contact person's fields: a name (at most 200 characters), a job title, an e-mail
    address, a phone number (at most 40 characters), the languages spoken (two-letter codes).
    Returns them cleaned; raises ValidationError naming each bad field."""
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"not person fields: {sorted(unknown)}")
    given = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    errors = FieldErrors()
    languages = given.pop("languages", None)
    cleaned = errors.model_fields(Person, given)
    if "name" in given and not cleaned.get("name") and "name" not in errors:
        errors.add("name", _("Give the person's name."))
    if languages is not None:
        languages = [str(code).strip().lower() for code in languages if str(code).strip()]
        bad = [code for code in languages if code not in LANGUAGE_CODES]
        if bad:
            errors.add("languages", _("Unknown language code: %(codes)s (use two-letter codes such as en, zh, he).")
                       % {"codes": ", ".join(bad)})
        cleaned["languages"] = list(dict.fromkeys(languages))
    errors.raise_if_any()
    return cleaned


@transaction.atomic
def save_person(
    organization: Organization, *, by: User, data: dict[str, Any], person: Person | None = None
) -> Person:
    """Add or change a contact person of the organization (its members, its officer). Side
    effect: an acting record when the officer writes for the firm."""
    require(by, "directory.change_contacts", organization)
    if person is not None and person.organization_id != organization.pk:
        raise PermissionDenied("directory.change_contacts")
    data = validate_person({"name": "", **data} if person is None else data)
    if person is None:
        person = Person(organization=organization)
    for field, value in data.items():
        setattr(person, field, value)
    person.save()
    actfor.record(by=by, organization=organization, action="directory.change_contacts",
                  subject=person)
    return person


@transaction.atomic
def remove_person(person: Person, *, by: User) -> None:
    """Remove a contact person: their name, e-mail and phone are deleted, not hidden. Side
    effect: an acting record when the officer removes it for the firm."""
    organization = person.organization
    require(by, "directory.change_contacts", organization)
    actfor.record(by=by, organization=organization, action="directory.remove_contact",
                  subject=f"directory.person:{person.pk}")
    person.delete()


@transaction.atomic
def set_only_members_answer(organization: Organization, *, by: User, value: bool) -> Organization:
    """The firm's owner switches "only we answer" on (its office no longer acts for it) or
    off. Only a firm with members can switch it on: otherwise nobody could answer."""
    require(by, "directory.change_acting", organization)
    organization.only_members_answer = bool(value)
    organization.save(update_fields=["only_members_answer", "updated_at"])
    return organization
