"""The lexical search's index on organizations (`common.search`): documents rewritten with
their Chinese character pairs, then a pg_trgm GIN index on PostgreSQL (SQLite reads the
directory's 20,000 rows fast enough without one)."""

from django.db import migrations

from liaison.common.searchindex import create_index, drop_index, rewrite_documents

TABLE = "directory_organization"


def forwards(apps, schema_editor):
    rewrite_documents(schema_editor, TABLE)
    create_index(schema_editor, TABLE, fts=False)


def backwards(apps, schema_editor):
    drop_index(schema_editor, TABLE, fts=False)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_sector_taxonomy")]
    operations = [migrations.RunPython(forwards, backwards)]
