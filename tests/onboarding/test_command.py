"""`liaison import KIND FILE [--office] [--event] [--dry-run]`: exit 0, or 2 with nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from liaison.directory.models import Organization, Person
from tests.onboarding.files import ORG_HEADERS, PEOPLE_HEADERS, csv_bytes, org_row, person_row, xlsx


def _run(*args: str) -> tuple[int, str]:
    import io

    out = io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_dry_run_then_import_then_nothing_to_do(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "firms.xlsx"
    path.write_bytes(xlsx(("Organizations", ORG_HEADERS, [org_row(i) for i in range(3)]),
                          ("Contacts", PEOPLE_HEADERS, [person_row(i, i) for i in range(3)])))
    code, out = _run("organizations", str(path), "--dry-run")
    assert code == 0
    assert "organizations: 3 to create, 0 to update, 0 unchanged, 0 errors" in out
    assert "people: 3 to create" in out and "dry run: nothing was written" in out
    assert not Organization.objects.filter(name__startswith="Firm ").exists()
    assert _run("organizations", str(path))[0] == 0
    assert Organization.objects.filter(name__startswith="Firm ").count() == 3
    assert Person.objects.filter(organization__name__startswith="Firm ").count() == 3
    code, out = _run("organizations", str(path))
    assert "0 to create, 0 to update, 3 unchanged" in out


def test_a_file_with_errors_exits_2_and_writes_nothing(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_bytes(csv_bytes(ORG_HEADERS, [org_row(1), org_row(2, Sectors="enrgy")]))
    code, out = _run("organizations", str(path))
    assert code == 2
    assert "row 3, Sectors: Unknown sector code “enrgy”: did you mean “energy”?" in out
    assert "nothing was written" in out
    assert not Organization.objects.filter(name__startswith="Firm ").exists()


def test_people_for_existing_organizations_with_office_given(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(PEOPLE_HEADERS, [person_row(1, 0, Organization="Negev Battery Labs")]))
    assert _run("people", str(path), "--office", "tel-aviv")[0] == 0
    assert world.partner_firm.people.get().email == "contact1@firm0.example.com"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="unknown office 'nowhere'"):
        _run("people", str(path), "--office", "nowhere")


def test_a_file_that_is_not_a_spreadsheet_exits_2(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "firms.xlsx"
    path.write_bytes(b"%PDF-1.4")
    code, out = _run("organizations", str(path))
    assert code == 2 and "PDF document" in out


@pytest.mark.parametrize("kind", ["opportunities"])
def test_opportunities_import_published_and_again_unchanged(world: Any, tmp_path: Path,
                                                            kind: str) -> None:
    headers = ["Organization", "Type", "Title", "Summary", "Language", "Sectors", "Status"]
    rows = [["Negev Battery Labs", "technology_offer", "Battery analytics platform", "For utilities",
             "en", "energy", "published"]]
    path = tmp_path / "opps.csv"
    path.write_bytes(csv_bytes(headers, rows))
    assert _run(kind, str(path))[0] == 0
    opp = world.partner_firm.opportunities.get()
    assert opp.status == "published" and opp.is_public
    assert "0 to create, 0 to update, 1 unchanged" in _run(kind, str(path), "--dry-run")[1]
