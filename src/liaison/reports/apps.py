from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "liaison.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from liaison.common import warmup
        from liaison.reports import caching, rules  # noqa: F401

        caching.connect()
        warmup.register("reports.network", caching.warm_network_report, worker=False)
        post_migrate.connect(_build_font_cache, sender=self)


def _build_font_cache(**_kwargs: object) -> None:
    """matplotlib's font cache is built at migrate time (under the var directory), not by the
    first request that draws a chart."""
    from liaison.reports.charts import warm_up

    warm_up()
