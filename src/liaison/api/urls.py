from django.urls import path

from liaison.api.views import api

urlpatterns = [path("", api.urls)]
