"""`liaison expire_opportunities`: published opportunities past their date become expired."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from liaison.opportunities.services import expire_due_opportunities


class Command(BaseCommand):
    help = "Mark published opportunities past their expiry date as expired (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{expire_due_opportunities()} opportunities expired.")
