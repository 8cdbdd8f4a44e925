from django.contrib import admin
from django.urls import include, path

from liaison.common.views import healthz, livez, readyz

urlpatterns = [
    path("livez", livez, name="livez"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("liaison.accounts.urls")),
    path("api/", include("liaison.api.urls")),
    path("events/", include("liaison.events.urls")),
    path("reports/", include("liaison.reports.urls")),
    path("onboarding/", include("liaison.onboarding.urls")),
    path("introductions/", include("liaison.introductions.urls")),
    path("matches/", include("liaison.matchmaking.urls")),
    path("notifications/", include("liaison.notifications.urls")),
    path("", include("liaison.web.urls")),
]
