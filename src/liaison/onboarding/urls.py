from django.urls import path

from liaison.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("import/", views.import_file, name="import"),
    path("import/<int:pk>/", views.job, name="job"),
    path("import/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("templates/<slug:kind>.<slug:fmt>", views.template, name="template"),
]
