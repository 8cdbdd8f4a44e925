"""E-mail to an address (people without a login): stored, sent by the worker after the commit
with its attachments, retried through an SMTP outage, resent by HQ; a bad address is a field
error and stores nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from liaison.notifications.models import OutboundEmail
from liaison.notifications.outbox import send_to_address

pytestmark = pytest.mark.django_db(transaction=True)

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def test_an_e_mail_to_an_address_goes_out_after_the_commit_with_its_attachment(
        world: Any, run_worker: Any) -> None:
    DBTaskResult.objects.all().delete()
    with transaction.atomic():
        email = send_to_address("dana@startup.example", "Your agenda — 日程", "Dear Dana,\n100% ready.",
                                attachments=[("invite.ics", ICS, "text/calendar; method=REQUEST")],
                                kind="event.agenda")
        assert mail.outbox == []  # nothing leaves inside the transaction
    assert mail.outbox == []  # nor inside the request: the worker sends it
    run_worker()
    [sent] = mail.outbox
    assert sent.to == ["dana@startup.example"] and sent.subject == "Your agenda — 日程"
    assert sent.body == "Dear Dana,\n100% ready."
    [(name, content, mimetype)] = sent.attachments
    assert name == "invite.ics" and mimetype.startswith("text/calendar")
    assert (content.encode() if isinstance(content, str) else content).startswith(b"BEGIN:VCALENDAR")
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1


def test_a_bad_address_is_a_field_error_and_nothing_is_stored(world: Any) -> None:
    for bad in ("", "not-an-address", "a@b@c", "x@example.org\nBcc: all@example.org"):
        with pytest.raises(ValidationError) as error:
            send_to_address(bad, "Hello", "Body")
        assert "email" in error.value.message_dict
    assert not OutboundEmail.objects.exists()


def test_an_smtp_outage_is_retried_then_hq_resends_it(
        world: Any, client_for: Any, smtp_down: int, run_worker: Any, settings: Any) -> None:
    DBTaskResult.objects.all().delete()
    email = send_to_address("li.wei@jinghua.example", "邀请", "请设置密码。", kind="invitation")
    run_worker()
    email.refresh_from_db()
    assert email.sent_at is None and email.attempts == 1 and email.error.startswith("ConnectionRefusedError")
    retry = DBTaskResult.objects.get(status="READY", args_kwargs__args=[email.pk])
    assert dt.timedelta(seconds=50) < retry.run_after - timezone.now() <= dt.timedelta(seconds=60)

    settings.LIAISON_EMAIL_ATTEMPTS = 2
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    email.refresh_from_db()
    assert email.failed_at is not None and email.attempts == 2
    page = client_for(world.hq).get("/admin/notifications/outboundemail/").content.decode()
    assert "li.wei@jinghua.example" in page and "ConnectionRefusedError" in page
    assert client_for(world.member).get("/admin/notifications/outboundemail/").status_code in (302, 403)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client_for(world.hq).post("/admin/notifications/outboundemail/", {
        "action": "send_again", "_selected_action": [email.pk]})
    assert response.status_code == 302
    run_worker()
    email.refresh_from_db()
    assert email.sent_at is not None and email.failed_at is None
    assert [m.to for m in mail.outbox] == [["li.wei@jinghua.example"]]
