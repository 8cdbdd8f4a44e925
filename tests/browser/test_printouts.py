"""Printouts read back as their readers see them, in each language: one agenda PDF and one
report PDF fetched through the browser, rendered to PNG (test-artifacts/print-*.png) and read
with pdftotext, which reads text in logical order and nothing outside the page.

- The agenda of a Beijing firm at a Tel Aviv event prints 09:00 for a 09:00 meeting (it
  printed 06:00, UTC, under "times in Asia/Jerusalem"), Beijing's 14:00 beside it, and the
  Hebrew name of a counterpart in logical order.
- The monthly report keeps every column on the page; in Hebrew its words read in order.
- The HQ report's value column is on screen at 1366 px.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import screenshot, sign_in
from tests.events.conftest import _small_embedder, ew  # noqa: F401  (fixtures)
from tests.events.test_agendas import _published
from tests.pdf_support import pdf_pages_png, pdf_text, words
from tests.reports.conftest import YEAR, _fresh_report_cache, activity  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNTERPART_HE = "שמש אנרגיה"
# A phrase of each language's report (the offices table's last header, in Hebrew its title).
REPORT_PHRASE = {"en": "value signed (CNY)", "zh-hans": "签约金额（CNY）", "he": "נציגויות"}


def _context(browser: Any, base: str, language: str, width: int = 1200) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "liaison_language", "value": language, "url": base}])
    page = context.new_page()
    page.set_default_timeout(20000)
    return context, page


@pytest.mark.parametrize("language", ["en", "zh-hans", "he"])
def test_agenda_and_report_pdfs_read_right(language: str, world: Any, ew: Any, activity: Any,  # noqa: F811
                                           live_server: Any, browser: Any, artifacts: Path) -> None:
    _published(world, ew)
    base = live_server.url
    context, page = _context(browser, base, language)
    try:
        sign_in(page, base, "member")
        page.goto(f"{base}/events/registrations/{ew.home.pk}/agenda/")
        first = page.inner_text("#agenda tbody tr:first-child td:first-child")
        assert "2026-05-10 09:00" in first and "14:00" in first and "Asia/Shanghai" in first, first
        screenshot(page, artifacts / f"print-agenda-page-{language}.png")
        response = page.request.get(f"{base}{page.get_attribute('#agenda-pdf', 'href')}")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        agenda = response.body()
        pdf_pages_png(agenda, artifacts / f"print-agenda-{language}")
        lines = pdf_text(agenda, layout=True).splitlines()
        at = next(i for i, line in enumerate(lines) if "2026-05-10 09:00" in line)
        assert "Negev Battery Labs" in lines[at]
        # The participant's home time, on the printed line below the event's time.
        assert "14:00" in lines[at + 1] and "Asia/Shanghai" in lines[at + 1], lines[at:at + 2]
        text = pdf_text(agenda)
        assert "06:00" not in text
        assert COUNTERPART_HE in text and COUNTERPART_HE[::-1] not in text

        page.context.clear_cookies()
        page.context.add_cookies([{"name": "liaison_language", "value": language, "url": base}])
        sign_in(page, base, "hq")
        page.goto(f"{base}/reports/tel-aviv/")
        report = page.request.get(f"{base}{page.get_attribute('a[href*=monthly]', 'href')}").body()
        assert report.startswith(b"%PDF")
        pdf_pages_png(report, artifacts / f"print-report-{language}")
        flat = words(pdf_text(report))
        phrase = REPORT_PHRASE[language]
        assert phrase in flat, flat[:600]
        assert "805000.00" in flat  # the value column, on the page
        if language == "he":
            for hebrew in (phrase, "הזדמנויות שפורסמו", "אנרגיה ואגירה"):
                assert hebrew in flat and hebrew[::-1] not in flat
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "he"])
def test_hq_report_shows_the_value_column_at_1366_px(language: str, world: Any, activity: Any,  # noqa: F811
                                                     live_server: Any, browser: Any, artifacts: Path) -> None:
    base = live_server.url
    context, page = _context(browser, base, language, width=1366)
    try:
        sign_in(page, base, "hq")
        page.goto(f"{base}/reports/?year={YEAR}")
        header = page.locator("#table-offices thead th").last
        assert header.inner_text().replace("\n", " ") in ("value signed (CNY)", "ערך שנחתם (CNY)")
        value = page.locator("#table-offices tbody tr").first.locator("td").last
        screenshot(page, artifacts / f"print-hq-report-1366-{language}.png", full_page=False)
        for cell in (header, value):
            box = cell.bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, (language, box)
        # Nothing of the table is hidden in its scroll box either.
        assert page.evaluate("document.querySelector('#table-offices .table-scroll').scrollWidth"
                             " <= document.querySelector('#table-offices .table-scroll').clientWidth")
    finally:
        context.close()
