"""`liaison expire_interests`: daily, remind those who must act on an unanswered expression
of interest and expire the ones past `LIAISON_INTEREST_EXPIRY_DAYS`. Safe to run twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from liaison.introductions.services import process_open_interests


class Command(BaseCommand):
    help = "Send reminders for unanswered interests and expire the overdue ones."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = process_open_interests()
        self.stdout.write(f"Reminders sent: {counts['reminded']}; interests expired: {counts['expired']}")
