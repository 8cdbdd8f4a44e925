"""Daily (a systemd timer, like `expire_meeting_requests`): each attendee and interpreter
with meetings tomorrow, on the event's clock, gets them by e-mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from liaison.events.invitations import send_reminders
from liaison.events.models import Event


class Command(BaseCommand):
    help = "E-mail each person their meetings of tomorrow (run once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        sent = 0
        events = Event.objects.filter(published_at__isnull=False, status__in=[Event.Status.SCHEDULED, Event.Status.RUNNING],
                                      end_date__gte=now.date() - dt.timedelta(days=1))
        for event in events.select_related("host_office"):
            tomorrow = now.astimezone(event.tz).date() + dt.timedelta(days=1)
            if event.start_date <= tomorrow <= event.end_date:
                sent += send_reminders(event, tomorrow)
        self.stdout.write(f"{sent} reminders queued")
