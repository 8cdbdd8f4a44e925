"""#14 "Done when", in Chromium: the Tel Aviv officer imports an XLSX of 200 organizations and
300 contacts with 3 bad rows (the preview shows exactly those three, nothing is written), fixes
them and imports (all written, matches appear); invites one contact, who sets a password and
sees the firm's dashboard; accepts an interest on behalf of a firm without logins, and the
Beijing side sees "accepted by the Tel Aviv office for …"."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from liaison.directory.models import Organization, Person
from liaison.introductions import services
from liaison.introductions.models import Interest
from liaison.matchmaking.models import Match
from liaison.notifications.models import OutboundEmail
from tests.browser.conftest import ARTIFACTS, CHROMIUM, screenshot, sign_in
from tests.factories import make_opportunity
from tests.matchmaking.conftest import market, match_index  # noqa: F401
from tests.onboarding.files import ORG_HEADERS, PEOPLE_HEADERS, org_row, person_row, xlsx

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD_EMAIL = "dana.cohen@firm7.example.com"


def _files(tmp: Path) -> tuple[Path, Path]:
    orgs = [org_row(i, Description=f"Battery management system for grid storage, firm {i}")
            for i in range(200)]
    # Contacts of every firm but one (firm 49, whose row is the duplicate below).
    firms = [k for k in range(200) if k != 49]
    people = [person_row(i, firms[i % len(firms)]) for i in range(300)]
    people[7] = person_row(7, 7, Name="Dana Cohen", **{"E-mail": GOOD_EMAIL})
    assert all(row[0] != "REG-000049" for row in people)
    bad_orgs, bad_people = list(orgs), list(people)
    bad_orgs[9] = org_row(9, Sectors="enrgy")                           # unknown sector
    bad_orgs[49] = org_row(49, **{"Registry number": "REG-000003"})     # duplicate key
    bad_people[19] = person_row(19, 19, **{"E-mail": "not-an-address"})  # bad e-mail
    bad, good = tmp / "firms-bad.xlsx", tmp / "firms.xlsx"
    bad.write_bytes(xlsx(("Organizations", ORG_HEADERS, bad_orgs), ("People", PEOPLE_HEADERS, bad_people)))
    good.write_bytes(xlsx(("Organizations", ORG_HEADERS, orgs), ("People", PEOPLE_HEADERS, people)))
    return bad, good


def _page(browser: Any, language: str = "en") -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def _import(page: Any, base: str, path: Path) -> None:
    page.goto(f"{base}/onboarding/import/")
    page.select_option("#id_kind", "organizations")
    page.set_input_files("#id_file", str(path))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#count-errors")


def _drive(base: str, bad: Path, good: Path, step: Any) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    seen: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        officer = _page(browser)
        sign_in(officer, base, "other_officer")
        _import(officer, base, bad)
        seen["bad_errors"] = officer.inner_text("#count-errors")
        seen["bad_rows"] = officer.locator("#errors tr.error-row").all_inner_texts()
        seen["bad_confirm"] = officer.locator("#confirm").count()
        seen["written_after_bad"] = step("count")
        _import(officer, base, good)
        seen["good"] = (officer.inner_text("#count-create"), officer.inner_text("#count-people-create"),
                        officer.inner_text("#count-errors"))
        officer.click("#confirm button")
        officer.wait_for_selector("#job-result")
        seen["result"] = officer.inner_text("#job-result")
        ARTIFACTS.mkdir(exist_ok=True)
        screenshot(officer, ARTIFACTS / "import-done.png")

        # Invite one contact from the firm's page.
        firm_pk = step("firm of dana")
        officer.goto(f"{base}/organizations/{firm_pk}/")
        officer.click("#invite-link")
        officer.fill("#one #id_email", GOOD_EMAIL)
        officer.click("#one button[type=submit]")
        officer.wait_for_selector("#sent tr.invitation")
        link = step("invitation link")
        dana = _page(browser)
        dana.goto(base + link)
        dana.fill("#id_password", "Galilee-Grid-2031")
        dana.fill("#id_password_again", "Galilee-Grid-2031")
        dana.check("#id_accept_terms")
        dana.click("#accept-form button[type=submit]")
        dana.wait_for_url(f"{base}/dashboard/")
        seen["dana_dashboard"] = dana.inner_text("main")
        officer.goto(f"{base}/onboarding/organizations/{firm_pk}/invitations/")
        seen["invitations"] = officer.inner_text("#sent")

        # The officer answers for a firm without logins, from the dashboard.
        interest_pk = step("interest")
        officer.goto(f"{base}/dashboard/")
        seen["waiting"] = officer.inner_text("#offline-waiting")
        officer.click(f"#offline-waiting a[href='/introductions/{interest_pk}/']")
        seen["acting_note"] = officer.inner_text("#acting-for")
        officer.click("#answer button[value=accept]")
        officer.wait_for_selector("#answered-for")
        beijing = _page(browser)
        sign_in(beijing, base, "member")
        beijing.goto(f"{base}/introductions/{interest_pk}/")
        seen["beijing_status"] = beijing.inner_text("p.meta")
        browser.close()
    return seen


def test_an_office_brings_its_firms_in(world: Any, market: Any, live_server: Any,  # noqa: F811
                                       tmp_path: Path) -> None:
    bad, good = _files(tmp_path)
    imported = Organization.objects.filter(registry_number__startswith="REG-")
    state: dict[str, Any] = {}

    def step(what: str) -> Any:  # called from the browser's thread: reads and writes the DB
        if what == "count":
            return imported.count(), Person.objects.filter(organization__in=imported).count()
        if what == "firm of dana":
            return Person.objects.get(email=GOOD_EMAIL).organization_id
        if what == "invitation link":
            body = OutboundEmail.objects.get(to=GOOD_EMAIL).body
            return re.search(r"(/onboarding/join/\S+/)", body).group(1)  # type: ignore[union-attr]
        if what == "interest":
            offline = imported.get(registry_number="REG-000100")
            offer = make_opportunity(offline, status="published", type="technology_offer",
                                     title="Grid storage controllers for pilots")
            interest = services.express_interest(opportunity=offer, organization=world.home_firm,
                                                 by=world.member, message="我们希望在北京试点。")
            state["interest"] = interest.pk
            return interest.pk
        raise ValueError(what)

    def closing_step(what: str) -> Any:
        try:
            return step(what)
        finally:
            # The browser's thread has a connection of its own: closed after each step, or
            # PostgreSQL refuses to drop the test database at the end of the run.
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(_drive, live_server.url, bad, good, closing_step).result(timeout=600)

    assert seen["bad_errors"] == "3"
    assert [re.split(r"\s+", r.strip())[:2] for r in seen["bad_rows"]] == [
        ["Organizations", "11"], ["Organizations", "51"], ["People", "21"]]
    assert seen["bad_confirm"] == 0 and seen["written_after_bad"] == (0, 0)
    assert seen["good"] == ("200", "300", "0")
    assert "200 created" in seen["result"] and "Contacts: 300 created" in seen["result"]
    assert imported.count() == 200 and imported.filter(vetted_at__isnull=False).count() == 200
    assert Person.objects.filter(organization__in=imported).count() == 300
    # One reindex after the batch: the imported firms are matched to Beijing's request.
    keys = {f"org-{pk}" for pk in imported.values_list("pk", flat=True)}
    assert Match.objects.filter(target_key__in=keys).exists()
    assert "Firm 0007 Ltd" in seen["dana_dashboard"]
    assert "joined" in seen["invitations"]
    assert "1 expression of interest waits on a firm without logins" in seen["waiting"]
    assert "You answer on behalf of Firm 0100 Ltd" in seen["acting_note"]
    assert "accepted by Z-Park Tel Aviv Liaison Office for Firm 0100 Ltd" in " ".join(
        seen["beijing_status"].split())
    assert Interest.objects.get(pk=state["interest"]).answered_for_office is not None
    assert (Path(ARTIFACTS) / "import-done.png").stat().st_size > 10_000
