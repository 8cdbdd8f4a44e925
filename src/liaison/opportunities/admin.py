from django.contrib import admin

from liaison.common.admin import HQInline, HQModelAdmin
from liaison.opportunities.models import Opportunity, OpportunityTranslation, StatusChange


class TranslationInline(HQInline):
    model = OpportunityTranslation


class HistoryInline(HQInline):
    model = StatusChange
    readonly_fields = ["from_status", "to_status", "actor", "at", "note"]


@admin.register(Opportunity)
class OpportunityAdmin(HQModelAdmin):
    list_display = ["title", "type", "organization", "status", "language", "expires_on"]
    list_filter = ["status", "type", "language", "is_demo_data"]
    search_fields = ["title", "search_document"]
    autocomplete_fields = ["organization", "sectors", "target_ecosystems"]
    list_select_related = ["organization"]
    readonly_fields = ["submitted_at", "published_at", "validated_by", "closed_at", "created_by"]
    inlines = [TranslationInline, HistoryInline]


@admin.register(StatusChange)
class StatusChangeAdmin(HQModelAdmin):
    list_display = ["opportunity", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    list_select_related = ["opportunity", "actor"]
