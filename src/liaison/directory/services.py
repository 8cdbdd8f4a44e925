"""Write operations on the directory. Every front (page, API, admin action) calls these."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from liaison.common.errors import require
from liaison.common.text import search_document
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
    *, by: Any, ecosystem: Ecosystem, data: dict[str, Any], office: Office | None = None
) -> Organization:
    """Onboard an organization (officers and HQ). Its office defaults to the ecosystem's."""
    require(by, "directory.add_organization")
    office = office or responsible_office(ecosystem) or by.office
    if office is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"ecosystem": "No liaison office serves this ecosystem."})
    sectors = data.pop("sectors", [])
    name_en = data.pop("name_en", "") or ""
    description_en = data.pop("description_en", "") or ""
    organization = Organization.objects.create(ecosystem=ecosystem, office=office, **data)
    organization.sectors.set(sectors)
    _apply_english(organization, name_en, description_en)
    refresh_search_document(organization)
    return organization


@transaction.atomic
def update_organization(organization: Organization, *, by: Any, data: dict[str, Any]) -> Organization:
    """Change an organization's profile (its members, its officer, HQ)."""
    require(by, "directory.change_organization", organization)
    sectors = data.pop("sectors", None)
    name_en = data.pop("name_en", "") or ""
    description_en = data.pop("description_en", "") or ""
    for field, value in data.items():
        setattr(organization, field, value)
    organization.save()
    if sectors is not None:
        organization.sectors.set(sectors)
    _apply_english(organization, name_en, description_en)
    refresh_search_document(organization)
    return organization


@transaction.atomic
def vet_organization(organization: Organization, *, by: Any) -> Organization:
    """An officer of the responsible office confirms the organization is genuine."""
    require(by, "directory.vet_organization", organization)
    organization.vetted_by = by.office
    organization.vetted_by_user = by
    organization.vetted_at = timezone.now()
    organization.save(update_fields=["vetted_by", "vetted_by_user", "vetted_at", "updated_at"])
    return organization


@transaction.atomic
def save_person(
    organization: Organization, *, by: Any, data: dict[str, Any], person: Person | None = None
) -> Person:
    """Add or change a contact person of the organization."""
    require(by, "directory.change_contacts", organization)
    if person is None:
        person = Person(organization=organization)
    for field, value in data.items():
        setattr(person, field, value)
    person.full_clean()
    person.save()
    return person
