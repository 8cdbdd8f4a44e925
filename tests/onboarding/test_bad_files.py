"""Files as offices really send them: Chinese Excel's GBK CSV, Big5, formulas, the wrong type,
empty, too large, duplicate keys, unknown codes, dates written several ways."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.common.errors import ValidationError
from liaison.directory.models import Organization
from liaison.onboarding import importers, spreadsheet
from liaison.onboarding.models import ImportJob
from tests.factories import make_organization
from tests.onboarding.files import ORG_HEADERS, csv_bytes, org_row, xlsx

ZH_HEADERS = ["名称", "统一社会信用代码", "网站", "类型", "语言", "生态系统", "联络处", "行业", "简介"]
ZH_ROWS = [["京华储能科技有限公司", "91110108MA01AAAA1X", "jinghua.example.cn", "企业", "中文",
            "beijing", "beijing", "energy", "电网级储能系统"],
           ["北京智造机器人有限公司", "91110108MA01BBBB2Y", "zhizao.example.cn", "firm", "zh",
            "beijing", "beijing", "energy", "工业机器人"]]


def _plan(content: bytes, name: str, kind: str = "organizations", by: Any = None) -> Any:
    return importers.plan(kind, spreadsheet.read(content, name), by=by)


def test_a_gbk_csv_from_chinese_excel_is_read_and_says_so(world: Any) -> None:
    content = csv_bytes(ZH_HEADERS, ZH_ROWS, encoding="gbk")
    workbook = spreadsheet.read(content, "企业名单.csv")
    assert workbook.encoding == "GBK/GB18030"
    plan = importers.plan("organizations", workbook, by=world.officer)
    assert plan.ok, plan.errors
    assert [p.label for p in plan.creates] == ["京华储能科技有限公司", "北京智造机器人有限公司"]
    assert plan.creates[0].values["kind"] == "firm" and plan.creates[0].values["language"] == "zh"


def test_a_big5_csv_is_read(world: Any) -> None:
    headers = ["名稱", "統一編號", "網站", "類型", "語言", "行業", "簡介"]
    rows = [["臺北電池科技股份有限公司", "12345678", "tpe-battery.example.tw", "firm", "zh", "energy",
             "電池管理系統與儲能"]]
    workbook = spreadsheet.read(csv_bytes(headers, rows, encoding="big5"), "firms.csv")
    assert workbook.encoding == "Big5"
    plan = importers.plan("organizations", workbook, by=world.officer)
    assert plan.ok, plan.errors
    assert plan.creates[0].label == "臺北電池科技股份有限公司"
    assert plan.creates[0].values["description"] == "電池管理系統與儲能"


def test_hebrew_headers_and_a_windows_1255_csv(world: Any) -> None:
    headers = ["שם", "מספר חברה", "אתר", "משרד", "תחומים"]
    rows = [["מעבדות סוללות הנגב", "512345678", "negev-labs.example.co.il", "tel-aviv", "energy"]]
    workbook = spreadsheet.read(csv_bytes(headers, rows, encoding="cp1255"), "firms.csv")
    plan = importers.plan("organizations", workbook, by=world.other_officer)
    assert plan.ok, plan.errors
    assert plan.creates[0].values["registry_number"] == "512345678"


def test_formulas_are_refused_with_their_row_and_column(world: Any) -> None:
    rows = [org_row(1), org_row(2, Description='=HYPERLINK("http://evil.example","x")')]
    plan = _plan(xlsx(("Organizations", ORG_HEADERS, rows)), "firms.xlsx", by=world.other_officer)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "Description")]
    assert "formula" in plan.errors[0].message
    csv_plan = _plan(csv_bytes(ORG_HEADERS, rows), "firms.csv", by=world.other_officer)
    assert [(e.row, e.column) for e in csv_plan.errors] == [(3, "Description")]


@pytest.mark.parametrize(("content", "name", "words"), [
    (b"", "firms.csv", "empty"),
    (b"\n\n  \n", "firms.csv", "empty"),
    (b"%PDF-1.7 ...", "firms.pdf", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "firms.xls", "old Excel"),
    (b"PK\x03\x04 not really a zip", "firms.xlsx", "not an Excel workbook"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "firms.csv", "not a spreadsheet"),
    (b"this is not excel", "firms.xlsx", "not an Excel workbook"),
])
def test_files_that_are_not_spreadsheets_are_named(content: bytes, name: str, words: str) -> None:
    with pytest.raises(ValidationError) as error:
        spreadsheet.read(content, name)
    assert words in error.value.message_dict["file"][0]


def test_a_50_mb_file_is_refused_before_it_is_read(world: Any, client_for: Any) -> None:
    big = SimpleUploadedFile("firms.csv", b"Name\n" + b"x" * (50 * 1024 * 1024))
    response = client_for(world.other_officer).post(
        "/onboarding/import/", {"kind": "organizations", "file": big})
    assert response.status_code == 200
    assert "The file is larger than 20 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_header_without_rows_and_a_missing_required_column(world: Any, client_for: Any) -> None:
    client = client_for(world.other_officer)
    response = client.post("/onboarding/import/", {
        "kind": "organizations", "file": SimpleUploadedFile("f.csv", b"Name,Website\n")})
    assert "The file has a header row but no data." in response.content.decode()
    plan = _plan(csv_bytes(["Website", "Sectors"], [["a.example", "energy"]]), "f.csv",
                 by=world.other_officer)
    assert [(e.row, e.column, e.message) for e in plan.errors] == [(1, "Name", "This column is missing.")]


def test_duplicate_keys_inside_the_file_by_registry_website_and_name(world: Any) -> None:
    rows = [org_row(1), org_row(2, Website="FIRM1.example.com/about", **{"Registry number": ""}),
            org_row(3, **{"Registry number": "reg 000001"}),
            org_row(4, **{"Registry number": "", "Website": ""}),
            org_row(5, Name="Firm 0004 Ltd", **{"Registry number": "", "Website": ""})]
    plan = _plan(xlsx(("Organizations", ORG_HEADERS, rows)), "f.xlsx", by=world.other_officer)
    assert [(e.row, e.column) for e in plan.errors] == [
        (3, "Website"), (4, "Registry number"), (6, "Name")]
    assert all("same organization as row" in e.message for e in plan.errors)


def test_unknown_codes_suggest_the_nearest(world: Any) -> None:
    rows = [org_row(1, Sectors="energy; robotcs"), org_row(2, Office="tel-avi"),
            org_row(3, Ecosystem="beijng"), org_row(4, Kind="frim")]
    plan = _plan(xlsx(("Organizations", ORG_HEADERS, rows)), "f.xlsx", by=None)
    messages = {(e.row, e.column): e.message for e in plan.errors}
    assert "did you mean “robotics”" in messages[(2, "Sectors")]
    assert "did you mean “tel-aviv”" in messages[(3, "Office")]
    assert "did you mean “beijing”" in messages[(4, "Ecosystem")]
    assert "Did you mean “firm”" in messages[(5, "Kind")]


def test_errors_are_in_the_uploaders_language(world: Any, client_for: Any) -> None:
    world.other_officer.preferred_language = "zh-hans"
    world.other_officer.save()
    client = client_for(world.other_officer)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    rows = [org_row(1, Founded="sometime")]
    client.post("/onboarding/import/", {
        "kind": "organizations", "file": SimpleUploadedFile("f.xlsx", xlsx(("O", ORG_HEADERS, rows)))})
    job = ImportJob.objects.get()
    assert job.language == "zh-hans"
    error = job.preview["errors"][0]
    assert (error["row"], error["column"]) == (2, "Founded")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error["message"]


def test_dates_in_several_formats_are_read_alike(world: Any) -> None:
    firm = make_organization(world.sc, ecosystem="tel-aviv", name="Dated Firm")
    expected = dt.date(2030, 6, 30)
    headers = ["Organization", "Type", "Title", "Summary", "Language", "Sectors", "Expires on"]
    written = ["2030-06-30", "2030/6/30", "30.06.2030", "30/06/2030", "2030年6月30日", "30 Jun 2030",
               dt.datetime(2030, 6, 30)]
    rows = [["Dated Firm", "technology_offer", f"Offer number {i}", "Summary", "en", "energy", when]
            for i, when in enumerate(written)]
    plan = _plan(xlsx(("Opportunities", headers, rows)), "o.xlsx", kind="opportunities",
                 by=world.other_officer)
    assert plan.ok, plan.errors
    assert {p.values["expires_on"] for p in plan.creates} == {expected}
    assert {p.ref for p in plan.creates} == {firm}
    bad = _plan(xlsx(("Opportunities", headers, [[*rows[0][:6], "next summer"]])), "o.xlsx",
                kind="opportunities", by=world.other_officer)
    assert [(e.row, e.column) for e in bad.errors] == [(2, "Expires on")]
    assert "Not a date" in bad.errors[0].message


def test_an_officer_imports_only_for_their_office(world: Any) -> None:
    plan = _plan(xlsx(("O", ORG_HEADERS, [org_row(1, Office="beijing", Ecosystem="beijing",
                                                      Vetted="no")])),
                 "f.xlsx", by=world.other_officer)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "Office")]
    existing = make_organization(world.sc, ecosystem="beijing", name="Beijing Firm",
                                 registry_number="BJ-1")
    plan = _plan(xlsx(("O", ORG_HEADERS, [org_row(1, **{"Registry number": "BJ-1"})])), "f.xlsx",
                 by=world.other_officer)
    assert "belongs to another office" in plan.errors[0].message
    assert Organization.objects.get(pk=existing.pk).name == "Beijing Firm"


def test_contacts_of_a_bad_organization_row_are_not_reported_twice(world: Any) -> None:
    from tests.onboarding.files import PEOPLE_HEADERS, person_row

    orgs = [org_row(1), org_row(2, Sectors="enrgy")]
    people = [person_row(1, 1), person_row(2, 2), person_row(3, 3)]
    plan = _plan(xlsx(("O", ORG_HEADERS, orgs), ("People", PEOPLE_HEADERS, people)), "f.xlsx",
                 by=world.other_officer)
    assert [(e.sheet, e.row, e.column) for e in plan.all_errors()] == [
        ("O", 3, "Sectors"), ("People", 4, "Organization")]  # REG-000003 is nowhere
