"""Report exports: CSV and XLSX of every table, the monthly office report as PDF."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from liaison.common.tabular import safe_cell, safe_row
from liaison.reports.tables import Table, cell


def tables_csv(tables: list[Table], note: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for table in tables:
        writer.writerow([safe_cell(table.title)])
        writer.writerow(safe_row(table.headers))
        for row in table.rows:
            writer.writerow([safe_cell(cell(v)) for v in row])
        writer.writerow([])
    writer.writerow([safe_cell(note)])
    return out.getvalue()


def tables_xlsx(tables: list[Table], note: str) -> bytes:
    from openpyxl import Workbook  # imported on the first export, not with every page

    book = Workbook()
    first = book.active
    for i, table in enumerate(tables):
        sheet = first if i == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = table.key
        sheet.append([safe_cell(table.title)])
        sheet.append(safe_row(table.headers))
        for row in table.rows:
            sheet.append(safe_row(row))
            for c, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(value, Decimal):
                    # As many decimals as the report shows (cents, or a tenth of a per cent).
                    places = max(0, -int(value.as_tuple().exponent))
                    c.number_format = "0." + "0" * places if places else "0"
        sheet.append([])
        sheet.append([safe_cell(note)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_html(context: dict[str, Any]) -> str:
    return render_to_string("reports/pdf/monthly.html", context)


def report_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=report_html(context), base_url=str(settings.STATIC_ROOT)).write_pdf())


def pdf_text(context: dict[str, Any]) -> str:
    """The text of the laid-out PDF, box by box (tests read it back without a PDF parser)."""
    from weasyprint import HTML

    document = HTML(string=report_html(context)).render()
    parts: list[str] = []

    def walk(box: Any) -> None:
        text = getattr(box, "text", None)
        if text:
            parts.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(parts)
