"""Dashboards answer without waiting for matplotlib: charts already drawn are inline, the
others are loaded by the page from the chart endpoint (same filters, same access). The flow
between ecosystems is a flow picture in every language, its numbers also in the table. A
report is computed once while the data stays the same, and a change shows at once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.reports.conftest import YEAR


def test_dashboard_loads_undrawn_charts_from_the_chart_endpoint_then_inlines_them(
        world: Any, activity: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    page = client.get(f"/reports/tel-aviv/?year={YEAR}").content.decode()
    urls = re.findall(r'hx-get="(/reports/charts/[a-z]+/\?[^"]*)"', page)
    assert [u.split("/")[3] for u in urls] == ["activity", "funnel", "sectors", "flows"]
    assert all("office=tel-aviv" in u and f"year={YEAR}" in u for u in urls)
    assert "<svg" not in page
    flows = client.get(urls[3].replace("&amp;", "&"))
    assert flows.status_code == 200 and flows.content.decode().startswith("<svg")
    again = client.get(f"/reports/tel-aviv/?year={YEAR}").content.decode()
    assert 'id="chart-flows"><svg' in again and "/reports/charts/flows/" not in again


def test_flow_chart_draws_bands_between_ecosystems_in_three_languages(
        world: Any, activity: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    svg = client.get(f"/reports/charts/flows/?year={YEAR}").content.decode()
    assert 'aria-label="Expressions of interest between ecosystems"' in svg
    assert "Beijing · 1" in svg and "Tel Aviv · 2" in svg  # one interest out of Beijing, two into Tel Aviv
    assert "<path" in svg and "from the home park" in svg
    page = client.get(f"/reports/?year={YEAR}").content.decode()
    flows = re.search(r'id="table-flows">(.*?)</section>', page, re.S)
    assert flows is not None
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", flows.group(1))]
    assert cells[-8:] == ["Beijing", "Tel Aviv", "1", "2", "Tel Aviv", "Tel Aviv", "1", "0"]
    with translation.override("zh-hans"):
        chinese = client_for(world.hq).get(f"/reports/charts/flows/?year={YEAR}",
                                           HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "北京 · 1" in chinese and "特拉维夫 · 2" in chinese
    hebrew = client_for(world.hq)
    hebrew.cookies["liaison_language"] = "he"
    svg_he = hebrew.get(f"/reports/charts/flows/?year={YEAR}").content.decode()
    # Right to left: each label embedded as right-to-left text, the count after the words.
    assert "\u202bתל אביב · 2\u202c" in svg_he
    # Texts are placed by matplotlib from their left or right end: the page's rtl must not swap them.
    assert svg_he.startswith('<svg role="img" aria-label="הבעות עניין בין מערכות אקולוגיות" direction="ltr" ')


def test_flow_chart_with_no_interest_says_so(world: Any, client_for: Any) -> None:
    svg = client_for(world.hq).get(f"/reports/charts/flows/?year={YEAR}").content.decode()
    assert "No expression of interest in this period." in svg


def test_unknown_chart_is_404(world: Any, client_for: Any) -> None:
    assert client_for(world.hq).get("/reports/charts/pie/").status_code == 404


def test_a_report_is_computed_once_and_a_confirmed_outcome_shows_at_once(
        world: Any, activity: Any, client_for: Any) -> None:
    from liaison.reports.services import confirm_outcome

    client = client_for(world.hq)
    url = f"/reports/tel-aviv/?year={YEAR}"

    def get() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content.decode()
        return body, len(queries)

    first, cold = get()
    _body, warm = get()
    assert warm <= cold - 15  # the report's ~20 queries are not run again
    row = re.search(r'id="table-offices">.*?<tbody><tr>(.*?)</tr>', first, re.S)
    assert row is not None and ">2</td>" in row.group(1)
    confirm_outcome(activity.unconfirmed, by=world.other_officer)
    after, _n = get()
    figures = re.search(r'id="table-offices">.*?<tbody><tr>(.*?)</tr>', after, re.S)
    assert figures is not None
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", figures.group(1))]
    assert cells[9:11] == ["3", "3"]  # outcomes, outcomes signed or completed


@pytest.mark.database_free
def test_a_new_process_draws_the_four_charts_requested_at_once(tmp_path: Any) -> None:
    """A page's four chart requests arrive together in a process that has not imported
    matplotlib yet: each gets its chart (no half-imported matplotlib in a second thread)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = '''
import datetime as dt, threading, django
django.setup()
from liaison.reports import charts
from liaison.reports.kpis import SERIES, Report
report = Report(filters=None, offices=[], rows={}, total={}, months=[dt.date(2026, m, 1) for m in range(1, 13)],
                funnel=[{"key": "matches_shown", "label": "shown", "value": 3, "rate": None}],
                series={k: [1] * 12 for k, _l in SERIES}, kinds=[], flows=[], directions={},
                sectors=[{"label": "energy", "opportunities_published": 2, "interests": 1}])
out, errors = [], []
def draw(fn):
    try:
        out.append(charts.cached(fn, report, fn.__name__))
    except Exception as e:
        errors.append(repr(e))
threads = [threading.Thread(target=draw, args=(fn,)) for fn in
           (charts.time_series, charts.funnel_chart, charts.sector_chart, charts.flow_chart)]
[t.start() for t in threads]
[t.join() for t in threads]
print(len(out), errors)
'''
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "liaison.settings", "LIAISON_VAR_DIR": str(tmp_path),
           "PYTHONPATH": str(src), "MPLCONFIGDIR": os.environ.get("MPLCONFIGDIR", str(tmp_path / "mpl"))}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "4 []", result.stderr[-2000:]
