"""Backups that restore: `liaison backup` of a seeded instance, `liaison restore` into an
empty one (the suite's backend: SQLite, or PostgreSQL in the PostgreSQL pass); every table's
rows and checksum match, the media come back, and matches are served without a reindex."""

from __future__ import annotations

import json

import pytest

from tests.ops.support import base_env, database, liaison, world

pytestmark = pytest.mark.slow
KEY_TABLES = ("accounts_user", "directory_organization", "opportunities_opportunity",
              "matchmaking_match", "matchmaking_indexprofile", "matchmaking_indexstate",
              "events_meeting")


def test_a_backup_restores_into_an_empty_instance_that_serves_matches_at_once(tmp_path):
    dump = tmp_path / "backup"
    with database("source", tmp_path) as source_db, database("restored", tmp_path) as target_db:
        source = base_env(tmp_path / "source", EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
                          TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend", **source_db)
        target = base_env(tmp_path / "target", TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
                          **target_db)
        liaison("migrate", "--verbosity", "0", env=source)
        world("seed", "20", env=source)
        liaison("reindex_matches", env=source)
        before = world("matches", env=source)
        assert before["matches"] > 0 and before["indexed"] > 0
        liaison("backup", str(dump), env=source)
        manifest = json.loads((dump / "manifest.json").read_text())

        done = liaison("restore", str(dump), env=target)
        assert "every table matches the manifest" in done.stdout
        restored = world("stats", env=target)
        assert restored == manifest["tables"]
        original = world("stats", env=source)  # once: a child process each costs seconds
        for table in KEY_TABLES:
            assert restored[table]["rows"] > 0
            assert restored[table]["checksum"] == original[table]["checksum"]
        assert world("matches", env=target) == before
        hits = world("search", "battery management for grid storage", env=target)["hits"]
        assert hits and all(h.startswith(("opp-", "org-")) for h in hits)
        assert (tmp_path / "target" / "media" / "attachments/seed/brief.txt").read_text() == "储能 battery brief\n"
        # A second restore into the now full instance is refused.
        again = liaison("restore", str(dump), env=target, check=False)
        assert again.returncode != 0 and "not empty" in again.stderr
    print(f"\nround trip on {manifest['vendor']}: {len(manifest['tables'])} tables, "
          f"{sum(t['rows'] for t in manifest['tables'].values())} rows, {len(manifest['media'])} media files")
