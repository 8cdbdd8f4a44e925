from django.contrib import admin

from liaison.common.admin import HQModelAdmin
from liaison.onboarding.models import (
    DeletionRequest,
    ExportJob,
    ImportJob,
    Invitation,
    SignupRequest,
)


@admin.register(ImportJob)
class ImportJobAdmin(HQModelAdmin):
    list_display = ["file_name", "kind", "status", "rows", "office", "created_by", "created_at"]
    list_filter = ["kind", "status", "office"]
    exclude = ["content"]
    readonly_fields = ["preview", "result"]


@admin.register(Invitation)
class InvitationAdmin(HQModelAdmin):
    list_display = ["email", "organization", "role", "sent_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "name", "organization__name"]
    exclude = ["secret_hash"]


@admin.register(SignupRequest)
class SignupRequestAdmin(HQModelAdmin):
    list_display = ["name", "email", "organization", "organization_name", "office", "status"]
    list_filter = ["status", "office"]


@admin.register(DeletionRequest)
class DeletionRequestAdmin(HQModelAdmin):
    list_display = ["organization", "requested_by", "requested_at", "done_by", "done_at"]


@admin.register(ExportJob)
class ExportJobAdmin(HQModelAdmin):
    list_display = ["what", "fmt", "status", "created_by", "created_at"]
    exclude = ["content"]
