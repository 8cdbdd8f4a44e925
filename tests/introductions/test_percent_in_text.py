"""#13 item 2: a `%` in what a user writes never breaks an action. Reasons and notes reach the
notification as written: "100%" does not crash, "%(title)s" is not filled in."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _body(user: Any, kind: str) -> str:
    from liaison.notifications.models import Notification

    return Notification.objects.get(user=user, kind=kind).body


def test_the_office_refuses_an_interest_with_a_percent_in_its_reason(
        world: Any, express: Any, vetting: Any, client_for: Any) -> None:
    from liaison.introductions.models import InterestStatus

    interest = express()
    reason = "We only forward offers with 100% local content; 50% is not enough."
    response = client_for(world.other_officer).post(
        f"/introductions/{interest.pk}/vet/", {"action": "refuse", "reason": reason})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert (interest.status, interest.refusal_reason) == (InterestStatus.REFUSED, reason)
    assert _body(world.member, "interest.outcome") == reason


def test_the_firm_declines_with_a_percent_in_its_reason(
        world: Any, express: Any, partner_owner: Any, client_for: Any) -> None:
    interest = express()
    reason = "Our capacity is 100% booked this year."
    response = client_for(partner_owner).post(
        f"/introductions/{interest.pk}/answer/", {"action": "decline", "reason": reason})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.decline_reason == reason
    assert _body(world.member, "interest.outcome") == reason


def test_a_note_that_looks_like_a_placeholder_is_kept_as_written(
        world: Any, express: Any, client_for: Any) -> None:
    interest = express()
    text = "Ask them about %(title)s and their 30% margin {title}"
    response = client_for(world.officer).post(f"/introductions/{interest.pk}/notes/", {"text": text})
    assert response.status_code == 302
    assert interest.notes.get().text == text
    assert _body(world.member, "interest.note") == text
    assert _body(world.owner, "interest.note") == text
