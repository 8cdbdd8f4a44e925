from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "liaison.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding"

    def ready(self) -> None:
        from liaison.onboarding import rules  # noqa: F401
