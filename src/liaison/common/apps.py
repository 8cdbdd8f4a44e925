from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender: AppConfig, **kwargs: Any) -> None:
    """With LIAISON_CACHE=database, `migrate` also creates the cache table (idempotent)."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.CACHE_KIND == "database":
        call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class CommonConfig(AppConfig):
    name = "liaison.common"
    label = "common"

    def ready(self) -> None:
        from django_tasks.signals import task_finished, task_started

        from liaison.common import checks  # noqa: F401  (registers the start-up checks)
        from liaison.common.logging import log_task_finished, log_task_started

        post_migrate.connect(_create_cache_table, sender=self)
        task_started.connect(log_task_started, dispatch_uid="liaison.task_started")
        task_finished.connect(log_task_finished, dispatch_uid="liaison.task_finished")
