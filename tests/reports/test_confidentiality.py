"""Deal values: HQ, the brokering office and the parties see them; others only public ones."""

from __future__ import annotations

from typing import Any

import pytest

SEES_CONFIDENTIAL = {"hq": True, "officer": False, "other_officer": True, "owner": True,
                     "member": True, "other_member": True}


@pytest.mark.parametrize(("role", "sees"), SEES_CONFIDENTIAL.items())
def test_confidential_value_only_for_hq_brokering_office_and_parties(
        world: Any, activity: Any, client_for: Any, role: str, sees: bool) -> None:
    client = client_for(world.users()[role])
    page = client.get(f"/reports/outcomes/{activity.confidential.pk}/").content.decode()
    api = client.get(f"/api/reports/outcomes/{activity.confidential.pk}").json()
    assert ("100000.00 USD" in page) is sees
    assert api["value"] == ("100000.00" if sees else None)
    assert api["value_visible"] is sees


def test_public_value_is_shown_to_everybody_who_sees_the_outcome(
        world: Any, activity: Any, client_for: Any) -> None:
    # The Beijing officer is responsible for one party but did not broker the deal.
    client = client_for(world.officer)
    page = client.get(f"/reports/outcomes/{activity.public.pk}/").content.decode()
    assert "50000.00 ILS" in page
    assert client.get(f"/api/reports/outcomes/{activity.public.pk}").json()["value"] == "50000.00"


def test_outsider_neither_lists_nor_sees_outcomes(world: Any, activity: Any, client_for: Any) -> None:
    client = client_for(world.outsider)
    assert client.get("/api/reports/outcomes").json() == []
    assert "Grid pilot" not in client.get("/reports/outcomes/").content.decode()


def test_home_office_cannot_read_another_office_report(world: Any, activity: Any, client_for: Any) -> None:
    assert client_for(world.officer).get("/api/reports/kpis?office=tel-aviv").status_code == 403
