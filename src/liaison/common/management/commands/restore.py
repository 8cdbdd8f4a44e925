"""`liaison restore SRC`: load a backup made by `liaison backup` into this (empty) instance
and check every table's row count and checksum against its manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from liaison.common.backup import restore


class Command(BaseCommand):
    help = "Restore a backup into an empty instance and verify it against its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path, help="A directory written by `liaison backup`.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            differences = restore(options["src"], say=lambda m: self.stderr.write(m))
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if differences:
            for table, diff in sorted(differences.items()):
                self.stderr.write(f"{table}: backup {diff['backup']}, restored {diff['restored']}")
            raise CommandError(f"{len(differences)} tables differ from the backup's manifest")
        self.stdout.write(f"Restored {options['src']}: every table matches the manifest.")
