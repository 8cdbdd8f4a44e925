"""E-mail to an address: people without a login (invited contacts, attendees and interpreters
reached at their e-mail).

`send_to_address()` is the one entry point. Like `notify()`, it never sends inside the request:
the message is stored, and once the transaction commits the worker sends it through Django's
configured backend and retries with a growing delay (1, 4, 16, 64 minutes by default) when the
mail server fails, so an SMTP outage never fails or undoes the user's action. Failures are
recorded on the row; HQ sees them and resends them in the back office.

The caller renders subject and body in the recipient's language (there is no user to take the
language from); attachments are (filename, bytes, MIME type), e.g. an agenda PDF or an
iCalendar invitation (``text/calendar; method=REQUEST``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from functools import partial

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.notifications.models import OutboundAttachment, OutboundEmail
from liaison.notifications.tasks import send_outbound_email

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def send_to_address(
    to: str, subject: str, body: str, *, html: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (), kind: str = "",
) -> OutboundEmail:
    """Store an e-mail to `to` and queue it for sending after the transaction commits.

    Raises ValidationError naming `email` for an address that is not one (nothing stored)."""
    to = (to or "").strip()
    try:
        validate_email(to)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if sum(len(content) for _name, content, _type in attachments) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachments": _("The attachments are too large to send.")})
    email = OutboundEmail.objects.create(to=to, subject=" ".join(subject.split())[:300], body=body,
                                         html=html or "", kind=kind[:60])
    OutboundAttachment.objects.bulk_create(
        OutboundAttachment(email=email, filename=name[:200], content=content, mimetype=mimetype[:100])
        for name, content, mimetype in attachments)
    transaction.on_commit(partial(_queue, email.pk))
    return email


def _queue(email_id: int) -> None:
    try:
        enqueue(email_id)
    except Exception:  # after the commit: the action is saved, a queue hiccup is only logged
        log.exception("could not queue the e-mail %s", email_id)


def enqueue(email_id: int, *, delay: dt.timedelta | None = None) -> None:
    task = send_outbound_email
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(email_id)


def deliver(email_id: int) -> None:
    """Send one stored e-mail (the task's body). Never raises for a delivery failure: the
    attempt is recorded, and the task queued again or, after LIAISON_EMAIL_ATTEMPTS tries,
    given up (`failed_at`)."""
    from liaison.notifications.services import deliver_with_retries

    email = OutboundEmail.objects.filter(pk=email_id).first()
    if email is None or email.sent_at or email.failed_at:
        return
    message = EmailMultiAlternatives(email.subject, email.body, None, [email.to])
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    deliver_with_retries(
        lambda: message.send(fail_silently=False), attempts=email.attempts + 1,
        what=f"e-mail {email.pk} to an address",
        record=lambda **fields: OutboundEmail.objects.filter(pk=email.pk).update(**fields),
        retry=lambda delay: enqueue(email.pk, delay=delay))


def resend(email_ids: Sequence[int]) -> int:
    """Queue again e-mails not yet sent (HQ's action after an outage). Returns how many."""
    ids = list(OutboundEmail.objects.filter(pk__in=email_ids, sent_at__isnull=True)
               .values_list("pk", flat=True))
    OutboundEmail.objects.filter(pk__in=ids).update(attempts=0, failed_at=None)
    for pk in ids:
        enqueue(pk)
    return len(ids)
