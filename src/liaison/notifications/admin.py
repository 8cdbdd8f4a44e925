from django.contrib import admin

from liaison.common.admin import HQModelAdmin
from liaison.notifications.models import Digest, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(HQModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]


@admin.register(Preference)
class PreferenceAdmin(HQModelAdmin):
    list_display = ["user", "kind", "email"]


@admin.register(Digest)
class DigestAdmin(HQModelAdmin):
    list_display = ["user", "period", "items", "sent_at"]
