"""End to end in Chromium, from a match to the first message: a Beijing member (Chinese UI)
sees the Tel Aviv match of its Chinese technology request with reasons, expresses interest;
the Tel Aviv owner (Hebrew UI) accepts and writes; the Beijing side (then in English) sees
the revealed contacts and the message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from liaison.introductions.models import Interest
from liaison.matchmaking.models import Match
from tests.browser.conftest import artifacts, browser, page, sign_in  # noqa: F401
from tests.introductions.conftest import partner_owner  # noqa: F401
from tests.matchmaking.conftest import market, match_index  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _language(pg: Any, base: str, code: str) -> None:
    pg.context.add_cookies([{"name": "liaison_language", "value": code, "url": base}])


def test_from_match_to_first_message_in_three_languages(
    world: Any, partner_owner: Any, market: dict[str, Any], live_server: Any, browser: Any,  # noqa: F811
    artifacts: Path,  # noqa: F811
) -> None:
    base = live_server.url
    request, offer = market["request"], market["offer"]
    match = Match.objects.get(source_key=f"opp-{request.pk}", target_key=f"opp-{offer.pk}")

    beijing = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    beijing.set_default_timeout(15000)
    _language(beijing, base, "zh-hans")
    sign_in(beijing, base, "member")
    beijing.goto(f"{base}/matches/opportunity/{request.pk}/")
    card = beijing.locator(f"#match-{match.pk}")
    assert "匹配理由" in card.inner_text()  # "Why this match", in Chinese
    assert "互补" in card.inner_text()  # the complementary-type reason, in words
    assert "Negev Battery Labs" not in card.inner_text()
    card.locator("a.button.primary").click()
    beijing.fill("#id_message", "您好！我们希望在北京的电网储能项目中试用贵公司的电池管理技术。")
    beijing.click("#interest-form button[type=submit]")
    beijing.wait_for_selector("#interest-status")
    assert beijing.inner_text("#interest-status") == "等待答复"
    assert "Negev Battery Labs" not in beijing.inner_text("main")
    interest = Interest.objects.get(opportunity=offer)

    tel_aviv = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    tel_aviv.set_default_timeout(15000)
    _language(tel_aviv, base, "he")
    sign_in(tel_aviv, base, "partner_owner")
    assert tel_aviv.evaluate("document.documentElement.dir") == "rtl"
    assert tel_aviv.inner_text("#unread-count") == "1"
    tel_aviv.goto(f"{base}/introductions/?box=todo")
    tel_aviv.click(f"#interest-{interest.pk} h3 a")
    assert "京华储能科技有限公司" not in tel_aviv.inner_text("main")  # A is anonymous until acceptance
    tel_aviv.click("#answer button[value=accept]")
    tel_aviv.wait_for_selector("#contacts")
    assert "chen@jinghua.example" in tel_aviv.inner_text("#contacts")
    tel_aviv.fill("#message-form textarea[name=body]", "שלום! נשמח לדבר. Shalom, let us talk.")
    tel_aviv.click("#message-form button[type=submit]")
    tel_aviv.wait_for_selector("#messages li[id^=message-]")
    tel_aviv.screenshot(path=str(artifacts / "introduction-he.png"), full_page=True)

    _language(beijing, base, "en")
    beijing.goto(f"{base}/introductions/{interest.pk}/")
    assert beijing.inner_text("#interest-status") == "accepted"
    assert "noa@negev.example" in beijing.inner_text("#contacts")
    assert "Shalom, let us talk." in beijing.inner_text("#messages")
    beijing.fill("#message-form textarea[name=body]", "Great, talk soon!")
    beijing.click("#message-form button[type=submit]")
    beijing.wait_for_function("document.querySelectorAll('#messages li[id^=message-]').length === 2")
    assert interest.messages.count() == 2
