"""Operational exports: what the user may see on the pages, in their language, formula-safe."""

from __future__ import annotations

from typing import Any

from liaison.directory.models import Person
from liaison.onboarding import spreadsheet
from liaison.onboarding.models import ExportJob
from tests.factories import make_opportunity, make_organization


def _table(response: Any, name: str = "x.xlsx") -> tuple[list[str], list[list[Any]]]:
    assert response.status_code == 200, response.status_code
    sheet = spreadsheet.read(response.content, name).sheets[0]
    return sheet.headers, sheet.rows


def test_the_directory_export_follows_the_filters_and_visibility(world: Any, client_for: Any) -> None:
    make_organization(world.sc, ecosystem="tel-aviv", name="=HYPERLINK(\"http://x\")", vetted=True)
    make_organization(world.sc, ecosystem="tel-aviv", name="Unvetted TLV", vetted=False)
    headers, rows = _table(client_for(world.officer).get(
        "/onboarding/exports/directory.xlsx?ecosystem=tel-aviv"))
    names = [r[0] for r in rows]
    assert headers[:3] == ["Name", "English name", "Kind"]
    assert "Negev Battery Labs" in names and "京华储能科技有限公司" not in names  # the filter
    assert "Unvetted TLV" not in names  # another office's unvetted firm: not visible
    assert "'=HYPERLINK(\"http://x\")" in names  # formula-safe
    # The Tel Aviv officer sees their office's unvetted firm; headers in their language.
    client = client_for(world.other_officer)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    headers, rows = _table(client.get("/onboarding/exports/directory.csv?ecosystem=tel-aviv"), "x.csv")
    assert headers[0] == "名称" and "Unvetted TLV" in [r[0] for r in rows]


def test_contacts_are_exported_by_the_firms_officers_and_hq_only(world: Any, client_for: Any) -> None:
    Person.objects.create(organization=world.home_firm, name="陈静", email="chen@jinghua.example")
    url = f"/onboarding/exports/contacts.xlsx?organization={world.home_firm.pk}"
    got = {role: client_for(u).get(url).status_code for role, u in world.users().items()}
    assert got == {"hq": 200, "officer": 200, "other_officer": 403, "owner": 403, "member": 403,
                   "other_member": 403, "outsider": 403}
    _headers, rows = _table(client_for(world.officer).get(url))
    assert rows == [["京华储能科技有限公司", "陈静", None, "chen@jinghua.example", None, None]]
    assert client_for(world.officer).get(
        "/onboarding/exports/contacts.xlsx?organization=99999999999999999999").status_code == 404


def test_the_opportunities_export_never_names_an_anonymous_owner(world: Any, client_for: Any) -> None:
    make_opportunity(world.partner_firm, status="published", title="Battery analytics offer")
    make_opportunity(world.partner_firm, status="draft", title="A draft nobody else sees")
    _headers, rows = _table(client_for(world.member).get("/onboarding/exports/opportunities.xlsx"))
    assert [(r[0], r[3]) for r in rows] == [("Battery analytics offer", "(not disclosed)")]
    _headers, rows = _table(client_for(world.other_officer).get("/onboarding/exports/opportunities.xlsx"))
    assert {(r[0], r[3]) for r in rows} == {("Battery analytics offer", "Negev Battery Labs"),
                                            ("A draft nobody else sees", "Negev Battery Labs")}


def test_the_introductions_export_shows_status_and_who_answered_for_the_firm(
        world: Any, client_for: Any) -> None:
    from liaison.introductions import services

    offline = make_organization(world.sc, ecosystem="tel-aviv", name="Galilee Grid Systems")
    offer = make_opportunity(offline, status="published", title="Grid controller pilots")
    interest = services.express_interest(opportunity=offer, organization=world.home_firm,
                                         by=world.member, message="Hello")
    _h, rows = _table(client_for(world.member).get("/onboarding/exports/introductions.xlsx"))
    assert rows[0][:4] == ["Grid controller pilots", "京华储能科技有限公司", "(not disclosed)",
                           "waiting for an answer"]
    services.accept_interest(interest, by=world.other_officer)
    _h, rows = _table(client_for(world.member).get("/onboarding/exports/introductions.xlsx"))
    assert rows[0][2:4] == ["Galilee Grid Systems", "accepted"]
    assert rows[0][6] == "by Z-Park Tel Aviv Liaison Office for Galilee Grid Systems"
    _h, rows = _table(client_for(world.outsider).get("/onboarding/exports/introductions.xlsx"))
    assert rows == []


def test_a_large_export_is_made_in_the_background_with_progress(
        world: Any, client_for: Any, settings: Any) -> None:
    from liaison.onboarding.tasks import export_task

    settings.LIAISON_EXPORT_INLINE_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for(world.hq)
    response = client.get("/onboarding/exports/directory.xlsx")
    job = ExportJob.objects.get()
    assert response["Location"] == f"/onboarding/exports/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="export-progress"' in page
    assert client_for(world.officer).get(response["Location"]).status_code == 404
    export_task.call(job.pk)
    _headers, rows = _table(client.get(response["Location"] + "?download=1"))
    assert {"Negev Battery Labs", "京华储能科技有限公司"} <= {r[0] for r in rows}


def test_unknown_exports_and_formats_are_not_found(world: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    assert client.get("/onboarding/exports/passwords.xlsx").status_code == 404
    assert client.get("/onboarding/exports/directory.pdf").status_code == 404
    assert client_for(None).get("/onboarding/exports/directory.xlsx").status_code == 302
