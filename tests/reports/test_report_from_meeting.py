"""The outcome form reached from a meeting (the events app links its feedback here) is filled
with the meeting's two sides, the host office and the meeting, and refuses meetings the user
may not see or that were not held."""

from __future__ import annotations

from typing import Any

from liaison.reports.models import Outcome
from tests.reports.conftest import make_meeting


def test_meeting_prefills_parties_host_office_and_event(world: Any, activity: Any, client_for: Any) -> None:
    url = f"/reports/outcomes/new/?meeting={activity.meeting.pk}"
    page = client_for(world.owner).get(url).content.decode()
    assert "From the meeting" in page
    assert f'href="/events/{activity.event.pk}/"' in page and "Tel Aviv energy days" in page
    assert "<bdi>京华储能科技有限公司</bdi> · <bdi>Negev Battery Labs</bdi>" in page
    assert "Z-Park Tel Aviv Liaison Office" in page
    assert f'name="meeting" value="{activity.meeting.pk}"' in page
    response = client_for(world.owner).post(url, {
        "meeting": activity.meeting.pk, "kind": "mou", "title": "MoU after the energy days",
        "date": "2025-05-01", "stage": "signed"})
    assert response.status_code == 302
    outcome = Outcome.objects.get(title="MoU after the energy days")
    assert (outcome.meeting, outcome.office, outcome.confirmed_at) == (
        activity.meeting, world.sc.offices["tel-aviv"], None)


def test_meetings_the_user_may_not_see_or_not_held_are_refused(world: Any, activity: Any,
                                                               client_for: Any) -> None:
    from tests.factories import make_organization

    a = make_organization(world.sc, ecosystem="tel-aviv", name="Ramat Gan Optics")
    b = make_organization(world.sc, ecosystem="tel-aviv", name="Herzliya Drones")
    theirs = make_meeting(activity.event, a, b, outcome="held")
    owner = client_for(world.owner)
    assert owner.get(f"/reports/outcomes/new/?meeting={theirs.pk}").status_code == 404
    assert owner.get(f"/reports/outcomes/new/?meeting={activity.no_show.pk}").status_code == 404
    assert client_for(world.other_member).get(
        f"/reports/outcomes/new/?meeting={activity.no_show.pk}").status_code == 403
    assert owner.get("/reports/outcomes/new/?meeting=-1").status_code == 404
