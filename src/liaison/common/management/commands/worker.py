"""`liaison worker`: run the background task worker (django-tasks database backend).

Embedding, match refresh, digests, scheduling and imports run here, never inside a request.
Start one or more next to the web processes (any machine; they share the database queue).
Each beats and, at start and on every beat, recovers the tasks that a dead worker left
RUNNING (`liaison.common.worker`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import Worker

from liaison.common import warmup
from liaison.common import worker as crash
from liaison.common.models import WorkerHeartbeat


class Command(BaseCommand):
    help = "Run the background task worker (all queues)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")
        parser.add_argument("--queue", default="*", help="Queues to serve, comma-separated (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = crash.new_worker_id()
        for name in ("django_tasks", "django_tasks_db", "liaison.tasks"):
            if logging.getLogger(name).level == logging.NOTSET:
                logging.getLogger(name).setLevel(logging.INFO)
        heartbeat = crash.Heartbeat(worker_id, interval=settings.LIAISON_WORKER_HEARTBEAT)
        heartbeat.once()  # registers this worker and recovers what a dead one left RUNNING
        warmup.run("worker")  # what tasks would otherwise load in their first run
        heartbeat.start()
        worker = Worker(
            queue_names=options["queue"].split(","), interval=options["interval"],
            batch=options["batch"], backend_name="default", startup_delay=not options["batch"],
            max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
        )
        worker.configure_signals()
        logging.getLogger("liaison.tasks").info("worker %s started", worker_id,
                                                extra={"worker": worker_id})
        try:
            worker.run()
        finally:
            heartbeat.stop()
            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
