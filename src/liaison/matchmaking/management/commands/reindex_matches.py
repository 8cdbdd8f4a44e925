"""`liaison reindex_matches`: rebuild the match index and the stored matches from the database.

For data loaded in bulk (the demo seed, imports), which sends no change signals. Shows
progress bars; safe to run again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from liaison.matchmaking.services import reindex


class Command(BaseCommand):
    help = "Rebuild the match index (public opportunities, vetted organizations) and matches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--index-only", action="store_true",
                            help="Do not refresh the stored matches.")
        parser.add_argument("--organizations", choices=["all", "members", "none"], default="all",
                            help="Which vetted organizations to index (members: those with users).")

    def handle(self, *args: Any, **options: Any) -> None:
        bars: dict[str, Any] = {}

        def progress(label: str, done: int, total: int) -> None:
            bar = bars.get(label)
            if bar is None:
                bar = bars[label] = tqdm(total=total, desc=label, unit="profile")
            bar.n = done
            bar.refresh()

        result = reindex(with_matches=not options["index_only"],
                         organizations=options["organizations"], progress=progress)
        for bar in bars.values():
            bar.close()
        self.stdout.write(f"Indexed {result['profiles']} profiles; {result['matches']} matches "
                          f"for {result['sources']} sources.")
