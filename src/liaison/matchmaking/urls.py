from django.urls import path

from liaison.matchmaking import views

app_name = "matchmaking"
urlpatterns = [
    path("", views.home, name="home"),
    path("opportunity/<int:pk>/", views.opportunity_matches, name="opportunity"),
    path("organization/<int:pk>/", views.organization_matches, name="organization"),
    path("office/", views.portfolio, name="portfolio"),
    path("search/", views.search, name="search"),
    path("progress/", views.progress, name="progress"),
    path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/restore/", views.restore, name="restore"),
]
