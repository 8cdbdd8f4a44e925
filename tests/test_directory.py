"""Directory: search in Chinese, Hebrew and English, facets, vetting, profile editing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from liaison.common.text import normalize, query_terms
from liaison.directory import services
from liaison.directory.selectors import facet_counts, search_directory
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


def test_hebrew_normalization_ignores_niqqud_and_final_letters() -> None:
    assert normalize("שָׁלוֹם") == normalize("שלומ")
    assert normalize("Battery") == "battery"


def test_chinese_queries_are_segmented_into_words() -> None:
    assert query_terms("储能电池") == ["储能", "电池"]


def _names(qs: Any) -> list[str]:
    return sorted(o.name for o in qs)


def test_search_finds_chinese_hebrew_and_english_text(world: Any) -> None:
    make_organization(world.sc, ecosystem="tel-aviv", name="מים נקיים בע״מ", description="טיהור מים ומיחזורם")
    hq = world.hq
    assert _names(search_directory(hq, {"q": "储能"})) == ["京华储能科技有限公司"]
    assert _names(search_directory(hq, {"q": "电池 储能"})) == ["京华储能科技有限公司"]
    assert _names(search_directory(hq, {"q": "מַיִם"})) == ["מים נקיים בע״מ"]
    assert _names(search_directory(hq, {"q": "BATTERY analytics"})) == ["Negev Battery Labs"]
    assert _names(search_directory(hq, {"q": "battery nothing-like-this"})) == []


def test_english_version_of_a_chinese_profile_is_searchable(world: Any) -> None:
    services.update_organization(world.home_firm, by=world.owner, data={
        "name_en": "Jinghua Energy Storage", "description_en": "Grid storage"})
    assert _names(search_directory(world.other_member, {"q": "jinghua"})) == ["京华储能科技有限公司"]


def test_facets_count_the_filtered_organizations(world: Any) -> None:
    make_organization(world.sc, ecosystem="tel-aviv", name="Cyber One", sectors=("cybersecurity",), size="s")
    facets = facet_counts(search_directory(world.hq, {"ecosystem": "tel-aviv"}))
    assert facets["ecosystem"] == {"tel-aviv": 2}
    assert facets["sector"] == {"energy": 1, "cybersecurity": 1}
    assert facets["size"] == {"s": 1}


def test_unvetted_organizations_are_hidden_from_other_firms(world: Any) -> None:
    make_organization(world.sc, ecosystem="beijing", name="New Beijing Co", vetted=False)
    assert "New Beijing Co" not in _names(search_directory(world.other_member, {}))
    assert "New Beijing Co" in _names(search_directory(world.officer, {}))
    assert "New Beijing Co" not in _names(search_directory(world.other_officer, {}))


def test_officer_vets_an_organization_of_their_office(world: Any) -> None:
    org = make_organization(world.sc, ecosystem="beijing", name="New Beijing Co", vetted=False)
    with pytest.raises(PermissionDenied):
        services.vet_organization(org, by=world.other_officer)
    services.vet_organization(org, by=world.officer)
    org.refresh_from_db()
    assert org.vetted_by == world.sc.home
    assert org.vetted_by_user == world.officer
    assert org.vetted_at is not None


def test_directory_page_filters_and_paginates(world: Any, client_for: Any, settings: Any) -> None:
    settings.PAGE_SIZE = 2
    for i in range(3):
        make_organization(world.sc, ecosystem="tel-aviv", name=f"TA Firm {i}")
    client = client_for(world.other_member)
    page = client.get("/directory/?ecosystem=tel-aviv").content.decode()
    assert "4 organizations" in page
    assert "Page 1 of 2" in page
    fragment = client.get("/directory/?ecosystem=tel-aviv&page=2", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "TA Firm 2" in fragment


def test_profile_form_rejects_turnover_without_currency_and_saves_nothing(world: Any, client_for: Any) -> None:
    client = client_for(world.owner)
    response = client.post(f"/organizations/{world.home_firm.pk}/edit/", {
        "kind": "firm", "name": "Renamed", "language": "zh", "turnover": "1000000", "turnover_currency": ""})
    assert response.status_code == 200
    assert "Give the currency of the turnover." in response.content.decode()
    world.home_firm.refresh_from_db()
    assert world.home_firm.name == "京华储能科技有限公司"


def test_user_text_is_escaped(world: Any, client_for: Any) -> None:
    services.update_organization(world.home_firm, by=world.owner, data={
        "description": "<script>alert('x')</script>"})
    page = client_for(world.other_member).get(f"/organizations/{world.home_firm.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
