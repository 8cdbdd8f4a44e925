"""Backups that restore: the database (pg_dump for PostgreSQL, SQLite's online backup API),
the media files, and a manifest with every table's row count and checksum.

A backup directory holds `database.pgdump` or `database.sqlite3`, `media/` (the files of
the default storage: local or S3-compatible) and `manifest.json`. `restore` loads it into an
empty instance and checks every table against the manifest. The match index is in the
database, so a restored instance serves matches at once (each process rebuilds its cache).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections

FORMAT = 1
Say = Callable[[str], None]


# ------------------------------------------------------------------ table statistics
def _canonical(value: Any) -> Any:
    """One representation per value whatever the database (SQLite or PostgreSQL) gave."""
    if isinstance(value, memoryview | bytes | bytearray):
        return hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, float):
        return repr(round(value, 9))
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def _tables() -> Iterator[tuple[str, Any]]:
    """(table, model) of every model with a table, auto-created many-to-many ones included."""
    from django.apps import apps

    seen: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table in seen:
            continue
        seen.add(opts.db_table)
        yield opts.db_table, model


def table_stats() -> dict[str, dict[str, Any]]:
    """Per table: row count and a SHA-256 over its rows in primary-key order."""
    existing = set(connection.introspection.table_names())
    stats: dict[str, dict[str, Any]] = {}
    for table, model in sorted(_tables(), key=lambda t: t[0]):
        if table not in existing:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        digest = hashlib.sha256()
        rows = 0
        for values in model._base_manager.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
            digest.update(json.dumps([_canonical(v) for v in values], default=str,
                                     ensure_ascii=False).encode())
            rows += 1
        stats[table] = {"rows": rows, "checksum": digest.hexdigest()}
    with connection.cursor() as cursor:  # tables of no model (migrations, cache): counted
        for table in sorted(existing - set(stats)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - an introspected name
            stats[table] = {"rows": int(cursor.fetchone()[0])}
    return stats


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------ media
def _media_names(top: str = "") -> Iterator[str]:
    try:
        dirs, files = default_storage.listdir(top)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{top}/{name}" if top else name
    for d in dirs:
        yield from _media_names(f"{top}/{d}" if top else d)


def _pg_env(db: Any) -> tuple[list[str], dict[str, str]]:
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432),
            "--username", str(db.get("USER") or "postgres")]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


# ------------------------------------------------------------------ backup
def backup(dest: Path, *, say: Say = print) -> dict[str, Any]:
    """Write a backup of this instance into the new (or empty) directory `dest`."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise ValueError(f"{dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    vendor = connection.vendor
    say(f"database ({vendor})…")
    if vendor == "postgresql":
        target = dest / "database.pgdump"
        args, env = _pg_env(db)
        subprocess.run(["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges",
                        "--file", str(target), str(db["NAME"])], check=True, env=env)
    elif vendor == "sqlite":
        target = dest / "database.sqlite3"
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target))
        with copy:
            source.backup(copy)  # consistent while web processes and workers write
        copy.close()
        source.close()
    else:
        raise ValueError(f"no backup for the {vendor} database backend")
    say("media…")
    media: dict[str, str] = {}
    for name in _media_names():
        out = dest / "media" / name
        out.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as f, out.open("wb") as w:
            shutil.copyfileobj(f, w)
        media[name] = _file_sha(out)
    say("manifest (row counts and checksums)…")
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "vendor": vendor,
        "database_file": target.name,
        "database_sha256": _file_sha(target),
        "tables": table_stats(),
        "media": media,
    }
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


# ------------------------------------------------------------------ restore
def _is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(src: Path, *, say: Say = print) -> dict[str, Any]:
    """Load the backup in `src` into this instance, whose database must be empty; then check
    every table's row count and checksum against the manifest. Returns the differences
    (empty when the restore is exact)."""
    src = Path(src)
    manifest = json.loads((src / "manifest.json").read_text())
    if manifest.get("format") != FORMAT:
        raise ValueError(f"unknown backup format {manifest.get('format')!r}")
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise ValueError(f"the backup is of a {manifest['vendor']} database, this instance uses {vendor}")
    if not _is_empty():
        raise ValueError("the database is not empty: restore into a new, empty database")
    dump = src / manifest["database_file"]
    if _file_sha(dump) != manifest["database_sha256"]:
        raise ValueError(f"{dump} does not match its checksum in the manifest")
    db = settings.DATABASES["default"]
    say(f"database ({vendor})…")
    if vendor == "postgresql":
        connections.close_all()
        args, env = _pg_env(db)
        subprocess.run(["pg_restore", *args, "--no-owner", "--no-privileges", "--exit-on-error",
                        "--single-transaction", "--dbname", str(db["NAME"]), str(dump)],
                       check=True, env=env)
    else:
        connections.close_all()
        source = sqlite3.connect(str(dump))
        target = sqlite3.connect(str(db["NAME"]))
        with target:
            source.backup(target)
        target.close()
        source.close()
    say("media…")
    for name, sha in manifest["media"].items():
        path = src / "media" / name
        if _file_sha(path) != sha:
            raise ValueError(f"media file {name} does not match its checksum")
        with path.open("rb") as f:
            saved = default_storage.save(name, File(f))
        if saved != name:
            raise ValueError(f"media file {name} was stored as {saved}: the storage was not empty")
    say("checking every table against the manifest…")
    now = table_stats()
    differences = {t: {"backup": want, "restored": now.get(t)}
                   for t, want in manifest["tables"].items() if now.get(t) != want}
    return differences
