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


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/dashboard/")
