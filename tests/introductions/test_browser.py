"""End to end in Chromium, from a match to the first message: a Beijing member (Chinese UI)
sees the Tel Aviv match of its Chinese technology request with reasons, expresses interest;
the Tel Aviv owner (Hebrew UI) accepts and writes; the Beijing side (then in English) sees
the revealed contacts and the message.

Chromium is driven from a thread of its own: a second sync Playwright cannot start in a
thread where another one (a session fixture of another test folder) is still open.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from liaison.introductions.models import Interest
from liaison.matchmaking.models import Match
from tests.browser.conftest import ARTIFACTS, CHROMIUM, screenshot, sign_in
from tests.introductions.conftest import partner_owner  # noqa: F401
from tests.matchmaking.conftest import market, match_index  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _new_page(browser: Any, base: str, language: str) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.add_cookies([{"name": "liaison_language", "value": language, "url": base}])
    pg = context.new_page()
    pg.set_default_timeout(15000)
    return pg


def _drive(base: str, request_pk: int, match_pk: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    seen: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        beijing = _new_page(browser, base, "zh-hans")
        sign_in(beijing, base, "member")
        beijing.goto(f"{base}/matches/opportunity/{request_pk}/")
        card = beijing.locator(f"#match-{match_pk}")
        seen["card"] = card.inner_text()
        card.locator("a.button.primary").click()
        beijing.fill("#id_message", "您好！我们希望在北京的电网储能项目中试用贵公司的电池管理技术。")
        beijing.click("#interest-form button[type=submit]")
        beijing.wait_for_selector("#interest-status")
        seen["status_zh"] = beijing.inner_text("#interest-status")
        seen["requester_page"] = beijing.inner_text("main")
        interest_url = beijing.url

        tel_aviv = _new_page(browser, base, "he")
        sign_in(tel_aviv, base, "partner_owner")
        seen["dir"] = tel_aviv.evaluate("document.documentElement.dir")
        seen["unread"] = tel_aviv.inner_text("#unread-count")
        tel_aviv.goto(f"{base}/introductions/?box=todo")
        tel_aviv.click("#interests li h3 a")
        seen["recipient_page"] = tel_aviv.inner_text("main")
        tel_aviv.click("#answer button[value=accept]")
        tel_aviv.wait_for_selector("#contacts")
        seen["recipient_contacts"] = tel_aviv.inner_text("#contacts")
        tel_aviv.fill("#message-form textarea[name=body]", "שלום! נשמח לדבר. Shalom, let us talk.")
        tel_aviv.click("#message-form button[type=submit]")
        tel_aviv.wait_for_selector("#messages li[id^=message-]")
        ARTIFACTS.mkdir(exist_ok=True)
        screenshot(tel_aviv, ARTIFACTS / "introduction-he.png")

        beijing.context.add_cookies([{"name": "liaison_language", "value": "en", "url": base}])
        beijing.goto(interest_url)
        seen["status_en"] = beijing.inner_text("#interest-status")
        seen["requester_contacts"] = beijing.inner_text("#contacts")
        seen["thread"] = beijing.inner_text("#messages")
        beijing.fill("#message-form textarea[name=body]", "Great, talk soon!")
        beijing.click("#message-form button[type=submit]")
        beijing.wait_for_function("() => document.querySelectorAll('#messages li[id^=message-]').length === 2")
        browser.close()
    return seen


def test_from_match_to_first_message_in_three_languages(
    world: Any, partner_owner: Any, market: dict[str, Any], live_server: Any,  # noqa: F811
) -> None:
    request, offer = market["request"], market["offer"]
    match = Match.objects.get(source_key=f"opp-{request.pk}", target_key=f"opp-{offer.pk}")
    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(_drive, live_server.url, request.pk, match.pk).result(timeout=300)
    assert "匹配理由" in seen["card"]  # "Why this match", in Chinese
    assert "可满足您的" in seen["card"]  # the complementary pair ("their offer answers your request"), in words
    assert "Negev Battery Labs" not in seen["card"]
    assert seen["status_zh"] == "等待答复"
    assert "Negev Battery Labs" not in seen["requester_page"]  # B is anonymous until acceptance
    assert (seen["dir"], seen["unread"]) == ("rtl", "1")
    assert "京华储能科技有限公司" not in seen["recipient_page"]  # and so is A
    assert "chen@jinghua.example" in seen["recipient_contacts"]
    assert seen["status_en"] == "accepted"
    assert "noa@negev.example" in seen["requester_contacts"]
    assert "Shalom, let us talk." in seen["thread"]
    interest = Interest.objects.get(opportunity=offer)
    assert interest.status == "accepted" and interest.messages.count() == 2
    assert (Path(ARTIFACTS) / "introduction-he.png").stat().st_size > 10_000
