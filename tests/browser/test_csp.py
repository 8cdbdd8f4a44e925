"""In Chromium with the Content-Security-Policy enforced: htmx pages (the validation queue, the
report's charts loaded on page load) and the language switcher work, and the browser reports
no violation and no console error."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.factories import make_opportunity

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  (window.__violations = window.__violations || []).push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def _watch(page: Any) -> list[str]:
    """Console errors and warnings, uncaught errors, and CSP violations of every page."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.add_init_script(RECORD_VIOLATIONS)
    return problems


def _violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__violations || []"))


def test_htmx_validation_works_under_the_policy_without_violations(
    world: Any, live_server: Any, page: Any,
) -> None:
    waiting = make_opportunity(world.home_firm, status="submitted", title="等待审核的储能需求")
    problems = _watch(page)
    sign_in(page, live_server.url, "officer")
    response = page.goto(f"{live_server.url}/validation/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    page.click(f"#validate-{waiting.pk} button.primary")  # an htmx POST and swap
    page.wait_for_selector(f"p#validate-{waiting.pk}")
    assert "Published." in page.inner_text(f"#queue-{waiting.pk}")
    assert _violations(page) == []
    # The language switcher (our static script, no inline handler) still submits.
    page.select_option("#language-switcher", "he")
    page.wait_for_function("() => document.documentElement.dir === 'rtl'")
    assert _violations(page) == []
    assert problems == []
    waiting.refresh_from_db()
    assert waiting.status == "published"


def test_report_charts_load_by_htmx_under_the_policy_without_violations(
    world: Any, live_server: Any, page: Any,
) -> None:
    make_opportunity(world.home_firm, status="published", title="Grid storage pilot")
    problems = _watch(page)
    sign_in(page, live_server.url, "hq")
    response = page.goto(f"{live_server.url}/reports/")
    assert "content-security-policy" in response.headers
    page.wait_for_selector("figure.chart svg", timeout=60000)
    assert page.locator("figure.chart svg").count() >= 1
    assert _violations(page) == []
    assert problems == []
