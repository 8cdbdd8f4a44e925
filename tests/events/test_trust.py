"""#13 (trust) in events: user text is never a format string; date ranges, URLs and the
participants' data are bounded to what the rules allow."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.events import services

pytestmark = pytest.mark.django_db


def test_a_meeting_request_message_with_a_percent_reaches_the_recipient_as_written(
        world: Any, ew: Any) -> None:
    from liaison.notifications.models import Notification

    message = "We can cover 100% of the pilot; %(event)s {event}"
    services.send_request(by=world.member, requester=ew.home, recipient=ew.partner, message=message)
    note = Notification.objects.get(user=world.other_member, kind="events.request")
    assert note.body == message
