"""Every matchmaking page and endpoint against every role."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

ROLES = ["anon", "hq", "officer", "other_officer", "owner", "member", "other_member", "outsider"]


def _expect(row: str) -> dict[str, int]:
    return dict(zip(ROLES, (int(x) for x in row.split()), strict=True))


@pytest.fixture
def objects(world: Any, market: dict[str, Any]) -> dict[str, Any]:
    from liaison.matchmaking.models import Match

    match = Match.objects.filter(owner_organization=world.home_firm).order_by("-score").first()
    return {"R": market["request"], "O": world.home_firm, "M": match}


#                                                  anon hq  off oth own mem om  out
PAGES = [
    ("get", "/matches/", "302 200 200 200 200 200 200 200"),
    ("get", "/matches/opportunity/{R}/", "302 200 200 403 200 200 403 403"),
    ("get", "/matches/organization/{O}/", "302 200 200 403 200 200 403 403"),
    ("get", "/matches/office/", "302 403 200 200 403 403 403 403"),
    ("get", "/matches/search/?q=battery", "302 200 200 200 200 200 200 200"),
    ("post", "/matches/{M}/save/", "302 403 302 404 302 302 404 404"),
    ("post", "/matches/{M}/dismiss/", "302 403 302 404 302 302 404 404"),
    ("post", "/matches/{M}/restore/", "302 403 302 404 302 302 404 404"),
    ("get", "/api/matches/opportunities/{R}", "401 200 200 403 200 200 403 403"),
    ("get", "/api/matches/organizations/{O}", "401 200 200 403 200 200 403 403"),
    ("get", "/api/matches/office", "401 403 200 200 403 403 403 403"),
    ("get", "/api/matches/search?q=battery", "401 200 200 200 200 200 200 200"),
    ("post", "/api/matches/{M}/save", "401 403 200 404 200 200 404 404"),
    ("post", "/api/matches/{M}/dismiss", "401 403 200 404 200 200 404 404"),
]


def test_access(world: Any, objects: dict[str, Any], client_for: Any) -> None:
    # One fixture for the whole matrix keeps it fast; the message names every wrong cell.
    wrong = {}
    for method, url, row in PAGES:
        path = url.format(**{k: v.pk for k, v in objects.items()})
        got = {}
        for role in ROLES:
            with transaction.atomic():
                client = client_for(None if role == "anon" else world.users()[role])
                got[role] = getattr(client, method)(path).status_code
                transaction.set_rollback(True)
        if got != _expect(row):
            wrong[f"{method} {url}"] = got
    assert wrong == {}
