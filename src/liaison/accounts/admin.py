from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from liaison.accounts import services
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
    actions = ["unlock_sign_in"]

    @admin.action(description=_("Unlock sign-in (forget failed attempts)"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        staff = request.user
        assert isinstance(staff, User)  # the admin site lets only signed-in staff through
        for user in queryset:
            services.unlock_sign_in(user.username, by=staff)
        self.message_user(request, ngettext(
            "%(count)d account can sign in again.", "%(count)d accounts can sign in again.",
            len(queryset)) % {"count": len(queryset)}, messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(HQModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "organization"]


@admin.register(ApiToken)
class ApiTokenAdmin(HQModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]


admin.site.unregister(Group)


@admin.register(Group)
class HQGroupAdmin(HQModelAdmin, GroupAdmin):
    pass
