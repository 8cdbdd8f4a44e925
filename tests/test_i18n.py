"""Every UI string is translated into Simplified Chinese and Hebrew; Hebrew pages are RTL."""

from __future__ import annotations

import gettext
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "liaison"
LOCALES = ["zh_Hans", "he"]


def _statistics(po: Path) -> str:
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
                            capture_output=True, text=True, check=True)
    return result.stderr.strip()


# Each app with its own locale/ keeps its own catalog; the project catalog holds the rest.
APP_CATALOGS = sorted({p.parts[-5] for p in PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po")})
CATALOGS = ["", *APP_CATALOGS]
ENGINES = ["scheduling", "matching"]


# `makemessages -l zh_Hans -l he --no-obsolete [--ignore NAME/*]...` in each folder, as
# `make messages` runs it, all in one child process: Django starts once, not once per catalog.
MAKEMESSAGES = """
import json, os, sys
import django
django.setup()
from django.core.management import call_command
for root, ignore in json.loads(sys.argv[1]):
    os.chdir(root)
    call_command("makemessages", locale=["zh_Hans", "he"], no_obsolete=True,
                 ignore_patterns=[f"{name}/*" for name in ignore])
"""


def _makemessages(runs: list[tuple[Path, list[str]]]) -> None:
    folders = json.dumps([(str(root), ignore) for root, ignore in runs])
    result = subprocess.run([sys.executable, "-P", "-c", MAKEMESSAGES, folders],
                            cwd=runs[0][0], capture_output=True, text=True,
                            env={**os.environ, "DJANGO_SETTINGS_MODULE": "liaison.settings"})
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def fresh_catalogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogs as makemessages would produce them from today's sources."""
    copy = tmp_path_factory.mktemp("src") / "liaison"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data", *ENGINES))
    _makemessages([(copy, APP_CATALOGS), *((copy / app, []) for app in APP_CATALOGS)])
    return copy


@pytest.mark.database_free
@pytest.mark.parametrize("catalog", CATALOGS)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_ui_string_is_translated(fresh_catalogs: Path, locale: str, catalog: str) -> None:
    stats = _statistics(fresh_catalogs / catalog / "locale" / locale / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"{catalog or 'project'} {locale}: {stats} — run `make messages` and translate the new strings")


@pytest.mark.database_free
@pytest.mark.parametrize("catalog", CATALOGS)
@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalog_matches_its_source(tmp_path: Path, locale: str, catalog: str) -> None:
    folder = PACKAGE / catalog / "locale" / locale / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(folder / "django.po")], check=True)
    with open(folder / "django.mo", "rb") as committed, open(compiled, "rb") as fresh:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_hebrew_page_is_right_to_left_and_chinese_left_to_right(client: Any) -> None:
    hebrew = client.get("/marketplace/", HTTP_ACCEPT_LANGUAGE="he").content.decode()
    assert '<html lang="he" dir="rtl">' in hebrew
    assert "Marketplace</a>" not in hebrew
    chinese = client.get("/marketplace/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<html lang="zh-hans" dir="ltr">' in chinese


@pytest.mark.django_db
def test_language_choice_is_remembered(client: Any) -> None:
    response = client.post("/i18n/setlang/", {"language": "he", "next": "/marketplace/"})
    assert response.status_code == 302
    assert 'dir="rtl"' in client.get("/marketplace/").content.decode()


@pytest.mark.database_free
def test_stylesheet_uses_logical_properties_only() -> None:
    css = (PACKAGE / "static" / "liaison" / "liaison.css").read_text()
    for physical in ("margin-left", "margin-right", "padding-left", "padding-right", "text-align: left",
                     "text-align: right", "float: left", "float: right", "border-left", "border-right"):
        assert physical not in css
