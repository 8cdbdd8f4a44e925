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


def test_api_token_expires_after_the_configured_days(world: Any, client_for: Any,
                                                     settings: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from liaison.accounts.models import ApiToken

    settings.LIAISON_API_TOKEN_DAYS = 30
    token, raw = ApiToken.issue(world.owner, "ERP")
    expected = timezone.now() + dt.timedelta(days=30)
    assert abs(token.expires_at - expected) < dt.timedelta(minutes=1)
    api = client_for(None)
    assert api.get("/api/notifications", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    account = client_for(world.owner)
    assert f"expires on {token.expires_at:%Y-%m-%d}" in account.get("/account/").content.decode()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api.get("/api/notifications", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert "(" + token.prefix + "…, expired)" in account.get("/account/").content.decode()


def test_changing_the_password_revokes_the_users_api_tokens(world: Any, client_for: Any) -> None:
    from liaison.accounts.models import ApiToken

    _mine, raw = ApiToken.issue(world.owner, "ERP")
    _theirs, other_raw = ApiToken.issue(world.member, "CRM")
    world.owner.set_password("A-new-passphrase-42")
    world.owner.save()
    api = client_for(None)
    assert api.get("/api/notifications", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert not ApiToken.objects.filter(user=world.owner).exists()
    assert api.get("/api/notifications", HTTP_AUTHORIZATION=f"Bearer {other_raw}").status_code == 200
    world.owner.display_name = "Owner"
    world.owner.save()  # a save that does not touch the password revokes nothing new
    _new, new_raw = ApiToken.issue(world.owner, "ERP 2")
    world.owner.save()
    assert api.get("/api/notifications", HTTP_AUTHORIZATION=f"Bearer {new_raw}").status_code == 200


def test_the_password_reset_page_revokes_api_tokens(world: Any, client: Any) -> None:
    from liaison.accounts.models import ApiToken

    ApiToken.issue(world.member, "ERP")
    client.post("/password-reset/", {"email": "member@example.org"})
    link = re.search(r"http://testserver(/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    set_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Sufficiently-long-9", "new_password2": "Sufficiently-long-9"})
    assert not ApiToken.objects.filter(user=world.member).exists()


def test_a_stronger_password_hash_at_sign_in_keeps_api_tokens(world: Any, client: Any,
                                                             settings: Any) -> None:
    from liaison.accounts.models import ApiToken

    # The member's hash is MD5 (the tests' hasher); with PBKDF2 preferred, signing in
    # re-hashes the same password. That is no password change: the token stays.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    ApiToken.issue(world.member, "ERP")
    assert client.post("/login/", {"username": "member", "password": "pw-member"}).status_code == 302
    world.member.refresh_from_db()
    assert world.member.password.startswith("pbkdf2_sha256$")
    assert ApiToken.objects.filter(user=world.member).count() == 1
