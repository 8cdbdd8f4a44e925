"""Shared fixtures: a small world with the named users of STYLE.md.

- hq: headquarters staff
- officer: officer of the Beijing home office, responsible for `home_firm`
- other_officer: officer of the Tel Aviv office (another office)
- owner / member: owner and member of `home_firm` (Beijing)
- other_member: member of `partner_firm` (Tel Aviv)
- outsider: signed in, no role at all
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import make_opportunity, make_organization, make_user  # noqa: F401

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ENGINE_DIRS = ("scheduling", "matching")
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences",
                     "django_db_serialized_rollback", "live_server"}


def _uses_test_database(item: Any) -> bool:
    return bool(item.get_closest_marker("django_db")
                or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


# Before pytest's own hook, which deselects by marker (-m "not engine"): the marks must be on.
def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        # The pure engines need no database: they are marked so the PostgreSQL pass skips them.
        parts = item.path.parts
        if "tests" in parts and any(d in parts for d in ENGINE_DIRS):
            item.add_marker(pytest.mark.engine)
        # A test the PostgreSQL pass leaves out must not be able to reach the test database.
        if item.get_closest_marker("database_free") and _uses_test_database(item):
            raise pytest.UsageError(f"{item.nodeid} is marked database_free but uses the database")


class _SlowTestsWithoutDatabaseFirst:
    """pytest-django runs the tests that use the database first, then the transactional ones,
    then those without a database: the longest tests (the operations tests' real processes, a
    minute each) came last, and one worker of `pytest -n 2` ran them alone at the end. The slow
    tests without the test database go first instead (a stable sort: the order of the tests
    that use it is untouched, and those without it cannot see its state)."""

    @pytest.hookimpl(trylast=True)  # after pytest-django's ordering
    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        items.sort(key=lambda item: _uses_test_database(item) or not item.get_closest_marker("slow"))


def pytest_configure(config: Any) -> None:
    config.pluginmanager.register(_SlowTestsWithoutDatabaseFirst(), "liaison-slow-first")


@dataclass
class World:
    sc: Any
    home_firm: Any
    partner_firm: Any
    hq: Any
    officer: Any
    other_officer: Any
    owner: Any
    member: Any
    other_member: Any
    outsider: Any

    def users(self) -> dict[str, Any]:
        return {
            "hq": self.hq, "officer": self.officer, "other_officer": self.other_officer,
            "owner": self.owner, "member": self.member, "other_member": self.other_member,
            "outsider": self.outsider,
        }


@pytest.fixture
def world(db: Any) -> World:
    from liaison.accounts.models import Membership
    from liaison.demo.scenario import ensure_base

    sc = ensure_base()
    home_firm = make_organization(sc, ecosystem="beijing", name="京华储能科技有限公司", language="zh",
                                  description="电网级储能和电池管理系统")
    partner_firm = make_organization(sc, ecosystem="tel-aviv", name="Negev Battery Labs",
                                     description="Battery analytics for utilities")
    w = World(
        sc=sc, home_firm=home_firm, partner_firm=partner_firm,
        hq=make_user("hq", is_hq=True),
        officer=make_user("officer", office=sc.home),
        other_officer=make_user("other_officer", office=sc.offices["tel-aviv"]),
        owner=make_user("owner"), member=make_user("member"),
        other_member=make_user("other_member"), outsider=make_user("outsider"),
    )
    Membership.objects.create(user=w.owner, organization=home_firm, role="owner")
    Membership.objects.create(user=w.member, organization=home_firm, role="member")
    Membership.objects.create(user=w.other_member, organization=partner_firm, role="member")
    return w


@pytest.fixture
def client_for(client: Any) -> Any:
    """client_for(user) -> a test client signed in as user (None: anonymous)."""
    from django.test import Client

    def make(user: Any) -> Any:
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    # A page requested in Chinese or Hebrew leaves that language active in the thread
    # (LocaleMiddleware does not switch back): every test starts in English.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def list_cache(settings: Any) -> Any:
    """Lists rendered once per change (LIAISON_LIST_CACHE_SECONDS on), from an empty cache."""
    from django.core.cache import cache

    settings.LIAISON_LIST_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # PBKDF2's deliberate slowness is for production, not for creating test users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Chromium (Debian's package) through Playwright: started once per test session, shared by
# every folder's browser tests (a sync Playwright can run only once per thread).
@pytest.fixture(scope="session")
def browser() -> Any:
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def artifacts() -> Any:
    from tests.browser_support import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _no_match_index_unless_asked(settings: Any, tmp_path: Any) -> None:
    # Pages search with the hybrid engine when an index exists on disk; tests get none unless
    # they build one (tests/matchmaking), so a developer's demo index never leaks in.
    settings.LIAISON_MATCH_INDEX_DIR = tmp_path / "no-match-index"


@pytest.fixture(autouse=True)
def _reports_from_this_test_only() -> Any:
    # A report a process keeps (reports.caching) belongs to the test that computed it, and a
    # report computed again in the background ends with its test (its connection closed).
    yield
    from liaison.reports import caching

    caching.wait_for_refreshes()
    caching._memo.clear()
