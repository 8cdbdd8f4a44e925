from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "liaison.events"
    label = "events"

    def ready(self) -> None:
        from liaison.common.worker import task_abandoned
        from liaison.events.tasks import run_abandoned

        task_abandoned.connect(run_abandoned, dispatch_uid="liaison.events.run_abandoned")

        from liaison.common import warmup
        from liaison.events import warmup as events_warmup

        # PDFs and calendars in both kinds of process (the worker mails .ics files); the
        # embedder and the marketplaces' indexes only where pages are served.
        warmup.register("events.pdf", events_warmup.pdf_and_calendar)
        warmup.register("events.marketplace", events_warmup.marketplace, worker=False)
