"""Migration helpers of the lexical search (`common.search`): each database's index on a
table's `search_document`, and the stored documents rewritten in the current form.

PostgreSQL: a GIN index of character trigrams (`pg_trgm`, shipped with PostgreSQL; creating the
extension needs a role that may, see docs/deploy.md). SQLite: an FTS5 table with the trigram
tokenizer holding the table's documents, kept in step by triggers.
"""

from __future__ import annotations

from typing import Any

from liaison.common.text import han_pairs


def rewrite_documents(schema_editor: Any, table: str) -> None:
    """Documents stored before the current form (no surrounding spaces, no Chinese pairs)
    rewritten; idempotent."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'SELECT id, search_document FROM "{table}"')  # noqa: S608 (our table)
        rows = cursor.fetchall()
        changed = []
        for pk, doc in rows:
            if doc.startswith(" ") and doc.endswith(" "):
                continue
            pairs = han_pairs(doc)
            changed.append((f" {doc} " + (" ".join(pairs) + " " if pairs else ""), pk))
        for start in range(0, len(changed), 2000):
            cursor.executemany(
                f'UPDATE "{table}" SET search_document = %s WHERE id = %s',  # noqa: S608
                changed[start:start + 2000])


def create_index(schema_editor: Any, table: str, *, fts: bool) -> None:
    """The search index of `table` on this database (FTS5 on SQLite only when `fts`)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_trgm" ON "{table}" '
            "USING gin (search_document gin_trgm_ops)")
    elif vendor == "sqlite" and fts:
        fts_table = f"{table}_search"
        schema_editor.execute(
            f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts_table}" USING fts5(search_document, '
            f"content='{table}', content_rowid='id', tokenize='trigram')")
        schema_editor.execute(
            f'CREATE TRIGGER IF NOT EXISTS "{fts_table}_ai" AFTER INSERT ON "{table}" BEGIN '  # noqa: S608
            f'INSERT INTO "{fts_table}"(rowid, search_document) VALUES (new.id, new.search_document); END')
        schema_editor.execute(
            f'CREATE TRIGGER IF NOT EXISTS "{fts_table}_ad" AFTER DELETE ON "{table}" BEGIN '  # noqa: S608
            f'INSERT INTO "{fts_table}"("{fts_table}", rowid, search_document) '
            "VALUES ('delete', old.id, old.search_document); END")
        schema_editor.execute(
            f'CREATE TRIGGER IF NOT EXISTS "{fts_table}_au" AFTER UPDATE OF search_document '  # noqa: S608
            f'ON "{table}" BEGIN '
            f'INSERT INTO "{fts_table}"("{fts_table}", rowid, search_document) '
            "VALUES ('delete', old.id, old.search_document); "
            f'INSERT INTO "{fts_table}"(rowid, search_document) VALUES (new.id, new.search_document); END')
        schema_editor.execute(f"""INSERT INTO "{fts_table}"("{fts_table}") VALUES ('rebuild')""")  # noqa: S608


def drop_index(schema_editor: Any, table: str, *, fts: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_trgm"')
    elif vendor == "sqlite" and fts:
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_search_{suffix}"')
        schema_editor.execute(f'DROP TABLE IF EXISTS "{table}_search"')
