from django.urls import path

from liaison.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("charts/<slug:name>/", views.chart, name="chart"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("outcomes/", views.outcome_list, name="outcomes"),
    path("outcomes/new/", views.outcome_new, name="outcome_new"),
    path("outcomes/<int:pk>/", views.outcome_detail, name="outcome"),
    path("outcomes/<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/confirm/", views.outcome_confirm, name="outcome_confirm"),
    path("rates/", views.rate_list, name="rates"),
    path("<slug:code>/", views.office_report, name="office"),
    path("<slug:code>/monthly.pdf", views.monthly_pdf, name="monthly_pdf"),
]
