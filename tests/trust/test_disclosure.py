"""#13 item 11: anonymity through free text. The firm's own name (any language version),
e-mail addresses, phone numbers and web addresses in an anonymous opportunity's text are
found and shown highlighted to the firm on submission and to the officer before approving;
what an officer writes that the other side reads is labelled so before saving."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.opportunities.disclosure import findings, name_variants, scan
from tests.factories import make_opportunity, make_user

pytestmark = pytest.mark.django_db

NAMES = ["京华储能科技有限公司", "Jinghua Energy Storage Technology Co., Ltd."]


@pytest.mark.parametrize(("text", "expected"), [
    ("京华储能计划在华北建设储能电站", [("name", "京华储能")]),
    ("We at JINGHUA ENERGY STORAGE build BMS", [("name", "JINGHUA ENERGY STORAGE")]),
    ("Write to chen@jinghua.cn today", [("email", "chen@jinghua.cn")]),
    ("致电 +86 10 6275 1234 或 13812345678。", [("phone", "+86 10 6275 1234"), ("phone", "13812345678")]),
    ("See https://jinghua.example/bms or www.jh-storage.com.", [("web", "https://jinghua.example/bms"),
                                                               ("web", "www.jh-storage.com")]),
    ("Sold 100,000 units in 2020-2024 at 99.5% uptime", []),
    ("Certified ISO 9001 2015, 300 500 kWh", []),
    ("Grid-scale storage, 300 MWh, 5 pilots", []),
])
def test_the_scan_finds_names_and_contacts_and_leaves_plain_facts(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(kind, text[s:e]) for kind, s, e in scan(text, NAMES)] == expected


def test_name_variants_keep_the_core_of_a_name_without_its_legal_suffix() -> None:
    variants = name_variants(NAMES + ["Grid Technology Ltd"])
    assert "京华储能" in variants and "Jinghua Energy Storage" in variants
    assert "Grid" not in variants  # too common to name a firm


@pytest.fixture
def leaky(world: Any) -> Any:
    opp = make_opportunity(world.home_firm, status="draft", title="寻求储能电池管理技术合作",
                           summary="京华储能寻求电池管理系统技术。",
                           description="联系 chen@jinghua.cn，电话 +86 10 6275 1234，网站 www.jinghua-storage.cn")
    return opp


def test_the_firm_sees_the_spans_highlighted_when_it_submits(world: Any, leaky: Any, client_for: Any) -> None:
    client = client_for(world.owner)
    response = client.post(f"/opportunities/{leaky.pk}/submit/", follow=True)
    body = response.content.decode()
    assert "Your text may tell who you are" in body
    assert '<mark class="disclosure" data-kind="name"' in body and ">京华储能</mark>" in body
    assert ">chen@jinghua.cn</mark>" in body and ">+86 10 6275 1234</mark>" in body
    assert ">www.jinghua-storage.cn</mark>" in body
    assert any("may tell who you are" in str(m) for m in response.context["messages"])


def test_the_officer_sees_the_same_warning_in_the_queue_and_on_the_opportunity(
        world: Any, leaky: Any, client_for: Any) -> None:
    from liaison.opportunities import services

    services.submit_opportunity(leaky, by=world.owner)
    client = client_for(world.officer)
    for url in ("/validation/", f"/opportunities/{leaky.pk}/"):
        body = client.get(url).content.decode()
        assert "Before you approve: this text may tell who posted it" in body, url
        assert ">京华储能</mark>" in body and ">chen@jinghua.cn</mark>" in body, url


def test_the_public_never_sees_the_warning(world: Any, leaky: Any, client_for: Any) -> None:
    from liaison.opportunities import services

    services.submit_opportunity(leaky, by=world.owner)
    services.publish_opportunity(leaky, by=world.officer)
    for who in (None, world.other_member):
        body = client_for(who).get(f"/opportunities/{leaky.pk}/").content.decode()
        assert "disclosure" not in body


def test_a_clean_text_gets_no_warning(world: Any, client_for: Any) -> None:
    opp = make_opportunity(world.home_firm, status="draft", title="Grid storage controllers",
                           summary="Battery management for grid-scale storage.")
    assert findings(opp) == []
    body = client_for(world.owner).post(f"/opportunities/{opp.pk}/submit/", follow=True).content.decode()
    assert "may tell who you are" not in body


def test_a_name_in_the_english_version_is_found_too(world: Any) -> None:
    from liaison.directory.models import OrganizationTranslation
    from liaison.opportunities.models import OpportunityTranslation

    OrganizationTranslation.objects.create(organization=world.home_firm, language="en",
                                           name="Jinghua Energy Storage Technology Co., Ltd.")
    opp = make_opportunity(world.home_firm, status="draft", title="寻求储能电池管理技术合作")
    OpportunityTranslation.objects.create(opportunity=opp, language="en", title="BMS partners",
                                          summary="Jinghua Energy Storage seeks BMS partners.")
    assert [(f.field, f.kind, f.text) for f in findings(opp)] == [
        ("summary_en", "name", "Jinghua Energy Storage")]


def test_the_officer_is_told_who_reads_a_note_and_a_refusal_before_saving(world: Any, client_for: Any) -> None:
    from liaison.introductions import services
    from liaison.introductions.models import OfficePolicy

    OfficePolicy.objects.create(office=world.sc.home, vet_interests=True)  # the Beijing office vets
    partner_owner = make_user("partner_owner")
    world.partner_firm.memberships.create(user=partner_owner, role="owner")
    offer = make_opportunity(world.home_firm, status="published", title="Grid storage controllers")
    interest = services.express_interest(opportunity=offer, organization=world.partner_firm,
                                         by=partner_owner, message="Interested.")
    body = client_for(world.officer).get(f"/introductions/{interest.pk}/").content.decode()
    # The note goes to the officer's own firm; a refusal to the interested organization.
    assert f"Visible to {world.home_firm.display_name}: its members read this note" in body
    assert "Visible to the other side: if you decline," in body


def test_the_demo_flagship_opportunity_does_not_name_its_firm(db: Any) -> None:
    from liaison.demo.scenario import create_demo_users, ensure_base
    from liaison.opportunities.models import Opportunity

    create_demo_users(ensure_base())
    flagship = Opportunity.objects.get(title="寻求电网级储能电池管理技术合作")
    assert findings(flagship) == []


def test_the_api_answers_a_submission_with_the_same_findings_and_hides_them_from_others(
        world: Any, leaky: Any, client_for: Any) -> None:
    submitted = client_for(world.owner).post(f"/api/opportunities/{leaky.pk}/submit")
    assert submitted.status_code == 200, submitted.content
    found = {(d["field"], d["kind"], d["text"]) for d in submitted.json()["disclosure"]}
    assert found == {("summary", "name", "京华储能"), ("description", "email", "chen@jinghua.cn"),
                     ("description", "phone", "+86 10 6275 1234"),
                     ("description", "web", "www.jinghua-storage.cn")}
    officer = client_for(world.officer).get(f"/api/opportunities/{leaky.pk}").json()
    assert len(officer["disclosure"]) == 4
    from liaison.opportunities import services

    leaky.refresh_from_db()
    services.publish_opportunity(leaky, by=world.officer)
    assert client_for(None).get(f"/api/opportunities/{leaky.pk}").json()["disclosure"] == []
