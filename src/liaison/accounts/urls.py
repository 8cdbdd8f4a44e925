from django.urls import path

from liaison.accounts import views

urlpatterns = [
    path("sign-in-locks/", views.sign_in_locks, name="sign_in_locks"),
]
