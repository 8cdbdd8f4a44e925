from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    name = "liaison.introductions"
    label = "introductions"
