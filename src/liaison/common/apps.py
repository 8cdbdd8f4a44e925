from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "liaison.common"
    label = "common"
