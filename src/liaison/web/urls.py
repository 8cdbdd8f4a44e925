from django.contrib.auth import views as auth_views
from django.urls import path

from liaison.web import brokering, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("account/", views.account, name="account"),
    path("directory/", views.directory, name="directory"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/vet/", views.organization_vet, name="organization_vet"),
    path("organizations/<int:pk>/people/new/", views.person_add, name="person_add"),
    path("organizations/<int:pk>/people/<int:person_pk>/edit/", views.person_add, name="person_edit"),
    path("organizations/<int:pk>/people/<int:person_pk>/remove/", views.person_remove,
         name="person_remove"),
    path("organizations/<int:pk>/acting/", views.organization_acting, name="organization_acting"),
    path("marketplace/", views.marketplace, name="marketplace"),
    path("opportunities/new/", views.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path("opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/submit/", views.opportunity_submit, name="opportunity_submit"),
    path("opportunities/<int:pk>/close/", views.opportunity_close, name="opportunity_close"),
    path("opportunities/<int:pk>/publish/", views.opportunity_publish, name="opportunity_publish"),
    path("opportunities/<int:pk>/reject/", views.opportunity_reject, name="opportunity_reject"),
    path("validation/", views.validation_queue, name="validation_queue"),
    path("matches/<int:pk>/suggest/", brokering.suggest_from_match, name="suggest_introduction"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
