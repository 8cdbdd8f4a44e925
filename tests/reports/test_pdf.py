"""The monthly report PDF read back as a reader sees it (poppler's pdftotext; text outside the
page is not read): every column of the offices table is on the page in English, and Hebrew
words read in logical order in a Hebrew report, charts included (their labels used to be
drawn letter by letter, left to right, by WeasyPrint's SVG renderer)."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone, translation

from liaison.reports import charts, exports
from liaison.reports.views import monthly_context
from tests.pdf_support import pdf_text, words


def _monthly_pdf(world: Any, language: str) -> bytes:
    with translation.override(language):
        return exports.report_pdf(monthly_context(world.sc.offices["tel-aviv"], f"{timezone.localdate():%Y-%m}"))


def test_english_monthly_pdf_keeps_the_signed_and_value_columns_on_the_page(world: Any, activity: Any) -> None:
    pdf = _monthly_pdf(world, "en")
    assert "value signed (CNY)" in words(pdf_text(pdf))
    text = pdf_text(pdf, layout=True)
    # The office's row, to its last figure, on one printed line.
    assert re.search(r"Z-Park Tel Aviv +2 +2 +1 +0 +2 +1 +1 +1 +2 +2 +805000\.00", text), text


def test_hebrew_monthly_pdf_reads_hebrew_words_in_logical_order(world: Any, activity: Any) -> None:
    text = words(pdf_text(_monthly_pdf(world, "he")))
    for phrase in ("הדוח החודשי של", "נציגויות", "הזדמנויות שפורסמו", "אנרגיה ואגירה"):
        assert phrase in text, phrase
        assert phrase[::-1] not in text, phrase
    # Chart labels are no longer letters set left to right (then read back reversed).
    for label in ("פעילות בשנים-עשר חודשים", "הבעות עניין"):
        assert label[::-1] not in text, label


def _glyph_order(svg: str, font: str) -> list[int]:
    return [int(g, 16) for g in re.findall(rf'xlink:href="#[^"]*{font}-Regular-([0-9a-f]+)"', svg)]


def test_printed_chart_lays_a_hebrew_label_right_to_left(world: Any, activity: Any) -> None:
    """For print the chart's text is drawn as outlines in display order: the glyphs of a Hebrew
    title run from its last letter (left) to its first (right)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from liaison.reports import caching
    from liaison.reports.kpis import Filters

    title = "אבגד"
    hebrew = FT2Font(font_manager.findfont("Noto Sans Hebrew"))
    cmap = hebrew.get_charmap()
    logical = [cmap[ord(ch)] for ch in title]
    today = timezone.localdate()
    report = caching.report_for(Filters(start=today.replace(day=1), end=today, office=None))
    with translation.override("he"):
        printed = charts.cached(charts.sector_chart, report, title, printed=True)
        page = charts.cached(charts.sector_chart, report, title)
    glyphs = _glyph_order(printed, "NotoSansHebrew")
    assert glyphs[:4] == logical[::-1], (glyphs, logical)
    # The page's chart keeps text as text, embedded right to left for the browser to order.
    assert f"\u202b{title}\u202c" in page and "NotoSansHebrew-Regular-" not in page
