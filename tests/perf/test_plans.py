"""On PostgreSQL at a seeded size, the marketplace's and the API's search and list queries
read the opportunities table through an index, never by a sequential scan (the plans that
made a search cost seconds at 100,000 opportunities)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plans"),
]

TABLE = "opportunities_opportunity"


URLS = [
    "/marketplace/?q=energy+storage",
    "/marketplace/?q=%E5%82%A8%E8%83%BD",  # 储能
    "/marketplace/?q=%D7%90%D7%92%D7%99%D7%A8%D7%AA+%D7%90%D7%A0%D7%A8%D7%92%D7%99%D7%94",  # אגירת אנרגיה
    "/marketplace/?q=ai",
    "/marketplace/",
    "/marketplace/?page=50",
    "/api/opportunities?q=energy+storage",
    "/api/opportunities",
    "/api/opportunities?offset=2000",
]


def plans(client: Any, url: str) -> list[tuple[str, str]]:
    """(SQL, plan) of each query of one GET of `url` that reads the opportunities table."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    out = []
    with connection.cursor() as cursor:
        for q in ctx.captured_queries:
            sql = q["sql"]
            if f'FROM "{TABLE}"' not in sql or not sql.startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + sql)
            out.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return out


def full_scans(sql: str, plan: str) -> bool:
    """A sequential scan of the opportunities table not stopped early by a LIMIT (a bounded
    count may read its first rows in table order: at most EXACT_COUNT_LIMIT of them).

    The exact count of a set larger than that (most of the table, for the unfiltered list) is
    not judged here: it runs once a minute per query (common.paging.count_rows, cached), and
    on a vacuumed table, as a deployed one is, PostgreSQL answers it with an index-only scan of
    (status, expires_on); a test transaction cannot vacuum."""
    if sql.startswith('SELECT COUNT(*) AS "__count"'):
        return False
    lines = plan.splitlines()
    for i, line in enumerate(lines):
        if f"Seq Scan on {TABLE}" in line and not (i and "Limit" in lines[i - 1]):
            return True
    return False


@pytest.mark.slow
def test_search_and_list_queries_use_an_index_at_size(world: Any, client: Any, client_for: Any,
                                                       settings: Any) -> None:
    from liaison.demo.scenario import seed_synthetic

    settings.LIAISON_LIST_CACHE_SECONDS = 0
    seed_synthetic(organizations=1000, opportunities=20000, seed=3)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute("ANALYZE directory_organization")
    bad = []
    for who, url in [(None, u) for u in URLS] + [(world.officer, "/validation/")]:
        found = plans(client_for(who), url)
        assert found, f"{url} read no opportunity"
        bad += [f"{url}\n{sql}\n{plan}" for sql, plan in found if full_scans(sql, plan)]
    assert not bad, "\n\n".join(bad)
