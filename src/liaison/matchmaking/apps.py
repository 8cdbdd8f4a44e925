from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "liaison.matchmaking"
    label = "matchmaking"

    def ready(self) -> None:
        from liaison.matchmaking import digest, signals

        signals.connect()
        digest.register()
