"""Search across languages (#15 item 6): a Chinese query for 储能 in the marketplace and the
directory finds English and Hebrew energy-storage profiles; each result says which language
it was written in, and shows the English version to a reader who cannot read the original."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from liaison.matchmaking import services


@pytest.fixture
def storage(world: Any, match_index: Any) -> dict[str, Any]:
    from liaison.opportunities.models import OpportunityTranslation
    from tests.factories import make_opportunity, make_organization

    english = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                               title="Containerised energy storage for utilities",
                               description="Grid-scale energy storage containers with battery analytics.")
    hebrew = make_opportunity(world.partner_firm, status="published", type="technology_offer", language="he",
                              title="מערכות אגירת אנרגיה לרשת החשמל",
                              description="פתרונות אגירת אנרגיה למפעלים ולרשת.")
    OpportunityTranslation.objects.create(opportunity=hebrew, language="en",
                                          title="Energy storage systems for the power grid",
                                          summary="Energy storage for factories and the grid.")
    food = make_opportunity(world.partner_firm, status="published", type="business_offer",
                            title="Kosher food distribution", description="Food distribution in Israel")
    he_org = make_organization(world.sc, ecosystem="tel-aviv", name="Ogen Storage", language="he",
                               description="חברה לאגירת אנרגיה בקנה מידה של רשת")
    for opp in (english, hebrew, food):
        services.sync_opportunity(opp.pk)
    for org in (world.partner_firm, he_org):
        services.sync_organization(org.pk)
    return {"english": english, "hebrew": hebrew, "food": food, "he_org": he_org}


def test_a_chinese_query_finds_english_and_hebrew_offers_in_the_marketplace(
        world: Any, storage: dict[str, Any], client_for: Any) -> None:
    page = client_for(world.member).get("/marketplace/", {"q": "储能"}).content.decode()
    assert "Containerised energy storage for utilities" in page
    assert "Energy storage systems for the power grid" in page  # the English version of the Hebrew offer
    assert "Kosher food distribution" not in page
    assert "Written in Hebrew; English version shown." in page


def test_the_directory_finds_a_hebrew_organization_for_a_chinese_query(
        world: Any, storage: dict[str, Any], client_for: Any) -> None:
    page = client_for(world.member).get("/directory/", {"q": "储能"}).content.decode()
    assert "Ogen Storage" in page and "Written in Hebrew." in page


def test_the_language_note_is_in_the_readers_language(world: Any, storage: dict[str, Any]) -> None:
    hebrew = storage["hebrew"]
    with translation.override("zh-hans"):
        note = hebrew.language_note()
        assert note and "Hebrew" not in note and "English" not in note
    with translation.override("he"):
        assert hebrew.language_note() == ""  # a Hebrew reader reads the original
    with translation.override("en"):
        assert storage["english"].language_note() == ""
