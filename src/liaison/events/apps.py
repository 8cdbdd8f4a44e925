from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "liaison.events"
    label = "events"
