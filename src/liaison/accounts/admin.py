from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from liaison.accounts.models import ApiToken, Membership, User
from liaison.common.admin import HQInline, HQModelAdmin


class MembershipInline(HQInline):
    model = Membership
    autocomplete_fields = ["organization"]


@admin.register(User)
class LiaisonUserAdmin(HQModelAdmin, UserAdmin):
    list_display = ["username", "email", "display_name", "is_hq", "office", "is_active"]
    list_filter = ["is_hq", "office", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Liaison"), {"fields": ("display_name", "preferred_language", "is_hq", "office")}),
    )
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(HQModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "organization"]


@admin.register(ApiToken)
class ApiTokenAdmin(HQModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]


admin.site.unregister(Group)


@admin.register(Group)
class HQGroupAdmin(HQModelAdmin, GroupAdmin):
    pass
