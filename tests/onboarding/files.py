"""Building the spreadsheets offices send, for the import tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

ORG_HEADERS = ["Name", "English name", "Registry number", "Website", "Kind", "Language",
               "Ecosystem", "Office", "Sectors", "Description", "Founded", "Vetted"]
PEOPLE_HEADERS = ["Organization", "Name", "Role", "E-mail", "Phone", "Languages"]


def xlsx(*sheets: tuple[str, Sequence[str], Sequence[Sequence[Any]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for i, (title, headers, rows) in enumerate(sheets):
        sheet = book.active if i == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def org_row(i: int, **over: Any) -> list[Any]:
    row = {"Name": f"Firm {i:04d} Ltd", "English name": "", "Registry number": f"REG-{i:06d}",
           "Website": f"firm{i}.example.com", "Kind": "firm", "Language": "en",
           "Ecosystem": "tel-aviv", "Office": "tel-aviv", "Sectors": "energy",
           "Description": f"Grid storage firm number {i}", "Founded": 2010 + i % 10, "Vetted": "yes"}
    row.update(over)
    return [row[h] for h in ORG_HEADERS]


def person_row(i: int, org: int, **over: Any) -> list[Any]:
    row = {"Organization": f"REG-{org:06d}", "Name": f"Contact {i}", "Role": "CEO",
           "E-mail": f"contact{i}@firm{org}.example.com", "Phone": "+972 3 555 0000",
           "Languages": "en; he"}
    row.update(over)
    return [row[h] for h in PEOPLE_HEADERS]
