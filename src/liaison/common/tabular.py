"""Cells for CSV and XLSX files that people open in a spreadsheet program.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Numbers ("CSV injection"): a firm's name such as
``=HYPERLINK("http://evil", "click")`` would become a live link in an officer's export. Every
export writes text through :func:`safe_cell`, which keeps such text as text by a leading
apostrophe (what the OWASP guidance prescribes; spreadsheet programs hide it). Numbers, dates
and other non-text values pass unchanged, so a negative number stays a number.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should hold it: text that would start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Any) -> list[Any]:
    return [safe_cell(v) for v in values]
