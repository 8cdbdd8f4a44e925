"""Background tasks of notifications: thin, they take ids and call a service."""

from __future__ import annotations

from django_tasks import task


@task(priority=40)  # someone waits for the mail: ahead of bulk work (embeddings, imports)
def send_notification_email(notification_id: int) -> None:
    from liaison.notifications.services import send_email

    send_email(notification_id)


@task(priority=40)
def send_outbound_email(email_id: int) -> None:
    from liaison.notifications.outbox import deliver

    deliver(email_id)
