"""Seed the sector taxonomy (labels in English, Chinese and Hebrew) from data/sectors.json."""

from django.db import migrations

from liaison.directory.taxonomy import load_sectors


def load(apps, schema_editor):
    load_sectors(apps.get_model("directory", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
