from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "liaison.matchmaking"
    label = "matchmaking"

    def ready(self) -> None:
        from liaison.common import health, warmup
        from liaison.matching import lexicon
        from liaison.matchmaking import digest, engine, signals

        signals.connect()
        digest.register()
        health.register("index", engine.health)
        warmup.register("matching.lexicon", lexicon.warm, worker=False)
