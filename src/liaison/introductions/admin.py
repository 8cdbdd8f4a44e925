from django.contrib import admin

from liaison.common.admin import HQInline, HQModelAdmin
from liaison.introductions.models import AuditEntry, Interest, OfficePolicy


@admin.register(OfficePolicy)
class OfficePolicyAdmin(HQModelAdmin):
    list_display = ["office", "vet_interests"]
    list_editable = ["vet_interests"]


class AuditInline(HQInline):
    model = AuditEntry
    readonly_fields = ["action", "actor", "note", "at"]
    can_delete = False


@admin.register(Interest)
class InterestAdmin(HQModelAdmin):
    list_display = ["opportunity", "from_organization", "to_organization", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["opportunity", "from_organization", "to_organization"]
    raw_id_fields = ["opportunity", "from_organization", "to_organization", "created_by",
                     "vetted_by", "answered_by"]
    inlines = [AuditInline]
