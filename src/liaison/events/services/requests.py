"""Meeting requests between participants: sent, answered (an accepted request becomes a
meeting to schedule), reminded and expired by the daily command."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import User
from liaison.common.bounds import text_error
from liaison.common.errors import require
from liaison.events.models import Event, Meeting, MeetingRequest, Registration
from liaison.events.pairs import pair_refusal
from liaison.events.services._common import Errors, add_error, raise_errors, users_of
from liaison.notifications.services import notify

REMIND_BEFORE = dt.timedelta(days=2)
MESSAGE_MAX = MeetingRequest._meta.get_field("message").max_length or 2000
# A request in one of these states no longer counts: it may be sent again, and it does not
# take one of the requester's `request_cap` places.
CLOSED = (MeetingRequest.Status.WITHDRAWN, MeetingRequest.Status.EXPIRED)
NOT_COUNTED = (MeetingRequest.Status.WITHDRAWN, MeetingRequest.Status.DECLINED,
               MeetingRequest.Status.EXPIRED)


def request_errors(*, requester: Registration, recipient: Registration, priority: int,
                   message: str = "") -> Errors:
    """What is wrong with a meeting request (field -> messages); `send_request` refuses it
    with these."""
    event = requester.event
    errors: Errors = {}
    if recipient.event_id != event.pk:
        add_error(errors, "recipient", _("That participant is not registered in this event."))
    elif recipient.waitlisted or requester.waitlisted:
        add_error(errors, "recipient", _("A firm on the waiting list takes no meetings until it is admitted."))
    elif recipient.pk == requester.pk:
        add_error(errors, "recipient", _("You cannot request a meeting with yourself."))
    elif MeetingRequest.objects.filter(
        Q(requester=requester, recipient=recipient) | Q(requester=recipient, recipient=requester)
    ).exclude(status__in=CLOSED).exists():
        add_error(errors, "recipient", _("A request between you already exists."))
    else:
        refusal = pair_refusal(event, requester.organization, recipient.organization)
        if refusal:
            add_error(errors, "recipient", refusal)
    if priority not in MeetingRequest.Priority.values:
        add_error(errors, "priority", _("Unknown priority."))
    if len(message) > MESSAGE_MAX:
        add_error(errors, "message", _("A message has at most 2000 characters."))
    elif text_error(message, MESSAGE_MAX):
        add_error(errors, "message", str(text_error(message, MESSAGE_MAX)))
    if requester.sent_requests.exclude(status__in=NOT_COUNTED).count() >= event.request_cap:
        add_error(errors, "__all__", _("You have reached the limit of %(cap)s meeting requests.") % {
            "cap": event.request_cap})
    return errors


def request_expiry(event: Event, *, now: dt.datetime | None = None) -> dt.datetime:
    """When a request sent now expires: after the event's days to answer, but never after
    the end of the event's last day (on the event's clock)."""
    now = now or timezone.now()
    last = dt.datetime.combine(event.end_date, dt.time.max, tzinfo=event.tz)
    return min(now + dt.timedelta(days=event.request_days), last)


@transaction.atomic
def send_request(*, by: User, requester: Registration, recipient: Registration,
                 priority: int = MeetingRequest.Priority.MEDIUM, message: str = "") -> MeetingRequest:
    """Ask another participant for a meeting. Side effect: the recipient's members are notified."""
    require(by, "events.send_request", requester)
    event = requester.event
    raise_errors(request_errors(requester=requester, recipient=recipient, priority=priority,
                                message=message))
    MeetingRequest.objects.filter(requester=requester, recipient=recipient).delete()
    req = MeetingRequest.objects.create(
        event=event, requester=requester, recipient=recipient, priority=priority, message=message,
        created_by=by, expires_at=request_expiry(event),
    )
    notify(users_of([recipient]), kind="events.request",
           title=gettext_lazy("%(organization)s asks for a meeting at %(event)s"),
           text=message, url=reverse("events:requests", args=[event.pk]),
           context={"organization": str(requester.organization), "event": event.title})
    return req


@transaction.atomic
def answer_request(req: MeetingRequest, *, by: User, accept: bool) -> Meeting | None:
    """Accept (a meeting to schedule is created) or decline. Side effect: the requester's
    members are notified."""
    require(by, "events.answer_request", req)
    req.status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
    req.answered_at = timezone.now()
    req.save(update_fields=["status", "answered_at"])
    meeting = None
    if accept:
        meeting = Meeting.objects.create(event=req.event, request=req, a=req.requester,
                                         b=req.recipient, priority=req.priority)
    notify(users_of([req.requester]), kind="events.answer",
           title=(gettext_lazy("%(organization)s accepted your meeting request") if accept
                  else gettext_lazy("%(organization)s declined your meeting request")),
           url=reverse("events:requests", args=[req.event_id]),
           context={"organization": str(req.recipient.organization)})
    return meeting


def expire_requests(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Daily: remind recipients of requests expiring within two days (once), expire those
    past their date. Returns (reminded, expired). Side effect: notifications."""
    now = now or timezone.now()
    reminded = expired = 0
    soon = MeetingRequest.objects.filter(
        status=MeetingRequest.Status.PENDING, reminded_at__isnull=True,
        expires_at__gt=now, expires_at__lte=now + REMIND_BEFORE,
    ).select_related("requester__organization", "recipient", "event")
    for req in soon:
        with transaction.atomic():
            notify(users_of([req.recipient]), kind="events.request_reminder",
                   title=gettext_lazy("Reminder: %(organization)s is waiting for your answer"),
                   url=reverse("events:requests", args=[req.event_id]),
                   context={"organization": str(req.requester.organization)})
            MeetingRequest.objects.filter(pk=req.pk).update(reminded_at=now)
        reminded += 1
    with transaction.atomic():
        expired = MeetingRequest.objects.filter(
            status=MeetingRequest.Status.PENDING, expires_at__lte=now
        ).update(status=MeetingRequest.Status.EXPIRED)
    return reminded, expired
