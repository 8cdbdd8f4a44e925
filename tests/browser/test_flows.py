"""End to end in Chromium: a member submits, an officer validates, Hebrew is right-to-left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from liaison.opportunities.models import Opportunity
from tests.browser.conftest import screenshot, sign_in
from tests.factories import make_opportunity

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_creates_and_submits_an_opportunity(world: Any, live_server: Any, page: Any) -> None:
    sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/opportunities/new/")
    page.select_option("#id_type", "technology_request")
    page.fill("#id_title", "Tiny")  # too short first: the form says so and keeps the input
    page.fill("#id_summary", "寻求以色列的电池管理系统技术")
    page.select_option("#id_language", "zh")
    page.check(f"input[name=sectors][value='{world.sc.sectors['energy'].pk}']")
    page.click("button[name=submit]")
    assert "at least 5 characters" in page.inner_text("main")
    assert page.input_value("#id_summary") == "寻求以色列的电池管理系统技术"
    page.fill("#id_title", "寻求电池管理系统技术合作")
    page.click("button[name=submit]")
    page.wait_for_selector("#status")
    assert page.inner_text("#status") == "submitted"
    opp = Opportunity.objects.get(title="寻求电池管理系统技术合作")
    assert opp.status == "submitted" and opp.created_by == world.member


def test_officer_validates_an_opportunity_from_the_queue(world: Any, live_server: Any, page: Any) -> None:
    waiting = make_opportunity(world.home_firm, status="submitted", title="等待审核的储能需求")
    other = make_opportunity(world.home_firm, status="submitted", title="Vague request")
    sign_in(page, live_server.url, "officer")
    page.goto(f"{live_server.url}/validation/")
    assert "2 waiting" in page.inner_text("main")
    page.click(f"#validate-{waiting.pk} button.primary")
    page.wait_for_selector(f"p#validate-{waiting.pk}")
    assert "Published." in page.inner_text(f"#queue-{waiting.pk}")
    page.click(f"#validate-{other.pk} button.secondary")  # reject without a reason
    page.wait_for_selector(f"#validate-{other.pk} .errors")
    page.fill(f"#reason-{other.pk}", "Please describe the technology.")
    page.click(f"#validate-{other.pk} button.secondary")
    page.wait_for_selector(f"p#validate-{other.pk}")
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert (waiting.status, waiting.validated_by) == ("published", world.officer)
    assert (other.status, other.rejection_reason) == ("rejected", "Please describe the technology.")
    page.goto(f"{live_server.url}/marketplace/")
    assert "等待审核的储能需求" in page.inner_text("main")


def test_hebrew_pages_are_right_to_left(world: Any, live_server: Any, page: Any, artifacts: Path) -> None:
    make_opportunity(world.partner_firm, status="published", title="שותף להפצת אגירת אנרגיה", language="he")
    page.goto(f"{live_server.url}/marketplace/")
    page.select_option("#language-switcher", "he")
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.documentElement.dir === 'rtl'")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The brand sits at the right edge in RTL.
    box = page.locator("header.site .brand").bounding_box()
    assert box["x"] > 600
    screenshot(page, artifacts / "marketplace-he.png")
    assert (artifacts / "marketplace-he.png").stat().st_size > 10_000
    page.goto(f"{live_server.url}/")
    assert page.evaluate("document.documentElement.dir") == "rtl"  # remembered
