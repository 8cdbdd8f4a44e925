"""`liaison seed --organizations N --opportunities M`: synthetic data for load tests."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from liaison.demo.management.commands._progress import StepBars
from liaison.demo.scenario import seed_synthetic


class Command(BaseCommand):
    help = "Add N fictional organizations and M opportunities (marked as demo data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organizations", type=int, default=1000)
        parser.add_argument("--opportunities", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["organizations"] < 0 or options["opportunities"] < 0:
            raise CommandError("--organizations and --opportunities must be zero or more")
        bars = StepBars(sys.stderr)
        start = time.perf_counter()
        orgs, opps = seed_synthetic(
            organizations=options["organizations"], opportunities=options["opportunities"],
            progress=bars, seed=options["seed"],
        )
        bars.close()
        # Fresh statistics after a bulk load: without them SQLite sorts every public
        # opportunity for a list page instead of reading the list's index in order.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Seeded {orgs} organizations and {opps} opportunities in "
            f"{time.perf_counter() - start:.1f} s"
        )
