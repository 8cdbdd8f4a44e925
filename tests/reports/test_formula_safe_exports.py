"""Exports never carry a live formula (#13 item 8): text starting with = + - @ is kept as text."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from liaison.common.tabular import safe_cell

EVIL = '=HYPERLINK("http://evil.example","open")'


def test_text_that_would_start_a_formula_is_quoted_and_numbers_stay_numbers() -> None:
    for text in (EVIL, "+972 3 555", "-1+2", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Z-Park = science park") == "Z-Park = science park"
    assert safe_cell(-5) == -5


def test_an_office_named_like_a_formula_is_text_in_the_csv_and_the_xlsx(world: Any, activity: Any, client_for: Any) -> None:
    office = world.sc.offices["tel-aviv"]
    office.name = EVIL
    office.save(update_fields=["name"])
    client = client_for(world.hq)
    rows = list(csv.reader(io.StringIO(client.get("/reports/export.csv?office=tel-aviv").content.decode())))
    names = [r[0] for r in rows if r and "HYPERLINK" in r[0]]
    assert names and all(n == "'" + EVIL for n in names)
    book = load_workbook(io.BytesIO(client.get("/reports/export.xlsx?office=tel-aviv").content))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(v == "'" + EVIL for v in cells)
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
