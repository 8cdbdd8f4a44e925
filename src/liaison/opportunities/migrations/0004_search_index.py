"""The lexical search's index on opportunities (`common.search`): documents rewritten with their
Chinese character pairs, then a pg_trgm GIN index (PostgreSQL) or an FTS5 trigram table
(SQLite)."""

from django.db import migrations

from liaison.common.searchindex import create_index, drop_index, rewrite_documents

TABLE = "opportunities_opportunity"


def forwards(apps, schema_editor):
    rewrite_documents(schema_editor, TABLE)
    create_index(schema_editor, TABLE, fts=True)


def backwards(apps, schema_editor):
    drop_index(schema_editor, TABLE, fts=True)


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0003_report_scan_index")]
    operations = [migrations.RunPython(forwards, backwards)]
