from django.urls import path

from liaison.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/sessions/", views.add_session, name="add_session"),
    path("<int:pk>/tables/", views.add_tables, name="add_tables"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/interpreters/", views.interpreters, name="interpreters"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/requests/", views.requests_page, name="requests"),
    path("<int:pk>/requests/new/", views.send_request, name="send_request"),
    path("requests/<int:pk>/<str:answer>/", views.answer_request, name="answer_request"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/schedule/run/", views.run_scheduler, name="run"),
    path("<int:pk>/schedule/publish/", views.publish, name="publish"),
    path("<int:pk>/meetings/new/", views.add_meeting, name="add_meeting"),
    path("<int:pk>/table-plan.pdf", views.table_plan_pdf, name="table_plan_pdf"),
    path("<int:pk>/interpreters.pdf", views.rota_pdf, name="rota_pdf"),
    path("<int:pk>/agenda/", views.my_agenda, name="my_agenda"),
    path("<int:pk>/day/", views.day, name="day"),
    path("runs/<int:pk>/", views.run_progress, name="run_progress"),
    path("meetings/<int:pk>/move/", views.move_meeting, name="move"),
    path("meetings/<int:pk>/lock/", views.lock_meeting, name="lock"),
    path("meetings/<int:pk>/cancel/", views.cancel_meeting, name="cancel"),
    path("meetings/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("meetings/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("registrations/<int:pk>/agenda/", views.agenda, name="agenda"),
    path("registrations/<int:pk>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("registrations/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("registrations/<int:pk>/availability/", views.availability, name="availability"),
    path("registrations/<int:pk>/check-in/", views.check_in, name="check_in"),
]
