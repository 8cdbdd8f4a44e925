"""A report page is rendered once per report, language and query string (`caching.rendered`,
`caching.rendered_for`): a page shown again costs only the signed-in request's own queries,
yet a change of the data, the language or the filters shows at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _get(client: Any, url: str, **headers: Any) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_network_report_shown_again_reads_only_the_session_user_and_notifications(
    world: Any, activity: Any, client_for: Any
) -> None:
    client = client_for(world.hq)
    _get(client, "/reports/")
    _, count = _get(client, "/reports/")
    # The session, its user and the unread notification count: the report, its tables and the
    # filter form come from the process's copy.
    assert count == 3


def test_report_tables_and_filters_follow_the_language(world: Any, activity: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    english, _ = _get(client, "/reports/", HTTP_ACCEPT_LANGUAGE="en")
    chinese, _ = _get(client, "/reports/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    hebrew, _ = _get(client, "/reports/", HTTP_ACCEPT_LANGUAGE="he")
    assert "<h2>Offices</h2>" in english and "<h2>By month</h2>" in english
    assert "<h2>办事处</h2>" in chinese and "<h2>按月</h2>" in chinese and "行业" in chinese
    assert "<h2>נציגויות</h2>" in hebrew and "<h2>לפי חודש</h2>" in hebrew


def test_report_page_shows_a_new_outcome_at_once(world: Any, activity: Any, client_for: Any) -> None:
    from liaison.reports.models import Outcome

    client = client_for(world.hq)
    before, _ = _get(client, "/reports/")
    # The outcomes by kind list the kinds with a confirmed outcome: a pilot and an MoU so far.
    assert "<bdi>licensing</bdi>" not in before and "<bdi>pilot</bdi>" in before
    kpis_before = client.get("/api/reports/kpis").json()["total"]["outcomes"]
    Outcome.objects.create(
        kind="licensing", title="Licence renewed after the page was shown",
        interest=activity.interest, initiator=activity.interest.from_organization,
        counterpart=activity.interest.to_organization, office=activity.public.office,
        date=activity.public.date, stage="signed", confirmed_at=activity.public.confirmed_at,
    )
    kpis_after = client.get("/api/reports/kpis").json()["total"]["outcomes"]
    assert kpis_after == kpis_before + 1
    after, _ = _get(client, "/reports/")
    assert "<bdi>licensing</bdi>" in after


def test_filter_form_keeps_each_query_strings_values_and_errors(world: Any, activity: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    _get(client, "/reports/?year=2025")
    page, _ = _get(client, "/reports/?year=2024")
    assert 'name="year" value="2024"' in page
    bad = client.get("/reports/?start=2025-05-01&end=2025-01-01")
    assert bad.status_code == 422
    again = client.get("/reports/?start=2025-05-01&end=2025-01-01")
    assert again.status_code == 422
    assert 'class="errorlist' in bad.content.decode() and 'class="errorlist' in again.content.decode()
    fine, _ = _get(client, "/reports/?year=2025")
    assert 'class="errorlist' not in fine


def test_a_chart_drawn_after_the_page_was_shown_is_shown_in_it_next_time(
        world: Any, activity: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    before, _ = _get(client, "/reports/")
    figure = before.split('id="chart-activity">')[1].split("</figure>")[0]
    assert "hx-get=" in figure and "<svg" not in figure
    assert client.get("/reports/charts/activity/").status_code == 200
    after, _ = _get(client, "/reports/")
    figure = after.split('id="chart-activity">')[1].split("</figure>")[0]
    assert "<svg" in figure and "hx-get=" not in figure


def _outcome_without_signals(activity: Any) -> None:
    """A confirmed licensing outcome written as a bulk import would: no signal tells the
    reports' cache."""
    from liaison.reports.models import Outcome

    Outcome.objects.bulk_create([Outcome(
        kind="licensing", title="Licence imported in bulk",
        interest=activity.interest, initiator=activity.interest.from_organization,
        counterpart=activity.interest.to_organization, office=activity.public.office,
        date=activity.public.date, stage="signed", confirmed_at=activity.public.confirmed_at,
    )])


@pytest.mark.django_db(transaction=True)
def test_an_old_report_is_answered_at_once_and_computed_again_behind(
        world: Any, activity: Any, client_for: Any, monkeypatch: Any) -> None:
    import threading

    from liaison.reports import caching

    monkeypatch.setattr(caching, "TTL", 0)  # every report is old at once
    build, gate = caching.build_report, threading.Event()

    def build_when_let(filters: Any) -> Any:
        if threading.current_thread().name == "report-refresh":
            assert gate.wait(30)
        return build(filters)

    monkeypatch.setattr(caching, "build_report", build_when_let)
    client = client_for(world.hq)
    try:
        gate.set()
        first, _ = _get(client, "/reports/")
        caching.wait_for_refreshes()
        assert "<bdi>licensing</bdi>" not in first
        _outcome_without_signals(activity)
        # The visitor gets the report there is, at once, while a thread computes it again.
        gate.clear()
        stale, _ = _get(client, "/reports/")
        assert "<bdi>licensing</bdi>" not in stale
        gate.set()
        caching.wait_for_refreshes()
        fresh, _ = _get(client, "/reports/")
        assert "<bdi>licensing</bdi>" in fresh
    finally:
        gate.set()
        caching.wait_for_refreshes()


def test_the_web_warm_up_computes_the_network_report_before_hq_asks(
        world: Any, activity: Any, client_for: Any, monkeypatch: Any) -> None:
    from liaison.common import warmup
    from liaison.reports import caching

    assert "reports.network" in warmup.run("web")
    assert "reports.network" not in warmup.run("worker")
    built: list[Any] = []
    monkeypatch.setattr(caching, "build_report", lambda filters: built.append(filters))
    page, _ = _get(client_for(world.hq), "/reports/")
    assert built == [] and "<bdi>pilot</bdi>" in page
