"""Reasons name the key terms both sides use, each in its own language (#15 item 4):
"储能 ↔ energy storage", in the reader's language around them."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from liaison.matchmaking import selectors, services
from liaison.matchmaking.engine import opportunity_key


@pytest.fixture
def pairs_market(world: Any, match_index: Any) -> dict[str, Any]:
    from tests.factories import make_opportunity

    request = make_opportunity(world.home_firm, status="published", language="zh", type="technology_request",
                               title="寻求储能电站热失控预警技术",
                               description="我们需要用于电网储能电站的钠离子电池热失控预警技术。")
    english = make_opportunity(world.partner_firm, status="published", language="en", type="technology_offer",
                               title="Thermal runaway early warning for energy storage",
                               description="Sensors that detect thermal runaway in grid-scale energy storage.")
    hebrew = make_opportunity(world.partner_firm, status="published", language="he", type="technology_offer",
                              title="התרעה מוקדמת על בריחה תרמית באגירת אנרגיה",
                              description="חיישנים לזיהוי בריחה תרמית במתקני אגירת אנרגיה.")
    for opp in (english, hebrew, request):
        services.sync_opportunity(opp.pk)
    return {"request": request, "english": english, "hebrew": hebrew}


def _reasons(world: Any, request: Any, target: Any, language: str) -> list[str]:
    with translation.override(language):
        matches = selectors.decorate(world.member, selectors.matches_of(opportunity_key(request.pk)))
        (match,) = [m for m in matches if m.target_opportunity == target]
        return list(match.reasons)


@pytest.mark.parametrize(("language", "lead"), [("en", "Key terms in common: "), ("zh-hans", "共同关键词："),
                                                ("he", "מונחי מפתח משותפים: ")])
def test_reasons_show_terms_matched_across_languages_in_both_forms(
        world: Any, pairs_market: dict[str, Any], language: str, lead: str) -> None:
    request = pairs_market["request"]
    english = _reasons(world, request, pairs_market["english"], language)
    terms = [r for r in english if r.startswith(lead)]
    assert terms and "储能 ↔ energy storage" in terms[0] and "热失控 ↔ thermal runaway" in terms[0]
    hebrew = _reasons(world, request, pairs_market["hebrew"], language)
    terms = [r for r in hebrew if r.startswith(lead)]
    assert terms and "储能 ↔ אגירת אנרגיה" in terms[0] and "热失控 ↔ בריחה תרמית" in terms[0]
