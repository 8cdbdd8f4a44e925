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
