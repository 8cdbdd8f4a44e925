"""Writing CSV and XLSX files with tablib: templates for imports and operational exports.

Every text cell goes through `liaison.common.tabular.safe_cell` (formula-safe). CSV is written
as UTF-8 with a BOM so that Excel (including Chinese and Hebrew Excel) opens it in the right
encoding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import tablib

from liaison.common.tabular import safe_row

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def dataset(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "") -> tablib.Dataset:
    data = tablib.Dataset(headers=safe_row(headers), title=title[:31] or None)
    for row in rows:
        data.append(safe_row(row))
    return data


def render(sheets: Sequence[tablib.Dataset], fmt: str) -> bytes:
    """One file: CSV holds the first sheet; XLSX every sheet."""
    if fmt == "csv":
        return ("\ufeff" + sheets[0].export("csv")).encode("utf-8")
    if fmt == "xlsx":
        if len(sheets) == 1:
            return bytes(sheets[0].export("xlsx"))
        return bytes(tablib.Databook(list(sheets)).export("xlsx"))
    raise ValueError(fmt)
