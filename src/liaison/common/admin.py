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
    """Base of our model admins (HQ's model rights come from `HQBackend`)."""


class HQInline(admin.TabularInline):
    extra = 0


class HQBackend:
    """Grants HQ staff every model permission of the back office (view/add/change/delete of
    any model). Object rules of the product (validate, vet, ...) are not model permissions
    and stay with django-rules."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        return None

    def has_perm(self, user: Any, perm: str, obj: Any = None) -> bool:
        if obj is not None or not (user.is_active and getattr(user, "is_hq", False)):
            return False
        app_label, _, codename = perm.partition(".")
        return _is_model_permission(app_label, codename)

    def has_module_perms(self, user: Any, app_label: str) -> bool:
        return bool(user.is_active and getattr(user, "is_hq", False))


def _is_model_permission(app_label: str, codename: str) -> bool:
    from django.apps import apps

    action, _, model_name = codename.partition("_")
    if action not in {"view", "add", "change", "delete"}:
        return False
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True
