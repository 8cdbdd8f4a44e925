"""Browser helpers shared by the Chromium tests (Debian's Chromium, never `playwright install`).

Pages run under the site's Content-Security-Policy, which forbids eval: give
`page.wait_for_function` an arrow function ("() => ..."), never a bare expression, which
Playwright re-evaluates with eval on every poll (refused by the page's policy).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def screenshot(page: Any, path: Path, full_page: bool = True) -> None:
    """Save a screenshot for people to look at (test-artifacts/).

    Headless Chromium's Page.captureScreenshot now and then answers "Unable to capture
    screenshot" when the machine is loaded (seen once in CI on a page that had rendered and
    passed its checks): ask again, up to three times, before failing the test.
    """
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            page.screenshot(path=str(path), full_page=full_page)
            return
        except Error as error:
            if "Unable to capture screenshot" not in str(error) or attempt == 2:
                raise
            page.wait_for_timeout(500 * (attempt + 1))


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/dashboard/")
