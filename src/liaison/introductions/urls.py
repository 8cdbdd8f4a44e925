from django.urls import path

from liaison.introductions import views

app_name = "introductions"
urlpatterns = [
    path("", views.interest_list, name="list"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/answer/", views.answer_suggestion, name="answer_suggestion"),
    path("new/<int:opportunity_pk>/", views.express, name="express"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/vet/", views.vet, name="vet"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/notes/", views.add_note, name="note"),
    path("<int:pk>/messages/", views.post_message, name="post_message"),
    path("<int:pk>/messages/<int:message_pk>/attachment/", views.attachment, name="attachment"),
]
