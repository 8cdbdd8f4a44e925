"""The numbers on the page, in the XLSX export and in the PDF monthly report agree.

The PDF's text is read back from WeasyPrint's laid-out pages (Debian's pdftotext is not
installed here); the text of those boxes is exactly what the PDF draws."""

from __future__ import annotations

import html
import io
import re
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook

from liaison.reports.exports import pdf_text, report_html
from liaison.reports.views import monthly_context


def _page_tables(page: str) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[str]]] = {}
    for key, body in re.findall(r'<section class="report-table" id="table-(\w+)">(.*?)</section>', page, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[-1], re.S)
        tables[key] = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
                       for r in rows]
    return tables


def _xlsx_cell(c: Any) -> str:
    if c.value is None:
        return ""
    if c.number_format.startswith("0."):
        return f"{c.value:.{len(c.number_format) - 2}f}"
    return str(c.value)


def test_page_xlsx_and_pdf_show_the_same_numbers(world: Any, activity: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    today = timezone.localdate()
    first = today.replace(day=1)
    month = f"{first:%Y-%m}"
    import datetime as dt

    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    query = f"start={first:%Y-%m-%d}&end={last:%Y-%m-%d}"

    page = _page_tables(client.get(f"/reports/tel-aviv/?{query}").content.decode())
    workbook = load_workbook(io.BytesIO(
        client.get(f"/reports/export.xlsx?{query}&office=tel-aviv").content))
    # The PDF endpoint renders exactly this context (its access is in the role matrix).
    text = pdf_text(monthly_context(world.sc.offices["tel-aviv"], month))

    office_row = page["offices"][0]
    assert office_row[0] == "Z-Park Tel Aviv Liaison Office"
    assert office_row[1:] == ["2", "2", "1", "0", "2", "1", "1", "1", "2", "2", "805000.00"]
    for key in ("offices", "funnel", "kinds", "sectors", "flows"):
        sheet = [[_xlsx_cell(c) for c in row] for row in workbook[key].iter_rows(min_row=3)]
        assert sheet[: len(page[key])] == page[key], key
        for row in page[key]:
            # Each row's cells appear in the PDF in the same order.
            assert re.search(r"\s+".join(re.escape(c) for c in row if c), text), (key, row)
    assert "805000.00" in text


def test_monthly_report_in_hebrew_and_chinese_is_laid_out_with_their_text(world: Any, activity: Any) -> None:
    from django.utils import translation

    month = f"{timezone.localdate():%Y-%m}"
    office = world.sc.offices["tel-aviv"]
    with translation.override("he"):
        context = monthly_context(office, month)
        assert '<html lang="he" dir="rtl">' in report_html(context)
        assert "הדוח החודשי של" in pdf_text(context)
    with translation.override("zh-hans"):
        assert "月度报告" in pdf_text(monthly_context(office, month))
