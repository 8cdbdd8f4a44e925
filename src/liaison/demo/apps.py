from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "liaison.demo"
    label = "demo"
