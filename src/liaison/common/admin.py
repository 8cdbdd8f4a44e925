"""The back office: Django admin, open to HQ staff (and superusers) only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _is_hq(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "is_hq", False)))


class LiaisonAdminSite(admin.AdminSite):
    site_header = _("Liaison back office")
    site_title = _("Liaison back office")

    def has_permission(self, request: HttpRequest) -> bool:
        return _is_hq(request)


class LiaisonAdminConfig(AdminConfig):
    default_site = "liaison.common.admin.LiaisonAdminSite"


class HQModelAdmin(admin.ModelAdmin):
    """HQ staff hold every right in the back office; nobody else enters it."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_hq(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _is_hq(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)


class HQInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)
