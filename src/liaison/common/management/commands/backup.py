"""`liaison backup DEST`: database + media + manifest into the new directory DEST."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from liaison.common.backup import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's online backup), media and a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path, help="A new or empty directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["dest"], say=lambda m: self.stderr.write(m))
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
                          f"{len(manifest['media'])} media files to {options['dest']}")
