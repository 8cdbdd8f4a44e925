"""`liaison send_digests`: the periodic digest of new matches and pending actions.

Run it daily (cron or a periodic task). Safe to run twice: nobody gets a second digest for
the same day.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from liaison.notifications.digest import send_digests


class Command(BaseCommand):
    help = "Send the digest of new matches and pending actions (once per user and day)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Digests sent: {send_digests()}")
