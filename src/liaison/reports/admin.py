from django.contrib import admin

from liaison.common.admin import HQModelAdmin
from liaison.reports.models import ExchangeRate, Outcome


@admin.register(ExchangeRate)
class ExchangeRateAdmin(HQModelAdmin):
    list_display = ["currency", "date", "rate", "source", "updated_by"]
    list_filter = ["currency"]
    date_hierarchy = "date"


@admin.register(Outcome)
class OutcomeAdmin(HQModelAdmin):
    list_display = ["title", "kind", "stage", "date", "office", "value", "currency", "value_public",
                    "confirmed_at", "is_demo_data"]
    list_filter = ["kind", "stage", "office", "value_public", "is_demo_data"]
    raw_id_fields = ["interest", "meeting", "initiator", "counterpart"]
    search_fields = ["title"]
    date_hierarchy = "date"
