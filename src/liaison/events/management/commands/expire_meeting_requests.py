"""Daily: remind recipients of meeting requests about to expire; expire the overdue ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from liaison.events.services.requests import expire_requests


class Command(BaseCommand):
    help = "Remind about meeting requests expiring soon and expire overdue ones."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded, expired = expire_requests()
        self.stdout.write(f"reminded {reminded}, expired {expired}")
