"""E-mail goes out through a background task: a mail server that is down never fails or
undoes the user's action; the task retries with a growing delay, records each failure, and
gives up visibly after the last attempt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from liaison.introductions.models import Interest
from liaison.notifications.models import Notification
from liaison.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = "我们对贵公司的电池管理技术很感兴趣。"
SEND_TASK = "liaison.notifications.tasks.send_notification_email"


def _express_by_page(client: Any, world: Any, offer: Any) -> Any:
    return client.post(f"/introductions/new/{offer.pk}/",
                       {"organization": world.home_firm.pk, "message": MESSAGE}, follow=True)


def test_an_smtp_outage_does_not_fail_expressing_interest_and_the_mail_goes_out_when_it_is_back(
    world: Any, offer: Any, partner_owner: Any, client_for: Any, smtp_down: int, run_worker: Any,
    settings: Any,
) -> None:
    DBTaskResult.objects.all().delete()  # the fixtures' match refreshes are not this test's
    response = _express_by_page(client_for(world.member), world, offer)
    assert response.status_code == 200
    assert "Your interest is sent." in response.content.decode()
    assert Interest.objects.filter(opportunity=offer, from_organization=world.home_firm).exists()
    note = Notification.objects.get(user=partner_owner, kind="interest.received")
    assert (note.emailed_at, note.email_attempts) == (None, 0)  # the request sent nothing
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == {SEND_TASK}

    run_worker()  # the mail server is still down
    note.refresh_from_db()
    assert (note.emailed_at, note.email_attempts, note.email_failed_at) == (None, 1, None)
    assert note.email_error.startswith("ConnectionRefusedError")
    retry = DBTaskResult.objects.get(status="READY", args_kwargs__args=[note.pk])
    wait = retry.run_after - timezone.now()
    assert dt.timedelta(seconds=50) < wait <= dt.timedelta(seconds=60)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # back up
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # a minute on
    run_worker()
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert (note.email_attempts, note.email_error, note.email_failed_at) == (2, "", None)
    assert [m.to for m in mail.outbox if m.subject == note.title] == [[partner_owner.email]]


def test_tasks_run_inside_the_request_still_answer_and_save_when_smtp_is_down(
    world: Any, offer: Any, partner_owner: Any, client_for: Any, smtp_down: int,
    immediate_tasks: None,
) -> None:
    # The immediate backend runs the e-mail task (and its retries, which it cannot defer) in
    # the request itself: the delivery failure is recorded, the action stands.
    response = _express_by_page(client_for(world.member), world, offer)
    assert response.status_code == 200
    assert "Your interest is sent." in response.content.decode()
    assert Interest.objects.filter(opportunity=offer, from_organization=world.home_firm).exists()
    note = Notification.objects.get(user=partner_owner, kind="interest.received")
    assert note.emailed_at is None and note.email_failed_at is not None
    assert note.email_attempts == 5


def test_the_mail_is_given_up_after_the_last_attempt_and_the_reason_is_visible(
    world: Any, client_for: Any, smtp_down: int, run_worker: Any, settings: Any,
) -> None:
    settings.LIAISON_EMAIL_ATTEMPTS = 3
    settings.LIAISON_EMAIL_RETRY_SECONDS = 0
    DBTaskResult.objects.all().delete()
    [note] = notify([world.member], kind="message.new", title="A new message in your thread")
    run_worker()
    note.refresh_from_db()
    assert note.emailed_at is None and note.email_failed_at is not None
    assert note.email_attempts == 3
    assert note.email_error.startswith("ConnectionRefusedError")
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no fourth try
    page = client_for(world.member).get("/notifications/").content.decode()
    assert "the e-mail could not be delivered" in page
    back_office = client_for(world.hq).get("/admin/notifications/notification/?email=failed")
    assert "A new message in your thread" in back_office.content.decode()
    assert "ConnectionRefusedError" in back_office.content.decode()


def test_hq_sends_a_given_up_mail_again_from_the_back_office(
    world: Any, client_for: Any, smtp_down: int, run_worker: Any, settings: Any,
) -> None:
    settings.LIAISON_EMAIL_ATTEMPTS = 1
    DBTaskResult.objects.all().delete()
    [note] = notify([world.member], kind="message.new", title="Please answer")
    run_worker()
    note.refresh_from_db()
    assert note.email_failed_at is not None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client_for(world.hq).post("/admin/notifications/notification/", {
        "action": "send_email_again", "_selected_action": [note.pk]})
    assert response.status_code == 302
    run_worker()
    note.refresh_from_db()
    assert note.emailed_at is not None and note.email_failed_at is None
    assert [m.subject for m in mail.outbox] == ["Please answer"]


def test_the_password_reset_page_answers_when_smtp_is_down(world: Any, client: Any,
                                                          smtp_down: int) -> None:
    # Django's reset form logs a failed send instead of raising; EMAIL_TIMEOUT bounds the wait.
    response = client.post("/password-reset/", {"email": "member@example.org"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/password-reset/done/"
