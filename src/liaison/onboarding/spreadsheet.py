"""Reading the spreadsheets offices send: CSV (any encoding Excel writes) and XLSX.

XLSX is read with openpyxl (a formula is seen as its text "=…", not its cached value, so the
importer can refuse it); CSV with
tablib after the bytes are decoded: UTF-8 (with or without Excel's BOM) first, otherwise the
encoding charset-normalizer names among those Excel writes in China, Taiwan, Israel and the
West (GBK/GB18030, Big5, Windows-1255, UTF-16, Windows-1252). Every problem with the file as a
whole is a ValidationError on the field "file" that says what to do.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from liaison.common.errors import ValidationError

CANDIDATE_ENCODINGS = ["gb18030", "big5", "cp1255", "utf_16", "cp1252", "shift_jis"]
ENCODING_NAMES = {"gb18030": "GBK/GB18030", "big5": "Big5", "cp1255": "Windows-1255",
                  "utf_16": "UTF-16", "cp1252": "Windows-1252", "shift_jis": "Shift-JIS",
                  "utf_8": "UTF-8"}


@dataclass
class Sheet:
    """One table of a file: its title, header row and data rows (cells as read)."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    first_row: int = 2  # the spreadsheet row number of rows[0]


@dataclass
class Workbook:
    sheets: list[Sheet]
    file_type: str  # "xlsx" or "csv"
    encoding: str = ""  # how a CSV was decoded, e.g. "GBK/GB18030"


def _fail(message: str) -> ValidationError:
    return ValidationError({"file": message})


def max_bytes() -> int:
    return int(settings.LIAISON_IMPORT_MAX_BYTES)


def max_rows() -> int:
    return int(settings.LIAISON_IMPORT_MAX_ROWS)


def check_size(size: int) -> None:
    if size <= 0:
        raise _fail(_("The file is empty."))
    if size > max_bytes():
        raise _fail(_("The file is larger than %(size)d MB: split it into smaller files.")
                    % {"size": max_bytes() // (1024 * 1024)})


def read(content: bytes, filename: str = "") -> Workbook:
    """The file's tables. Raises ValidationError("file") for an empty, too large, unknown or
    unreadable file, naming what it is when it is not a spreadsheet."""
    check_size(len(content))
    name = filename.lower()
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(_("This is an old Excel file (.xls): save it as .xlsx or as CSV and try again."))
    if content.startswith(b"%PDF"):
        raise _fail(_("This is a PDF document, not a spreadsheet: send a .xlsx or .csv file."))
    if name.endswith((".xlsx", ".xlsm")):
        raise _fail(_("This file is named .xlsx but is not an Excel workbook."))
    return _read_csv(content)


def _read_xlsx(content: bytes) -> Workbook:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _fail(_("This file is not an Excel workbook (.xlsx) or is damaged.")) from None
    sheets: list[Sheet] = []
    limit = max_rows()
    try:
        for ws in book.worksheets:
            rows: list[list[Any]] = []
            headers: list[str] | None = None
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                values = list(row)
                if headers is None:
                    if not any(v not in (None, "") for v in values):
                        continue
                    headers = ["" if v is None else str(v).strip() for v in values]
                    header_row = number
                    continue
                rows.append(values)
                if len(rows) > limit:
                    raise _fail(_("The file has more than %(rows)d rows: split it into smaller "
                                  "files.") % {"rows": limit})
            if headers is not None:
                sheets.append(Sheet(ws.title, headers, _trim(rows), first_row=header_row + 1))
    finally:
        book.close()
    if not sheets:
        raise _fail(_("The file is empty."))
    return Workbook(sheets=sheets, file_type="xlsx")


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop the empty rows at the end (Excel often keeps formatted, empty rows)."""
    while rows and not any(v not in (None, "") for v in rows[-1]):
        rows.pop()
    return rows


def decode(content: bytes) -> tuple[str, str]:
    """The text of a CSV and the name of the encoding it was in."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "UTF-16"
    try:
        return content.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content[:2_000_000], cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise _fail(_("The file's text encoding could not be recognized: save it from Excel as "
                      "\"CSV UTF-8\" or as .xlsx and try again."))
    try:
        return content.decode(best.encoding), ENCODING_NAMES.get(best.encoding, best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise _fail(_("The file's text encoding could not be recognized: save it from Excel as "
                      "\"CSV UTF-8\" or as .xlsx and try again.")) from None


def _read_csv(content: bytes) -> Workbook:
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(_("This file is not a spreadsheet (CSV or XLSX)."))
    text, encoding = decode(content)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise _fail(_("The file is empty."))
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        data = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except (csv.Error, tablib.InvalidDimensions, ValueError):
        raise _fail(_("The CSV file could not be read: its rows do not have the same number of "
                      "columns.")) from None
    headers = [str(h or "").strip() for h in (data.headers or [])]
    rows = [list(r) for r in data]
    if len(rows) > max_rows():
        raise _fail(_("The file has more than %(rows)d rows: split it into smaller files.")
                    % {"rows": max_rows()})
    return Workbook(sheets=[Sheet("", headers, _trim(rows))], file_type="csv", encoding=encoding)
