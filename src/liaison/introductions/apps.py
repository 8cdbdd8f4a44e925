from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    name = "liaison.introductions"
    label = "introductions"

    def ready(self) -> None:
        from liaison.introductions import digest

        digest.register()
