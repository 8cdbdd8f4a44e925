"""`liaison import {organizations|people|opportunities|registrations} FILE [--office CODE]
[--event ID] [--user USERNAME] [--dry-run]`

Reads the file, prints the preview (rows to create, to update, unchanged; each error with its
row, column and problem) and, unless --dry-run, writes it. Exit 0 on success, 2 when the file
has errors (nothing written then). Registrations are made by an officer of the event's host
office: give --user.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from liaison.common.errors import ValidationError
from liaison.onboarding import importers, spreadsheet
from liaison.onboarding.columns import KINDS


class Command(BaseCommand):
    help = "Import organizations, people, opportunities or event registrations from CSV/XLSX."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--office", help="office code the rows belong to (default: a column)")
        parser.add_argument("--event", type=int, help="event id (registrations)")
        parser.add_argument("--user", help="act as this user (registrations: a host officer)")
        parser.add_argument("--dry-run", action="store_true", help="preview only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        from tqdm import tqdm

        from liaison.accounts.models import User
        from liaison.directory.models import Office

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        office = event = by = None
        if options["office"]:
            office = Office.objects.filter(code=options["office"]).first()
            if office is None:
                codes = ", ".join(Office.objects.values_list("code", flat=True))
                raise CommandError(f"unknown office {options['office']!r} (offices: {codes})")
        if options["user"]:
            by = User.objects.filter(username=options["user"], is_active=True).first()
            if by is None:
                raise CommandError(f"no active user {options['user']!r}")
        if options["event"]:
            from liaison.events.models import Event

            event = Event.objects.filter(pk=options["event"]).first()
            if event is None:
                raise CommandError(f"no event {options['event']}")
        try:
            workbook = spreadsheet.read(path.read_bytes(), path.name)
        except ValidationError as error:
            self.stderr.write(f"{path.name}: {' '.join(error.messages)}")
            sys.exit(2)
        rows = sum(len(s.rows) for s in workbook.sheets)
        with tqdm(total=rows, unit="row", desc="reading", file=self.stderr,
                  disable=not self.stderr.isatty()) as bar:
            def step(done: int, total: int) -> None:
                bar.update(done - bar.n)

            plan = importers.plan(options["kind"], workbook, by=by, office=office, event=event,
                                  progress=step)
        summary = plan.summary(limit=10**9)
        if workbook.encoding:
            self.stdout.write(f"read as {workbook.encoding}")
        for note in summary["notes"]:
            self.stdout.write(note)
        self.stdout.write(f"{options['kind']}: {summary['create']} to create, "
                          f"{summary['update']} to update, {summary['unchanged']} unchanged, "
                          f"{summary['error_count']} errors")
        if plan.people is not None:
            self.stdout.write(f"people: {len(plan.people.creates)} to create, "
                              f"{len(plan.people.updates)} to update, "
                              f"{plan.people.unchanged} unchanged")
        for problem in plan.all_errors():
            where = f"{problem.sheet}!" if problem.sheet else ""
            self.stdout.write(f"{where}row {problem.row}, {problem.column}: {problem.message}")
        if not plan.ok:
            self.stderr.write("the file has errors: nothing was written")
            sys.exit(2)
        if options["dry_run"]:
            self.stdout.write("dry run: nothing was written")
            return
        counts = importers.apply(plan)
        self.stdout.write("written: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
