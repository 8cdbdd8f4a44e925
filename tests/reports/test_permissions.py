"""Every reports page and endpoint against every role (HQ, officer of the Beijing home office,
officer of the Tel Aviv office, owner and member of the Beijing firm, member of the Tel Aviv
firm, a signed-in outsider, anonymous). The outcomes were brokered by Tel Aviv."""

from __future__ import annotations

from typing import Any

import pytest

ROLES = ["anon", "hq", "officer", "other_officer", "owner", "member", "other_member", "outsider"]


def _expect(row: str) -> dict[str, int]:
    return dict(zip(ROLES, (int(x) for x in row.split()), strict=True))


def _user(world: Any, role: str) -> Any:
    return None if role == "anon" else world.users()[role]


def _ids(activity: Any) -> dict[str, int]:
    return {"C": activity.confidential.pk, "U": activity.unconfirmed.pk, "I": activity.interest.pk, "M": activity.meeting.pk,
            "N": activity.no_show.pk, "P": activity.pending.pk}


#                                                                 anon hq  off oth own mem om  out
PAGES = [
    ("get", "/reports/", "302 200 302 302 403 403 403 403"),
    ("get", "/reports/tel-aviv/", "302 200 403 200 403 403 403 403"),
    ("get", "/reports/beijing/", "302 200 200 403 403 403 403 403"),
    ("get", "/reports/nowhere/", "302 404 404 404 404 404 404 404"),
    ("get", "/reports/export.csv", "302 200 403 403 403 403 403 403"),
    ("get", "/reports/export.xlsx?office=tel-aviv", "302 200 403 200 403 403 403 403"),
    ("get", "/reports/tel-aviv/monthly.pdf", "302 200 403 200 403 403 403 403"),
    ("get", "/reports/outcomes/", "302 200 200 200 200 200 200 200"),
    ("get", "/reports/outcomes/{C}/", "302 200 200 200 200 200 200 404"),
    ("post", "/reports/outcomes/{C}/confirm/", "302 403 403 403 403 403 403 404"),
    ("get", "/reports/outcomes/{C}/edit/", "302 403 403 200 403 403 403 404"),
    ("get", "/reports/outcomes/{U}/edit/", "302 403 403 200 200 200 200 404"),
    ("get", "/reports/outcomes/new/?interest={I}", "302 403 403 200 200 200 200 404"),
    ("get", "/reports/outcomes/new/?interest={P}", "302 403 404 403 404 404 403 404"),
    # Who may see a meeting is the events rule (HQ, the host office, the two parties and, since
    # #17, the offices of the two firms): the Beijing officer is the home firm's office, so it
    # sees this Tel Aviv-hosted meeting but may not report its outcome.
    ("get", "/reports/outcomes/new/?meeting={M}", "302 403 403 200 200 200 200 404"),
    ("get", "/reports/outcomes/new/?meeting={N}", "302 403 404 403 404 404 403 404"),
    ("get", "/reports/rates/", "302 200 403 403 403 403 403 403"),
    ("get", "/reports/charts/flows/", "302 200 403 403 403 403 403 403"),
    ("get", "/reports/charts/funnel/?office=tel-aviv", "302 200 403 200 403 403 403 403"),
    ("get", "/reports/charts/activity/?office=beijing", "302 200 200 403 403 403 403 403"),
]


# One test per page runs every role against the same world (a world per role would be slow).
@pytest.mark.parametrize(("method", "url", "row"), PAGES, ids=[f"{m} {u}" for m, u, _r in PAGES])
def test_page_access(world: Any, activity: Any, client_for: Any, method: str, url: str,
                     row: str) -> None:
    path = url.format(**_ids(activity))
    got = {}
    for role in ROLES:
        client = client_for(_user(world, role))
        response = client.get(path) if method == "get" else client.post(path)
        got[role] = response.status_code
        if role == "anon":
            assert response["Location"].startswith("/login/")
    assert got == _expect(row)


#                                                             anon hq  off oth own mem om  out
ENDPOINTS = [
    ("get", "/api/reports/kpis", None, "401 200 403 403 403 403 403 403"),
    ("get", "/api/reports/kpis?office=tel-aviv", None, "401 200 403 200 403 403 403 403"),
    ("get", "/api/reports/outcomes", None, "401 200 200 200 200 200 200 200"),
    ("get", "/api/reports/outcomes/{C}", None, "401 200 200 200 200 200 200 404"),
    ("post", "/api/reports/outcomes/{C}/confirm", {}, "401 403 403 403 403 403 403 404"),
    ("post", "/api/reports/outcomes", {"interest": "{I}", "kind": "mou", "title": "MoU",
                                       "date": "2025-05-01"}, "401 403 403 201 201 201 201 404"),
    ("get", "/api/reports/rates", None, "401 200 200 200 403 403 403 403"),
]


@pytest.mark.parametrize(("method", "url", "body", "row"), ENDPOINTS,
                         ids=[f"{m} {u}" for m, u, _b, _r in ENDPOINTS])
def test_endpoint_access(world: Any, activity: Any, client_for: Any, method: str,
                         url: str, body: Any, row: str) -> None:
    ids = _ids(activity)
    path = url.format(**ids)
    got = {}
    for role in ROLES:
        client = client_for(_user(world, role))
        if method == "get":
            response = client.get(path)
        else:
            payload = {k: (int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v)
                       for k, v in (body or {}).items()}
            response = client.post(path, payload, content_type="application/json")
        got[role] = response.status_code
    assert got == _expect(row)


def test_officer_of_the_brokering_office_confirms_a_reported_outcome(
        world: Any, activity: Any, client_for: Any) -> None:
    client = client_for(world.owner)
    response = client.post("/api/reports/outcomes", {
        "interest": activity.interest.pk, "kind": "licensing", "title": "Licence", "date": "2025-05-01",
        "stage": "signed", "value": "1200.50", "currency": "EUR"}, content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert created["confirmed"] is False and created["value"] == "1200.50"
    assert client_for(world.other_member).post(
        f"/api/reports/outcomes/{created['id']}/confirm").status_code == 403
    confirmed = client_for(world.other_officer).post(f"/api/reports/outcomes/{created['id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed"] is True


def test_a_party_makes_the_value_public_before_confirmation(world: Any, activity: Any, client_for: Any) -> None:
    outcome = activity.unconfirmed
    response = client_for(world.member).post(f"/reports/outcomes/{outcome.pk}/edit/", {
        "kind": "licensing", "title": "Licence", "date": "2025-05-01", "stage": "signed",
        "value": "1200.50", "currency": "EUR", "value_public": "on"})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.value_public is True and str(outcome.value) == "1200.50"
    assert "1200.50 EUR" in client_for(world.officer).get(f"/reports/outcomes/{outcome.pk}/").content.decode()
