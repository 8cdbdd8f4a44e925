from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "liaison.matchmaking"
    label = "matchmaking"

    def ready(self) -> None:
        from liaison.common import health
        from liaison.matchmaking import digest, engine, signals

        signals.connect()
        digest.register()
        health.register("index", engine.health)
