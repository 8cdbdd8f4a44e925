"""Signing in and out, password reset by e-mail, the role dashboards, API tokens."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from django.core import mail

from tests.factories import make_opportunity

pytestmark = pytest.mark.django_db


def test_sign_in_with_wrong_password_says_so(world: Any, client: Any) -> None:
    response = client.post("/login/", {"username": "member", "password": "wrong"})
    assert "do not match" in response.content.decode()
    ok = client.post("/login/", {"username": "member", "password": "pw-member"})
    assert ok.status_code == 302 and ok["Location"] == "/dashboard/"
    client.post("/logout/")
    assert client.get("/dashboard/").status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(world: Any, client: Any) -> None:
    client.post("/password-reset/", {"email": "member@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    set_url = form.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Sufficiently-long-9", "new_password2": "Sufficiently-long-9"})
    assert client.login(username="member", password="Sufficiently-long-9")


def test_dashboard_shows_what_needs_each_role(world: Any, client_for: Any) -> None:
    make_opportunity(world.home_firm, status="submitted", title="Waiting for the officer")
    make_opportunity(world.home_firm, status="rejected", title="Sent back")
    officer_page = client_for(world.officer).get("/dashboard/").content.decode()
    assert "1 opportunity waits for validation" in officer_page
    assert "Waiting for the officer" in officer_page
    member_page = client_for(world.member).get("/dashboard/").content.decode()
    assert "Sent back" in member_page and "Waiting for the officer" in member_page
    assert "waits for validation" not in member_page
    hq_page = client_for(world.hq).get("/dashboard/").content.decode()
    assert "All offices" in hq_page and world.sc.offices["tel-aviv"].name in hq_page
    outsider_page = client_for(world.outsider).get("/dashboard/").content.decode()
    assert "no role yet" in outsider_page


def test_api_token_is_shown_once_and_can_be_revoked(world: Any, client_for: Any) -> None:
    from liaison.accounts.models import ApiToken

    client = client_for(world.owner)
    page = client.post("/account/", {"action": "token", "name": "ERP"}).content.decode()
    raw = re.search(r'<code id="new-token">([^<]+)</code>', page).group(1)  # type: ignore[union-attr]
    assert client.get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert raw not in client.get("/account/").content.decode()
    token = ApiToken.objects.get(user=world.owner)
    client_for(world.other_member).post("/account/", {"action": "revoke", "token": token.pk})
    assert ApiToken.objects.filter(pk=token.pk).exists()  # not theirs to revoke
    client.post("/account/", {"action": "revoke", "token": token.pk})
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_liaison_command_wraps_django_management() -> None:
    result = subprocess.run([sys.executable, "-m", "liaison.cli", "check"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
