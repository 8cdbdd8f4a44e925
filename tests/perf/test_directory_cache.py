"""The directory's filters and results are rendered together once per change: a page seen
again reads neither the organizations nor the lists of ecosystems and sectors, and still
shows the chosen filter and the counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_organization

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_cache")]




def get(client: Any, url: str, **headers: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_a_directory_page_seen_again_reads_no_reference_list(world: Any, client_for: Any) -> None:
    make_organization(world.sc, ecosystem="tel-aviv", name="Jaffa Water Systems")
    client = client_for(world.other_officer)
    url = "/directory/?ecosystem=tel-aviv"
    cold_html, cold = get(client, url)
    warm_html, warm = get(client, url)
    assert "Jaffa Water Systems" in warm_html and '<option value="tel-aviv" selected>' in warm_html
    assert warm_html.count('class="n"') == cold_html.count('class="n"') > 0  # the facet counts
    for table in ("directory_sector", "directory_ecosystem"):
        assert any(f'FROM "{table}"' in q for q in cold), table
    assert not [q for q in warm if "directory_sector" in q or "directory_ecosystem" in q]
    # The htmx answer (the results alone) from the same cache.
    partial, queries = get(client, url, HX_Request="true")
    assert "Jaffa Water Systems" in partial and 'id="f-ecosystem"' not in partial
    assert not [q for q in queries if "directory_sector" in q or "directory_ecosystem" in q]
    # A new organization: shown at once, with its ecosystem's count.
    make_organization(world.sc, ecosystem="tel-aviv", name="Haifa Photonics")
    assert "Haifa Photonics" in get(client, url)[0]
