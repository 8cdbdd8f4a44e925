from typing import Any

from django.contrib import admin

from liaison.common.admin import HQInline, HQModelAdmin
from liaison.directory.models import (
    ActingRecord,
    Ecosystem,
    Office,
    Organization,
    OrganizationTranslation,
    Park,
    Person,
    Sector,
)


@admin.register(Ecosystem)
class EcosystemAdmin(HQModelAdmin):
    list_display = ["code", "name_en", "name_zh", "name_he", "country", "timezone"]
    search_fields = ["code", "name_en", "name_zh", "name_he"]


@admin.register(Sector)
class SectorAdmin(HQModelAdmin):
    list_display = ["code", "name_en", "name_zh", "name_he"]
    search_fields = ["code", "name_en", "name_zh", "name_he"]


@admin.register(Park)
class ParkAdmin(HQModelAdmin):
    list_display = ["name", "name_zh", "ecosystem"]


@admin.register(Office)
class OfficeAdmin(HQModelAdmin):
    list_display = ["name", "code", "ecosystem", "is_home", "email"]
    list_filter = ["is_home"]


class TranslationInline(HQInline):
    model = OrganizationTranslation


class PersonInline(HQInline):
    model = Person


@admin.register(Organization)
class OrganizationAdmin(HQModelAdmin):
    list_display = ["name", "kind", "ecosystem", "office", "size", "vetted_at", "is_demo_data"]
    list_filter = ["kind", "office", "size", "stage", "is_demo_data"]
    search_fields = ["name", "search_document", "registry_number"]
    autocomplete_fields = ["sectors"]
    list_select_related = ["ecosystem", "office"]
    inlines = [TranslationInline, PersonInline]
    readonly_fields = ["vetted_by_user", "created_at", "updated_at"]


@admin.register(Person)
class PersonAdmin(HQModelAdmin):
    list_display = ["name", "organization", "job_title", "email"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["organization"]


@admin.register(ActingRecord)
class ActingRecordAdmin(HQModelAdmin):
    """Actions officers took on behalf of organizations (read only: it is an audit trail)."""

    list_display = ["at", "officer", "office", "organization", "action", "subject"]
    list_filter = ["office", "action"]
    list_select_related = ["officer", "office", "organization"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
