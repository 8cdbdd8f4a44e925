"""`liaison demo`: migrate, seed the demo scenario, print the logins and serve it."""

from __future__ import annotations

import atexit
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from liaison.demo.activity import seed_demo_activity
from liaison.demo.delegation import seed_demo_delegation
from liaison.demo.management.commands._progress import StepBars
from liaison.demo.scenario import DEMO_LOGINS, DEMO_PASSWORD, build_demo
from liaison.directory.models import Office
from liaison.introductions.models import OfficePolicy
from liaison.matchmaking.services import enqueue_reindex


class Command(BaseCommand):
    help = "Set up the demo scenario (Z-Park, 11 offices, Tel Aviv) and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Seed only.")
        parser.add_argument("--reindex", action="store_true", help="Recompute all matches.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        start = time.perf_counter()
        bars = StepBars(sys.stderr)
        first_run = not Office.objects.exists()
        build_demo(progress=bars)
        bars.close()
        self.stdout.write("Demo delegation (Beijing → Tel Aviv, ~120 participants)…")
        seed_demo_delegation()
        self.stdout.write("Two years of fictional activity for the reports…")
        seed_demo_activity()
        # The Tel Aviv office vets interests before they reach its firms; others forward them.
        OfficePolicy.objects.get_or_create(office=Office.objects.get(code="tel-aviv"),
                                           defaults={"vet_interests": True})
        if first_run or options["reindex"]:
            # Bulk-loaded profiles send no signals: the worker embeds and matches them.
            enqueue_reindex(organizations="members")
            self.stdout.write("Matches are being computed by the background worker "
                              "(a few minutes; the matches pages show its progress).")
        self.stdout.write(f"Demo data ready in {time.perf_counter() - start:.1f} s.\n")
        self.stdout.write(f"Liaison demo at http://{options['addrport']}/ — logins (password '{DEMO_PASSWORD}'):")
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<16} {role}")
        self.stdout.write("Company data: Israeli Tech Map, ODbL 1.0. Beijing firms are fictional.\n")
        if not options["no_serve"]:
            # The background worker (matches, schedules, digests) runs beside the web server.
            worker = subprocess.Popen([sys.executable, "-m", "liaison.cli", "worker"])
            atexit.register(worker.terminate)
            # Stopped by a service manager or `kill` (SIGTERM), not only Ctrl-C: exit through
            # the interpreter so the worker is stopped too.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            self.stdout.write(f"Background worker started (pid {worker.pid}).")
            call_command("runserver", options["addrport"], use_reloader=False, insecure_serving=True)
