"""Settings come from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from liaison.common.env import env_bool, env_int


def test_bad_boolean_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


def test_bad_integer_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGE_SIZE", "twenty")
    with pytest.raises(ImproperlyConfigured, match="PAGE_SIZE must be an integer"):
        env_int("PAGE_SIZE", 20)
    monkeypatch.setenv("PAGE_SIZE", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("PAGE_SIZE", 20, minimum=1)


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','liaison.settings'); django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=60,
    )


def test_database_url_selects_postgresql_and_sqlite_is_the_default(tmp_path: object) -> None:
    env = {k: "" for k in ("DATABASE_URL",)}
    assert _check({**env, "LIAISON_VAR_DIR": str(tmp_path)}).stdout.strip() == "django.db.backends.sqlite3"
    pg = _check({"DATABASE_URL": "postgres://u@localhost:5432/x", "LIAISON_VAR_DIR": str(tmp_path)})
    assert pg.stdout.strip() == "django.db.backends.postgresql"


def test_a_bad_setting_stops_start_up_with_a_clear_message(tmp_path: object) -> None:
    result = _check({"PAGE_SIZE": "lots", "LIAISON_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "PAGE_SIZE must be an integer, not 'lots'" in result.stderr


def test_the_sqlite_file_runs_in_wal_mode(tmp_path: object) -> None:
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','liaison.settings'); "
            "django.setup(); from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "DATABASE_URL": "", "LIAISON_VAR_DIR": str(tmp_path)})
    assert result.stdout.strip() == "wal", result.stderr


def test_a_shared_database_cache_is_created_by_migrate_and_used(tmp_path: object) -> None:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','liaison.settings');"
        "django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from django.core.cache import cache; cache.set('k', 'shared'); print(cache.get('k'))"
    )
    env = {**os.environ, "DATABASE_URL": "", "LIAISON_VAR_DIR": str(tmp_path),
           "LIAISON_CACHE": "database"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "shared"
    # A second process reads what the first one stored.
    read = subprocess.run(
        [sys.executable, "-c", code.replace("cache.set('k', 'shared'); ", "")],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert read.stdout.strip() == "shared"


def test_an_unknown_cache_kind_names_the_variable(tmp_path: object) -> None:
    out = _check({"LIAISON_CACHE": "redis", "LIAISON_VAR_DIR": str(tmp_path)})
    assert out.returncode != 0
    assert "LIAISON_CACHE must be 'memory' or 'database'" in out.stderr
