"""Importing organizations and their contacts: preview, all-or-nothing, idempotent, by page."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.directory.models import Organization, Person
from liaison.onboarding.models import ImportJob
from tests.onboarding.files import ORG_HEADERS, PEOPLE_HEADERS, org_row, person_row, xlsx


def _upload(client: Any, content: bytes, name: str = "firms.xlsx", kind: str = "organizations",
            **extra: Any) -> Any:
    return client.post("/onboarding/import/", {"kind": kind, "file": SimpleUploadedFile(name, content),
                                               **extra})


def test_preview_then_confirm_writes_organizations_and_contacts_once(world: Any, client_for: Any,
                                                                     tlv_officer: Any) -> None:
    content = xlsx(("Organizations", ORG_HEADERS, [org_row(i) for i in range(5)]),
                   ("People", PEOPLE_HEADERS, [person_row(i, i % 5) for i in range(8)]))
    client = client_for(tlv_officer)
    response = _upload(client, content)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "ready"
    assert (job.preview["create"], job.preview["update"], job.preview["error_count"]) == (5, 0, 0)
    assert job.preview["people"]["create"] == 8
    assert not Organization.objects.filter(name__startswith="Firm ").exists()  # preview only
    page = client.get(f"/onboarding/import/{job.pk}/").content.decode()
    assert 'id="count-create">5<' in page and "Import now" in page
    client.post(f"/onboarding/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done", job.message
    firms = Organization.objects.filter(name__startswith="Firm ")
    assert firms.count() == 5
    firm = firms.get(registry_number="REG-000001")
    assert firm.office.code == "tel-aviv" and firm.is_vetted and firm.vetted_by_user == tlv_officer
    assert [s.code for s in firm.sectors.all()] == ["energy"]
    assert Person.objects.filter(organization__in=firms).count() == 8
    assert sorted(firm.people.values_list("name", flat=True)) == ["Contact 1", "Contact 6"]
    # The same file again changes nothing.
    _upload(client, content)
    again = ImportJob.objects.latest("pk")
    assert (again.preview["create"], again.preview["update"], again.preview["unchanged"]) == (0, 0, 5)
    assert (again.preview["people"]["create"], again.preview["people"]["update"]) == (0, 0)


def test_a_file_with_three_bad_rows_writes_nothing_and_names_each(world: Any, client_for: Any,
                                                                  tlv_officer: Any) -> None:
    rows = [org_row(i) for i in range(10)]
    rows[2] = org_row(2, Sectors="enrgy")                 # unknown sector: nearest suggested
    rows[5] = org_row(5, Founded="sometime")              # not a year
    rows[7] = org_row(7, **{"Registry number": "REG-000001"})  # duplicate key of row 3
    client = client_for(tlv_officer)
    _upload(client, xlsx(("Organizations", ORG_HEADERS, rows)))
    job = ImportJob.objects.get()
    assert job.status == "invalid"
    errors = [(e["row"], e["column"]) for e in job.preview["errors"]]
    assert errors == [(4, "Sectors"), (7, "Founded"), (9, "Registry number")]
    messages = [e["message"] for e in job.preview["errors"]]
    assert "did you mean “energy”" in messages[0]
    assert "same organization as row 3" in messages[2]
    page = client.get(f"/onboarding/import/{job.pk}/").content.decode()
    assert page.count('class="error-row"') == 3 and "Import now" not in page
    assert client.post(f"/onboarding/import/{job.pk}/confirm/").status_code == 302
    assert not Organization.objects.filter(name__startswith="Firm ").exists()


def test_a_large_file_is_read_and_written_by_the_worker_with_progress(
        world: Any, client_for: Any, tlv_officer: Any, settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    from liaison.onboarding.tasks import import_task, preview_task

    settings.LIAISON_IMPORT_INLINE_ROWS = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for(tlv_officer)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, xlsx(("Organizations", ORG_HEADERS, [org_row(i) for i in range(12)])))
    job = ImportJob.objects.get()
    assert job.status == "previewing"  # queued for the worker, the page polls
    page = client.get(f"/onboarding/import/{job.pk}/").content.decode()
    assert '<progress id="job-progress"' in page and 'hx-trigger="every 1s"' in page
    preview_task.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.preview["create"], job.done, job.total) == ("ready", 12, 12, 12)
    client.post(f"/onboarding/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "importing"
    assert not Organization.objects.filter(name__startswith="Firm ").exists()
    import_task.call(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.result["created"] == 12
    assert Organization.objects.filter(name__startswith="Firm ").count() == 12
    fragment = client.get(f"/onboarding/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in fragment and "12 created" in fragment


def test_only_officers_and_hq_import_and_only_the_uploader_confirms(
        world: Any, client_for: Any, tlv_officer: Any) -> None:
    for role in ("owner", "member", "other_member", "outsider"):
        assert client_for(getattr(world, role)).get("/onboarding/import/").status_code == 403
        assert client_for(getattr(world, role)).get(
            "/onboarding/templates/organizations.xlsx").status_code == 403
    assert client_for(None).get("/onboarding/import/").status_code == 302
    _upload(client_for(tlv_officer), xlsx(("O", ORG_HEADERS, [org_row(1)])))
    job = ImportJob.objects.get()
    assert client_for(world.officer).get(f"/onboarding/import/{job.pk}/").status_code == 404
    assert client_for(world.hq).get(f"/onboarding/import/{job.pk}/").status_code == 200
    assert client_for(world.hq).post(f"/onboarding/import/{job.pk}/confirm/").status_code == 403
    assert client_for(world.officer).post(f"/onboarding/import/{job.pk}/confirm/").status_code == 404
    assert not Organization.objects.filter(name__startswith="Firm ").exists()


def test_templates_come_in_the_users_language_and_read_back(world: Any, client_for: Any,
                                                            tlv_officer: Any) -> None:
    from liaison.onboarding import importers, spreadsheet

    client = client_for(tlv_officer)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    response = client.get("/onboarding/templates/organizations.xlsx")
    assert response.status_code == 200
    book = spreadsheet.read(response.content, "t.xlsx")
    assert book.sheets[0].headers[:3] == ["名称", "英文名称", "统一社会信用代码"]
    assert book.sheets[1].title == "联系人"
    client.post("/i18n/setlang/", {"language": "he", "next": "/"})
    csv = client.get("/onboarding/templates/people.csv")
    assert csv.content.startswith("\ufeff".encode()) and "ארגון" in csv.content.decode("utf-8-sig")
    # The example rows of the template import cleanly (the organization first).
    plan = importers.plan("organizations", book, by=world.officer)
    assert plan.ok, plan.all_errors()


def test_a_changed_row_is_an_update_naming_its_key_and_changed_columns(
        world: Any, client_for: Any, tlv_officer: Any) -> None:
    client = client_for(tlv_officer)
    _upload(client, xlsx(("Organizations", ORG_HEADERS, [org_row(1), org_row(2)])))
    client.post(f"/onboarding/import/{ImportJob.objects.get().pk}/confirm/")
    changed = [org_row(1, Description="Now also hydrogen", Sectors="energy; sustainability"),
               org_row(2, **{"Registry number": "", "Website": "https://www.FIRM2.example.com/en"},
                       Founded=1999)]
    _upload(client, xlsx(("Organizations", ORG_HEADERS, changed)))
    job = ImportJob.objects.latest("pk")
    updates = {u["label"]: (u["matched_by"], u["changed"]) for u in job.preview["updates"]}
    assert updates == {"Firm 0001 Ltd": ("registry", ["Description", "Sectors"]),
                       "Firm 0002 Ltd": ("domain", ["Founded", "Website"])}
    page = client.get(f"/onboarding/import/{job.pk}/").content.decode()
    assert "website domain" in page and "registry number" in page
    client.post(f"/onboarding/import/{job.pk}/confirm/")
    firm = Organization.objects.get(registry_number="REG-000001")
    assert firm.description == "Now also hydrogen"
    assert sorted(s.code for s in firm.sectors.all()) == ["energy", "sustainability"]
    assert Organization.objects.get(registry_number="REG-000002").founded_year == 1999


def test_hq_imports_for_the_office_it_chooses_and_never_vets(world: Any, client_for: Any) -> None:
    client = client_for(world.hq)
    rows = [org_row(1, Office="", Ecosystem="", Vetted="no"), org_row(2, Office="", Ecosystem="")]
    _upload(client, xlsx(("O", ORG_HEADERS, rows)), office=world.sc.offices["tel-aviv"].pk)
    job = ImportJob.objects.get()
    assert job.office == world.sc.offices["tel-aviv"]
    assert [(e["row"], e["column"]) for e in job.preview["errors"]] == [(3, "Vetted")]
    _upload(client, xlsx(("O", ORG_HEADERS, [rows[0]])))  # no office chosen, none in the file
    job = ImportJob.objects.latest("pk")
    assert [(e["row"], e["column"]) for e in job.preview["errors"]] == [(2, "Office")]
    _upload(client, xlsx(("O", ORG_HEADERS, [rows[0]])), office=world.sc.offices["tel-aviv"].pk)
    job = ImportJob.objects.latest("pk")
    client.post(f"/onboarding/import/{job.pk}/confirm/")
    firm = Organization.objects.get(registry_number="REG-000001")
    assert (firm.office.code, firm.ecosystem.code, firm.is_vetted) == ("tel-aviv", "tel-aviv", False)


def test_one_reindex_after_the_batch_not_one_task_per_row(
        world: Any, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    from django_tasks import default_task_backend

    from liaison.onboarding import importers, spreadsheet

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.results.clear()  # type: ignore[attr-defined]
    book = spreadsheet.read(xlsx(("O", ORG_HEADERS, [org_row(i) for i in range(25)])), "f.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        importers.apply(importers.plan("organizations", book, by=world.other_officer))
    names = [r.task.name for r in default_task_backend.results]  # type: ignore[attr-defined]
    assert names == ["reindex_task"]
    with django_capture_on_commit_callbacks(execute=True):  # the same file again: nothing to do
        importers.apply(importers.plan("organizations", book, by=world.other_officer))
    assert len(default_task_backend.results) == 1  # type: ignore[attr-defined]


def test_the_uploaded_file_is_not_kept_after_the_import(world: Any, client_for: Any,
                                                        tlv_officer: Any) -> None:
    client = client_for(tlv_officer)
    _upload(client, xlsx(("O", ORG_HEADERS, [org_row(1)])))
    job = ImportJob.objects.get()
    assert bytes(job.content)  # kept while it waits to be confirmed
    client.post(f"/onboarding/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done" and bytes(job.content) == b""
    _upload(client, xlsx(("O", ORG_HEADERS, [org_row(2, Sectors="x")])))
    assert bytes(ImportJob.objects.latest("pk").content) == b""
