"""Response times of the reports dashboards on a large database.

    LIAISON_VAR_DIR=/tmp/seedvar .venv/bin/python bench/reports.py [--year 2026] [--runs 5]

Uses the database of LIAISON_VAR_DIR (e.g. the 100,000-opportunity seed: `liaison seed
--organizations 10000 --opportunities 100000`, then `liaison migrate`). Signs in as an HQ user
(`bench-hq`, created if missing) and as an officer of the Tel Aviv office, requests each page
through Django's test client (the whole stack: middleware, queries, charts, templates) and
prints:

- cold: the first request (the first of the process for the first page; the report computed;
  a dashboard sends the charts it has not drawn yet to the chart endpoint, measured apart on
  the "HQ dashboard's four charts" line);
- warm: the median of the following runs (report and charts reused while the data is the same);
- recomputed: the median of runs with the cache emptied first (every query run again; charts
  of a dashboard are then loaded apart, those of the PDF drawn again);
- the number of queries of the last warm run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from liaison.accounts.models import User
    from liaison.directory.models import Office
    from liaison.opportunities.models import Opportunity

    year = args.year or timezone.now().year
    hq, _ = User.objects.get_or_create(username="bench-hq", defaults={"is_hq": True})
    tel_aviv = Office.objects.get(code="tel-aviv")
    officer, _ = User.objects.get_or_create(username="bench-officer-telaviv",
                                            defaults={"office": tel_aviv})
    print(f"database: {connection.settings_dict['NAME']}")
    print(f"opportunities: {Opportunity.objects.count():,}, published in {year}: "
          f"{Opportunity.objects.filter(published_at__year=year).count():,}")
    pages = [
        ("HQ, all offices side by side", hq, f"/reports/?year={year}"),
        ("HQ dashboard's four charts", hq, [f"/reports/charts/{name}/?year={year}"
                                            for name in ("activity", "funnel", "sectors", "flows")]),
        ("HQ, one sector", hq, f"/reports/?year={year}&sector=energy"),
        ("HQ drills into Tel Aviv", hq, f"/reports/tel-aviv/?year={year}"),
        ("officer, own office", officer, f"/reports/tel-aviv/?year={year}"),
        ("KPI API, network", hq, f"/api/reports/kpis?year={year}"),
        ("XLSX export, network", hq, f"/reports/export.xlsx?year={year}"),
        ("monthly PDF, Tel Aviv", hq, f"/reports/tel-aviv/monthly.pdf?month={year}-06"),
    ]
    cache.clear()
    print(f"{'page':34} {'cold s':>7} {'warm s (median)':>16} {'recomputed s':>13} {'queries':>8}")
    for label, user, urls in pages:
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)

        def get(urls: str | list[str] = urls, client: Client = client) -> tuple[float, int]:
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                for url in [urls] if isinstance(urls, str) else urls:
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                return time.perf_counter() - start, len(queries)

        cold, _n = get()
        warm = [get() for _run in range(args.runs)]
        recomputed = []
        for _run in range(args.runs):
            cache.clear()
            recomputed.append(get()[0])
        get()  # leave the cache as a warm process has it for the next line
        print(f"{label:34} {cold:7.2f} {statistics.median(t for t, _q in warm):16.2f} "
              f"{statistics.median(recomputed):13.2f} {warm[-1][1]:8d}")


if __name__ == "__main__":
    main()
