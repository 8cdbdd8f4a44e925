"""Chromium fixtures live in tests/conftest.py (one Playwright per test session)."""

from tests.browser_support import ARTIFACTS, CHROMIUM, screenshot, sign_in

__all__ = ["ARTIFACTS", "CHROMIUM", "screenshot", "sign_in"]
