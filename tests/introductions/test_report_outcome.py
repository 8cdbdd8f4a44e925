"""From an accepted introduction, its parties report what came of it: the introduction page
links to the outcome form, which is filled with the parties, the brokering office and the
introduction; the brokering office's officer then confirms it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from liaison.introductions import services
from liaison.reports.kpis import Filters, build_report
from liaison.reports.models import Outcome

LINK = "Report an outcome"


def _accepted(express: Any, partner_owner: Any) -> Any:
    interest = express()
    return services.accept_interest(interest, by=partner_owner)


def test_the_parties_of_an_accepted_introduction_see_the_link_others_do_not(
        world: Any, partner_owner: Any, express: Any, client_for: Any) -> None:
    interest = express()
    url = f"/introductions/{interest.pk}/"
    href = f"/reports/outcomes/new/?interest={interest.pk}"
    # Not yet accepted: nothing to report.
    assert LINK not in client_for(world.member).get(url).content.decode()
    services.accept_interest(interest, by=partner_owner)
    for party in (world.member, world.owner, partner_owner, world.other_member):
        page = client_for(party).get(url).content.decode()
        assert LINK in page and href in page, party
    # Headquarters and the office of the interested firm see the introduction, not the link
    # (the brokering office, Tel Aviv, records outcomes itself: it sees it).
    for other in (world.hq, world.officer):
        response = client_for(other).get(url)
        assert response.status_code == 200 and LINK not in response.content.decode(), other
    assert LINK in client_for(world.other_officer).get(url).content.decode()
    assert client_for(world.outsider).get(url).status_code == 404


def test_following_the_link_fills_parties_office_and_introduction_then_an_officer_confirms(
        world: Any, partner_owner: Any, express: Any, client_for: Any) -> None:
    interest = _accepted(express, partner_owner)
    form_url = f"/reports/outcomes/new/?interest={interest.pk}"
    page = client_for(world.member).get(form_url).content.decode()
    assert "From the introduction" in page
    assert f'href="/introductions/{interest.pk}/"' in page
    assert "Battery management analytics for grid storage" in page
    assert "<bdi>京华储能科技有限公司</bdi> · <bdi>Negev Battery Labs</bdi>" in page
    assert "Z-Park Tel Aviv Liaison Office" in page
    assert f'name="interest" value="{interest.pk}"' in page

    today = timezone.localdate()
    response = client_for(world.member).post(form_url, {
        "interest": interest.pk, "kind": "pilot", "title": "Storage pilot in Haifa",
        "date": today.isoformat(), "stage": "signed", "value": "250000", "currency": "USD"})
    assert response.status_code == 302
    outcome = Outcome.objects.get(title="Storage pilot in Haifa")
    assert (outcome.interest, outcome.initiator, outcome.counterpart, outcome.office) == (
        interest, world.home_firm, world.partner_firm, world.sc.offices["tel-aviv"])
    assert outcome.confirmed_at is None
    period = Filters(start=dt.date(today.year, 1, 1), end=dt.date(today.year, 12, 31))
    assert build_report(period).total["outcomes"] == 0

    detail = client_for(world.other_officer).get(f"/reports/outcomes/{outcome.pk}/").content.decode()
    assert f"/reports/outcomes/{outcome.pk}/confirm/" in detail
    assert client_for(world.officer).post(f"/reports/outcomes/{outcome.pk}/confirm/").status_code == 403
    assert client_for(world.member).post(f"/reports/outcomes/{outcome.pk}/confirm/").status_code == 403
    assert client_for(world.other_officer).post(f"/reports/outcomes/{outcome.pk}/confirm/").status_code == 302
    outcome.refresh_from_db()
    assert outcome.confirmed_by == world.other_officer
    assert build_report(period).total["outcomes"] == 1


def test_the_form_refuses_introductions_the_user_may_not_see(
        world: Any, partner_owner: Any, express: Any, client_for: Any) -> None:
    from tests.factories import make_opportunity, make_organization
    from tests.reports.conftest import make_interest

    interest = _accepted(express, partner_owner)
    tokyo = make_organization(world.sc, ecosystem="tokyo", name="Tokyo Grid")
    elsewhere = make_interest(make_opportunity(tokyo, status="published", title="Tokyo storage"),
                              world.partner_firm)
    member = client_for(world.member)
    assert member.get(f"/reports/outcomes/new/?interest={elsewhere.pk}").status_code == 404
    assert member.post(f"/reports/outcomes/new/?interest={elsewhere.pk}", {
        "kind": "mou", "title": "x", "date": "2025-01-01"}).status_code == 404
    assert member.get("/reports/outcomes/new/?interest=x").status_code == 404
    assert member.get("/reports/outcomes/new/").status_code == 404
    assert client_for(world.outsider).get(f"/reports/outcomes/new/?interest={interest.pk}").status_code == 404
    assert client_for(world.hq).get(f"/reports/outcomes/new/?interest={interest.pk}").status_code == 403
    assert not Outcome.objects.exists()
