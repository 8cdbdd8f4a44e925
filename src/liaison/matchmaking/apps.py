from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "liaison.matchmaking"
    label = "matchmaking"
