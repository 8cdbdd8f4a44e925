"""Seed the sector taxonomy (labels in English, Chinese and Hebrew) from data/sectors.json."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "sectors.json"


def load(apps, schema_editor):
    Sector = apps.get_model("directory", "Sector")
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        Sector.objects.update_or_create(
            code=row["code"],
            defaults={"name_en": row["en"], "name_zh": row["zh"], "name_he": row["he"]},
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
