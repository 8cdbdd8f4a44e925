"""`liaison worker`: run the background task worker (django-tasks database backend).

Embedding, match refresh, digests, scheduling and imports run here, never inside a request.
Start one or more next to the web processes; each takes tasks from the database queue.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background task worker (all queues)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args: Any, **options: Any) -> None:
        extra = ["--batch"] if options["batch"] else []
        call_command("db_worker", "--queue-name", "*", "--interval", str(options["interval"]), *extra)
