from django.urls import path

from liaison.onboarding import exports, invitation_views, views

app_name = "onboarding"
urlpatterns = [
    path("import/", views.import_file, name="import"),
    path("import/<int:pk>/", views.job, name="job"),
    path("import/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("templates/<slug:kind>.<slug:fmt>", views.template, name="template"),
    path("organizations/<int:pk>/invitations/", invitation_views.organization_invitations,
         name="invitations"),
    path("invitations/<int:pk>/<slug:action>/", invitation_views.invitation_action,
         name="invitation_action"),
    path("organizations/<int:pk>/data.xlsx", invitation_views.firm_data, name="firm_data"),
    path("organizations/<int:pk>/deletion/", invitation_views.firm_deletion, name="firm_deletion"),
    path("join/", invitation_views.signup, name="signup"),
    path("privacy/", invitation_views.privacy, name="privacy"),
    path("join/<str:token>/", invitation_views.accept, name="accept"),
    path("sign-up-requests/", invitation_views.signups, name="signups"),
    path("sign-up-requests/<int:pk>/", invitation_views.signup_decide, name="signup_decide"),
    path("exports/", exports.exports_page, name="exports"),
    path("exports/<slug:what>.<slug:fmt>", exports.export, name="export"),
    path("exports/jobs/<int:pk>/", exports.export_job, name="export_job"),
]
