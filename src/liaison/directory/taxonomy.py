"""The sector taxonomy shipped in data/sectors.json (labels in English, Chinese, Hebrew)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "sectors.json"


def load_sectors(sector_model: Any) -> None:
    """Create or update every sector of the taxonomy (idempotent; used by the migration)."""
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        sector_model.objects.update_or_create(
            code=row["code"],
            defaults={"name_en": row["en"], "name_zh": row["zh"], "name_he": row["he"]},
        )
