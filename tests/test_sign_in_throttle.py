"""Sign-in throttling: after too many wrong passwords even the right one is refused, with the
time to wait in the visitor's language; per account (5 failures) and per address (20: an
office shares one); the login page and the back office's alike; HQ (back office or page) and
the firm's officer unlock."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from liaison.accounts.models import User

pytestmark = pytest.mark.django_db

LIMIT = 5  # LIAISON_LOGIN_FAILURE_LIMIT's default
ADDRESS_LIMIT = 20  # LIAISON_LOGIN_ADDRESS_FAILURE_LIMIT's default
WAIT_EN = "Too many failed sign-in attempts. Try again in 15 minutes."


def _sign_in(client: Any, username: str, password: str, *, url: str = "/login/",
             address: str = "127.0.0.1") -> Any:
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client: Any, username: str, times: int = LIMIT, **kwargs: Any) -> Any:
    response = None
    for _ in range(times):
        response = _sign_in(client, username, "wrong-password", **kwargs)
    return response


def _signed_in(client: Any) -> bool:
    return client.get("/dashboard/").status_code == 200


def test_after_too_many_wrong_passwords_the_right_one_is_refused_with_the_time_to_wait(
    world: Any, client: Any,
) -> None:
    almost = _fail(client, "member", LIMIT - 1)
    assert almost.status_code == 200 and "do not match" in almost.content.decode()
    locked = _sign_in(client, "member", "wrong-password")
    assert locked.status_code == 429
    refused = _sign_in(client, "member", "pw-member")
    assert refused.status_code == 429
    assert WAIT_EN in refused.content.decode()
    assert not _signed_in(client)


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "登录失败次数过多。请在 15 分钟后再试。"),
    ("he", "יותר מדי ניסיונות כניסה שנכשלו. אפשר לנסות שוב בעוד 15 דקות."),
])
def test_the_lockout_message_is_in_the_visitors_language(world: Any, language: str,
                                                         message: str) -> None:
    client = Client()
    client.cookies["liaison_language"] = language
    refused = _fail(client, "member", LIMIT + 1)
    assert refused.status_code == 429
    assert message in refused.content.decode()


def test_the_back_office_login_is_throttled_too(world: Any, client: Any) -> None:
    world.hq.is_staff = True
    world.hq.save()
    _fail(client, "hq", url="/admin/login/")
    refused = _sign_in(client, "hq", "pw-hq", url="/admin/login/")
    assert refused.status_code == 429 and WAIT_EN in refused.content.decode()
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_a_locked_account_is_refused_from_every_address(world: Any, client: Any) -> None:
    _fail(client, "member", address="203.0.113.7")
    assert _sign_in(client, "member", "pw-member", address="198.51.100.20").status_code == 429
    assert not _signed_in(client)


def test_one_persons_typos_do_not_lock_colleagues_at_the_same_address(world: Any) -> None:
    _fail(Client(), "member", LIMIT + 1)  # locked: that account only
    colleague = Client()
    assert _sign_in(colleague, "owner", "pw-owner").status_code == 302 and _signed_in(colleague)


def _spray(client: Any, times: int, address: str = "203.0.113.7") -> None:
    for n in range(times):
        _sign_in(client, f"guess-{n}", "wrong-password", address=address)


def test_guessing_many_accounts_from_one_address_locks_that_address(world: Any) -> None:
    attacker = Client()
    _spray(attacker, ADDRESS_LIMIT - 1)
    assert _sign_in(Client(), "owner", "pw-owner", address="203.0.113.7").status_code == 302
    _sign_in(attacker, "guess-last", "wrong-password", address="203.0.113.7")  # the 20th
    refused = _sign_in(Client(), "other_member", "pw-other_member", address="203.0.113.7")
    assert refused.status_code == 429 and WAIT_EN in refused.content.decode()
    elsewhere = Client()
    assert _sign_in(elsewhere, "other_member", "pw-other_member",
                    address="198.51.100.20").status_code == 302
    assert _signed_in(elsewhere)


def test_signing_in_to_ones_own_account_does_not_clear_an_addresses_guesses(world: Any) -> None:
    attacker = Client()
    _spray(attacker, ADDRESS_LIMIT - 2)
    # The attacker also holds a real account and signs in to it from the same address.
    assert _sign_in(Client(), "outsider", "pw-outsider", address="203.0.113.7").status_code == 302
    _spray(attacker, 2)
    assert _sign_in(Client(), "owner", "pw-owner", address="203.0.113.7").status_code == 429


def test_a_successful_sign_in_forgets_the_earlier_failures(world: Any, client: Any) -> None:
    _fail(client, "member", LIMIT - 1)
    assert _sign_in(client, "member", "pw-member").status_code == 302
    client.post("/logout/")
    _fail(client, "member", LIMIT - 1)
    assert _sign_in(client, "member", "pw-member").status_code == 302


def test_the_officer_of_the_firms_office_unlocks_a_member(world: Any, client_for: Any) -> None:
    _fail(Client(), "member")
    # Tel Aviv's officer looks after other firms: not listed, not theirs to unlock.
    other = client_for(world.other_officer)
    assert 'value="member"' not in other.get("/accounts/sign-in-locks/").content.decode()
    assert other.post("/accounts/sign-in-locks/", {"username": "member"}).status_code == 403
    assert _sign_in(Client(), "member", "pw-member").status_code == 429
    officer = client_for(world.officer)
    page = officer.get("/accounts/sign-in-locks/").content.decode()
    assert 'value="member"' in page and "<td>6</td>" in page  # the refused try counts too
    done = officer.post("/accounts/sign-in-locks/", {"username": "member"}, follow=True)
    assert "member can sign in again." in done.content.decode()
    assert 'value="member"' not in done.content.decode()
    again = Client()
    assert _sign_in(again, "member", "pw-member").status_code == 302 and _signed_in(again)


def test_hq_unlocks_any_account_in_the_back_office(world: Any, client_for: Any) -> None:
    _fail(Client(), "other_member", address="198.51.100.20")
    hq = client_for(world.hq)
    attempts = hq.get("/admin/axes/accessattempt/").content.decode()
    assert "other_member" in attempts
    other_member = User.objects.get(username="other_member")
    response = hq.post("/admin/accounts/user/", {"action": "unlock_sign_in",
                                                 "_selected_action": [other_member.pk]})
    assert response.status_code == 302
    assert _sign_in(Client(), "other_member", "pw-other_member",
                    address="198.51.100.20").status_code == 302


def test_hq_sees_every_lock_and_firm_members_see_no_lock_page(world: Any, client_for: Any) -> None:
    _fail(Client(), "member")
    _fail(Client(), "no-such-user", address="198.51.100.20")
    hq_page = client_for(world.hq).get("/accounts/sign-in-locks/").content.decode()
    assert 'value="member"' in hq_page and 'value="no-such-user"' in hq_page
    assert client_for(world.hq).post("/accounts/sign-in-locks/",
                                     {"username": "no-such-user"}).status_code == 302
    for role in ("owner", "member", "outsider"):
        assert client_for(getattr(world, role)).get("/accounts/sign-in-locks/").status_code == 403
    assert client_for(None).get("/accounts/sign-in-locks/").status_code == 302


def test_the_client_address_behind_a_proxy_is_the_one_the_proxy_saw(world: Any, settings: Any) -> None:
    settings.LIAISON_PROXY_COUNT = 1
    # Every request arrives from the proxy (127.0.0.1); the proxy appends the real address.
    # What the client itself put in X-Forwarded-For (the first entries) is not believed.
    attacker = Client(REMOTE_ADDR="127.0.0.1")
    for n in range(ADDRESS_LIMIT):
        attacker.post("/login/", {"username": f"guess-{n}", "password": "wrong"},
                      HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7")
    office = Client(REMOTE_ADDR="127.0.0.1")
    response = office.post("/login/", {"username": "other_member", "password": "pw-other_member"},
                           HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302
    refused = attacker.post("/login/", {"username": "outsider", "password": "pw-outsider"},
                            HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert refused.status_code == 429
