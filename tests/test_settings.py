"""Settings come from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from liaison.common.env import env_bool, env_int

# Settings are read in this process or in child processes that fail before, or never open, a
# database connection: one run, in the SQLite pass, is enough.
pytestmark = pytest.mark.database_free


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
        "from django.core.cache import cache; cache.set('k', 'shared'); print(cache.get('k'));"
        # More entries than Django's default of 300: a busy office's pages are not dropped.
        "cache.set_many({f'page{i}': i for i in range(1000)});"
        "print(sum(cache.get(f'page{i}') == i for i in range(1000)))"
    )
    env = {**os.environ, "DATABASE_URL": "", "LIAISON_VAR_DIR": str(tmp_path),
           "LIAISON_CACHE": "database"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["shared", "1000"]
    # A second process reads what the first one stored.
    read = subprocess.run(
        [sys.executable, "-c", code.replace("cache.set('k', 'shared'); ", "")],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert read.stdout.split() == ["shared", "1000"]


def test_the_memory_cache_keeps_a_busy_offices_entries() -> None:
    from django.core.cache import caches

    cache = caches["default"]
    keys = {f"busy-office-page-{i}": i for i in range(1000)}
    cache.set_many(keys)
    try:
        # Django's default keeps 300 and drops a third of them when full.
        assert sum(cache.get(key) == value for key, value in keys.items()) == 1000
    finally:
        cache.delete_many(list(keys))


def test_an_unknown_cache_kind_names_the_variable(tmp_path: object) -> None:
    out = _check({"LIAISON_CACHE": "redis", "LIAISON_VAR_DIR": str(tmp_path)})
    assert out.returncode != 0
    assert "LIAISON_CACHE must be 'memory' or 'database'" in out.stderr


def _run(code: str, env: dict[str, str], tmp_path: object) -> subprocess.CompletedProcess[str]:
    setup = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','liaison.settings'); "
             "django.setup(); from django.conf import settings; ")
    return subprocess.run([sys.executable, "-c", setup + code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "LIAISON_VAR_DIR": str(tmp_path), **env})


def test_without_debug_a_missing_secret_key_stops_every_serving_process(tmp_path: object) -> None:
    no_key = {"SECRET_KEY": "", "DEBUG": "false"}
    check = subprocess.run([sys.executable, "-m", "liaison.cli", "check"], capture_output=True,
                           text=True, timeout=120,
                           env={**os.environ, "LIAISON_VAR_DIR": str(tmp_path), **no_key})
    assert check.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in check.stderr
    wsgi = _run("import liaison.wsgi", no_key, tmp_path)
    assert wsgi.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in wsgi.stderr
    # Nothing signs with a public fallback either.
    signing = _run("from django.core import signing; signing.dumps('x')", no_key, tmp_path)
    assert "The SECRET_KEY setting must not be empty" in signing.stderr


def test_a_secret_key_lets_the_web_process_start(tmp_path: object) -> None:
    with_key = _run("import liaison.wsgi; print(settings.SECRET_KEY)",
                    {"SECRET_KEY": "k" * 50, "DEBUG": "false"}, tmp_path)
    assert with_key.stdout.strip() == "k" * 50, with_key.stderr


def test_the_demo_brings_its_own_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    import django.core.management

    from liaison import cli

    seen: list[str] = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line",
                        lambda argv: seen.append(os.environ.get("SECRET_KEY", "")))
    monkeypatch.setenv("SECRET_KEY", "")
    cli.main(["runserver"])
    cli.main(["demo", "--no-serve"])
    assert seen[0] == "" and len(seen[1]) >= 50
    monkeypatch.setenv("SECRET_KEY", "the-operators-key")
    cli.main(["demo"])
    assert seen[2] == "the-operators-key"


def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: object, **env: str) -> dict[str, object]:
    """The settings module evaluated afresh under `env` (a plain module: Django's own
    settings of this process are untouched)."""
    monkeypatch.setenv("LIAISON_VAR_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import liaison.settings

    return runpy.run_path(liaison.settings.__file__)


def test_liaison_https_turns_on_hsts_secure_cookies_and_the_proxy_header(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object,
) -> None:
    on = _settings(monkeypatch, tmp_path, LIAISON_HTTPS="true")
    assert (on["SECURE_HSTS_SECONDS"], on["SESSION_COOKIE_SECURE"], on["CSRF_COOKIE_SECURE"],
            on["LANGUAGE_COOKIE_SECURE"], on["SECURE_SSL_REDIRECT"]) == (31536000, True, True, True, True)
    assert on["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    off = _settings(monkeypatch, tmp_path, LIAISON_HTTPS="false")
    assert (off["SESSION_COOKIE_SECURE"], off["CSRF_COOKIE_SECURE"]) == (False, False)
    assert (off["SECURE_HSTS_SECONDS"], off["SECURE_PROXY_SSL_HEADER"], off["SECURE_SSL_REDIRECT"]) == (0, None, False)
    with pytest.raises(ImproperlyConfigured, match="LIAISON_HTTPS must be one of true/false"):
        _settings(monkeypatch, tmp_path, LIAISON_HTTPS="sure")


def test_without_debug_the_settings_give_no_secret_key(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: object) -> None:
    assert _settings(monkeypatch, tmp_path, SECRET_KEY="", DEBUG="false")["SECRET_KEY"] == ""
    assert _settings(monkeypatch, tmp_path, SECRET_KEY="", DEBUG="true")["SECRET_KEY"]
    assert _settings(monkeypatch, tmp_path, SECRET_KEY="mine", DEBUG="false")["SECRET_KEY"] == "mine"


def test_over_https_pages_send_hsts_and_secure_cookies(tmp_path: object) -> None:
    code = (
        "from django.test import Client; c = Client(); "
        "r = c.get('/login/', HTTP_X_FORWARDED_PROTO='https'); "
        "print(r.status_code, r['Strict-Transport-Security'], r.cookies['csrftoken']['secure']); "
        "plain = c.get('/login/'); print(plain.status_code, plain['Location'])"
    )
    out = _run(code, {"LIAISON_HTTPS": "true", "ALLOWED_HOSTS": "testserver"}, tmp_path)
    assert out.stdout.splitlines() == ["200 max-age=31536000 True", "301 https://testserver/login/"], out.stderr


@pytest.mark.parametrize(("name", "value", "message"), [
    ("LIAISON_LOGIN_FAILURE_LIMIT", "0", "LIAISON_LOGIN_FAILURE_LIMIT must be at least 1"),
    ("LIAISON_LOGIN_ADDRESS_FAILURE_LIMIT", "0", "LIAISON_LOGIN_ADDRESS_FAILURE_LIMIT must be at least 1"),
    ("LIAISON_LOGIN_COOLOFF_MINUTES", "soon", "LIAISON_LOGIN_COOLOFF_MINUTES must be an integer"),
    ("LIAISON_PROXY_COUNT", "-1", "LIAISON_PROXY_COUNT must be at least 0"),
    ("LIAISON_API_TOKEN_DAYS", "0", "LIAISON_API_TOKEN_DAYS must be at least 1"),
    ("LIAISON_EMAIL_ATTEMPTS", "0", "LIAISON_EMAIL_ATTEMPTS must be at least 1"),
    ("LIAISON_EMAIL_RETRY_SECONDS", "1m", "LIAISON_EMAIL_RETRY_SECONDS must be an integer"),
    ("EMAIL_TIMEOUT", "0", "EMAIL_TIMEOUT must be at least 1"),
])
def test_bad_throttle_token_and_mail_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, name: str, value: str, message: str,
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        _settings(monkeypatch, tmp_path, **{name: value})


def test_throttle_token_and_mail_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in ("LIAISON_LOGIN_FAILURE_LIMIT", "LIAISON_LOGIN_ADDRESS_FAILURE_LIMIT",
                 "LIAISON_LOGIN_COOLOFF_MINUTES",
                 "LIAISON_API_TOKEN_DAYS", "LIAISON_EMAIL_ATTEMPTS", "LIAISON_EMAIL_RETRY_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    values = _settings(monkeypatch, tmp_path)
    assert (values["AXES_FAILURE_LIMIT"], values["LIAISON_LOGIN_ADDRESS_FAILURE_LIMIT"],
            str(values["AXES_COOLOFF_TIME"])) == (5, 20, "0:15:00")
    assert values["AXES_LOCKOUT_PARAMETERS"] == ["username", "ip_address"]
    assert (values["LIAISON_API_TOKEN_DAYS"], values["LIAISON_EMAIL_ATTEMPTS"],
            values["LIAISON_EMAIL_RETRY_SECONDS"]) == (90, 5, 60)
