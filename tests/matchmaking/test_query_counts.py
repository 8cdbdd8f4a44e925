"""The matches list costs the same number of queries for 2 and for more matches."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.matchmaking.models import Match


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_matches_page_has_no_n_plus_one(world: Any, market: dict[str, Any], client_for: Any) -> None:
    client = client_for(world.member)
    url = f"/matches/opportunity/{market['request'].pk}/"
    rows = Match.objects.filter(source_key=f"opp-{market['request'].pk}")
    assert rows.count() >= 3
    _queries(client, url)  # the first showing records the matches shown (one INSERT); count the next
    many = _queries(client, url)
    keep = [rows.filter(target_opportunity__isnull=False).first().pk,
            rows.filter(target_organization__isnull=False).first().pk]
    rows.exclude(pk__in=keep).delete()  # one of each kind: the prefetches are the same
    assert _queries(client, url) == many
