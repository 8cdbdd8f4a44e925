"""The demo's activity gives the dashboards a funnel to show: matches shown to firms, most not
followed up, every interest after a match shown, a share of introductions meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from liaison.demo.activity import seed_demo_activity
from liaison.reports.kpis import Filters, build_report
from tests.factories import make_opportunity, make_organization


def test_demo_activity_fills_every_step_of_the_funnel(world: Any) -> None:
    from liaison.opportunities.models import Opportunity

    for i in range(30):
        for eco in ("beijing", "tel-aviv", "tokyo"):
            org = make_organization(world.sc, ecosystem=eco, name=f"{eco} firm {i}")
            make_opportunity(org, status="published", title=f"{eco} offer {i}")
    Opportunity.objects.update(is_demo_data=True)
    counts = seed_demo_activity(seed=7, months=24)
    assert counts["matches_shown"] > counts["interests"] > counts["introductions"] > 0
    now = timezone.now().date()
    report = build_report(Filters(start=now - dt.timedelta(days=800), end=now))
    values = [s["value"] for s in report.funnel]
    assert values == sorted(values, reverse=True)
    assert values[0] == counts["matches_shown"]
    assert values[1] == counts["interests"]
    assert values[3] > 0  # introductions that met
    assert all(s["rate"] is None or s["rate"] <= 100 for s in report.funnel)
    assert seed_demo_activity() == {}  # once only
