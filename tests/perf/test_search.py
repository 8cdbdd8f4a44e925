"""The lexical search (common.search) finds what the substring search found before it was
indexed, in English, Chinese and Hebrew, and its top results for a few queries are pinned."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.common.search import patterns, text_search
from liaison.common.text import search_document
from liaison.opportunities.models import Opportunity
from tests.factories import make_opportunity, make_organization

pytestmark = pytest.mark.django_db


def test_a_document_carries_its_chinese_character_pairs() -> None:
    assert search_document("电网级储能系统", "Energy STORAGE") == (
        " 电网级储能系统 energy storage 电网 网级 级储 储能 能系 系统 统 ")


def test_query_terms_become_patterns_an_index_answers() -> None:
    # Chinese words of two characters are a pair of the document, of one the start of a pair;
    # short Latin terms the start of a word; longer terms anywhere.
    assert patterns("储能") == [" 储能 "]
    assert patterns("电池储能系统") == [" 电池 ", " 储能 ", " 系统 "]
    assert patterns("AI storage") == [" ai", "storage"]


@pytest.fixture
def corpus(world: Any) -> dict[str, Any]:
    bj = make_organization(world.sc, ecosystem="beijing", name="北京储能", language="zh")
    ta = make_organization(world.sc, ecosystem="tel-aviv", name="Tel Aviv Energy", language="he")
    en = make_organization(world.sc, ecosystem="tel-aviv", name="Haifa Grid")
    rows = {
        "grid": make_opportunity(en, status="published", title="Grid energy storage integrator",
                                 description="Utility-scale battery energy storage for solar parks."),
        "ai": make_opportunity(en, status="published", title="AI for maintenance scheduling",
                               description="Predictive maintenance of wind turbines."),
        "maintain": make_opportunity(en, status="published", title="Maintenance contractor",
                                     description="We maintain substations."),
        "zh": make_opportunity(bj, status="published", language="zh", title="寻求电网级储能系统合作伙伴",
                               description="我们的储能电池管理系统适用于光伏电站。"),
        "zh2": make_opportunity(bj, status="published", language="zh", title="光伏组件出口",
                                description="高效光伏组件，寻找以色列分销商。"),
        "he": make_opportunity(ta, status="published", language="he", title="מחפשים שותף לאגירת האנרגיה",
                               description="מערכות אגירה לרשת החשמל ולאנרגיה סולארית."),
        "he2": make_opportunity(ta, status="published", language="he", title="סייבר לתשתיות קריטיות",
                                description="הגנת סייבר לרשתות חשמל."),
        "draft": make_opportunity(en, status="draft", title="Energy storage draft"),
    }
    return rows


def found(query: str) -> list[str]:
    return sorted(o.title for o in text_search(Opportunity.objects.public(), query))


@pytest.mark.parametrize(("query", "keys"), [
    ("energy storage", ["grid"]),
    ("ENERGY", ["grid"]),
    ("储能", ["zh"]),  # a word inside an unsegmented phrase
    ("储能系统", ["zh"]),
    ("电池管理", ["zh"]),
    ("光伏", ["zh", "zh2"]),
    ("光", ["zh", "zh2"]),  # one character
    ("以色列", ["zh2"]),
    ("אנרגיה", ["he"]),  # with a prefix letter in the text: האנרגיה, ולאנרגיה
    ("סייבר", ["he2"]),
    ("אגירה", ["he"]),
    ("ai", ["ai"]),  # the start of a word, not "maintain"
    ("maint", ["ai", "maintain"]),
    ("nothing-like-this", []),
])
def test_the_search_finds_every_language(corpus: dict[str, Any], query: str, keys: list[str]) -> None:
    assert found(query) == sorted(corpus[k].title for k in keys)


@pytest.mark.parametrize(("query", "top"), [
    ("energy storage", "Grid energy storage integrator"),
    ("储能", "寻求电网级储能系统合作伙伴"),
    ("光伏组件", "光伏组件出口"),
    ("אגירת אנרגיה", "מחפשים שותף לאגירת האנרגיה"),
    ("סייבר", "סייבר לתשתיות קריטיות"),
])
def test_top_results_of_the_marketplace_are_pinned(corpus: dict[str, Any], client: Any,
                                                   query: str, top: str) -> None:
    items = client.get("/api/opportunities", {"q": query}).json()["items"]
    assert items and items[0]["title"] == top
    page = client.get("/marketplace/", {"q": query}).content.decode()
    assert top in page


def test_a_new_or_changed_opportunity_is_found_at_once(world: Any) -> None:
    from liaison.opportunities.services import refresh_search_document

    org = make_organization(world.sc, ecosystem="tel-aviv", name="Water Co")
    opp = make_opportunity(org, status="published", title="Desalination membranes",
                           summary="Membranes for plants")
    assert found("desalination") == ["Desalination membranes"]
    opp.title, opp.summary = "Irrigation sensors", "Sensors for farms"
    opp.save()
    refresh_search_document(opp)
    assert found("desalination") == []
    assert found("irrigation") == ["Irrigation sensors"]
    opp.delete()
    assert found("irrigation") == []
