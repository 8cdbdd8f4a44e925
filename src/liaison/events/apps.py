from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "liaison.events"
    label = "events"

    def ready(self) -> None:
        from liaison.common.worker import task_abandoned
        from liaison.events.tasks import run_abandoned

        task_abandoned.connect(run_abandoned, dispatch_uid="liaison.events.run_abandoned")
