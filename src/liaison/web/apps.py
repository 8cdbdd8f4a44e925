from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "liaison.web"
    label = "web"

    def ready(self) -> None:
        from liaison.matchmaking.selectors import register_portfolio_decorator
        from liaison.web.brokering import decorate_portfolio

        register_portfolio_decorator(decorate_portfolio)
