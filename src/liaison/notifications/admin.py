from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from liaison.common.admin import HQModelAdmin
from liaison.notifications import outbox
from liaison.notifications.models import Digest, Notification, OutboundEmail, Preference
from liaison.notifications.services import enqueue_email


class EmailFailedFilter(admin.SimpleListFilter):
    title = _("e-mail")
    parameter_name = "email"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, Any]]:
        return [("sent", _("sent")), ("retrying", _("being retried")), ("failed", _("given up"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Notification]) -> QuerySet[Notification]:
        if self.value() == "sent":
            return queryset.filter(emailed_at__isnull=False)
        if self.value() == "retrying":
            return queryset.filter(emailed_at__isnull=True, email_failed_at__isnull=True,
                                   email_attempts__gt=0)
        if self.value() == "failed":
            return queryset.filter(email_failed_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(HQModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at", "emailed_at",
                    "email_attempts", "email_failed_at", "email_error"]
    list_filter = ["kind", EmailFailedFilter]
    list_select_related = ["user"]
    actions = ["send_email_again"]

    @admin.action(description=_("Send the e-mail again"))
    def send_email_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        ids = list(queryset.filter(emailed_at__isnull=True).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(email_attempts=0, email_failed_at=None)
        for pk in ids:
            enqueue_email(pk)
        self.message_user(request, ngettext("%(count)d e-mail queued.", "%(count)d e-mails queued.",
                                            len(ids)) % {"count": len(ids)}, messages.SUCCESS)


@admin.register(Preference)
class PreferenceAdmin(HQModelAdmin):
    list_display = ["user", "kind", "email"]


@admin.register(Digest)
class DigestAdmin(HQModelAdmin):
    list_display = ["user", "period", "items", "sent_at"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(HQModelAdmin):
    list_display = ["subject", "to", "kind", "created_at", "sent_at", "attempts", "failed_at", "error"]
    list_filter = ["kind"]
    search_fields = ["to", "subject"]
    readonly_fields = ["to", "subject", "body", "html", "kind", "created_at", "sent_at", "attempts",
                       "error", "failed_at"]
    actions = ["send_again"]

    @admin.action(description=_("Send the e-mail again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        count = outbox.resend(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, ngettext("%(count)d e-mail queued.", "%(count)d e-mails queued.",
                                            count) % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
