from django.urls import path

from liaison.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.read, name="read"),
    path("preferences/", views.preferences, name="preferences"),
]
