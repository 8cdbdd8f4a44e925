"""Who is matched with whom: complementarity, the border, filters, explanations."""

import pytest

from liaison.matching import Filters, MatchIndex

from .support import profile

TEXT = "battery management system for grid energy storage"


@pytest.fixture
def index(words):
    idx = MatchIndex.open(None, embedder=words)
    idx.upsert_many(
        [
            profile(
                "ta-tech-offer",
                type="technology_offer",
                text=TEXT,
                ecosystem="tel-aviv",
                sectors=("cleantech",),
                stage="growth",
                target_ecosystems=("beijing",),
            ),
            profile("ta-tech-request", type="technology_request", text=TEXT, ecosystem="tel-aviv"),
            profile("ta-business-offer", type="business_offer", text=TEXT, ecosystem="tel-aviv"),
            profile("ta-firm", kind="organization", type="firm", text=TEXT, ecosystem="tel-aviv"),
            profile(
                "ta-investor", kind="organization", type="investor", text=TEXT, ecosystem="tel-aviv"
            ),
            profile("ta-invest-offer", type="investment_offer", text=TEXT, ecosystem="tel-aviv"),
            profile("ta-rd", type="rd_cooperation_request", text=TEXT, ecosystem="tel-aviv"),
            profile("bj-tech-offer", type="technology_offer", text=TEXT, ecosystem="beijing"),
            profile(
                "bj-investor", kind="organization", type="investor", text=TEXT, ecosystem="beijing"
            ),
            profile("sh-tech-offer", type="technology_offer", text=TEXT, ecosystem="shanghai"),
            profile("nowhere-tech-offer", type="technology_offer", text=TEXT, ecosystem=None),
        ]
    )
    return idx


def ids(matches):
    return sorted(m.id for m in matches)


def test_technology_request_gets_technology_offers_and_firms_from_other_ecosystems(index):
    request = profile("bj-req", type="technology_request", text=TEXT, ecosystem="beijing")
    assert ids(index.rank(request, k=20)) == ["sh-tech-offer", "ta-firm", "ta-tech-offer"]


def test_counterparts_stay_within_the_target_ecosystems(index):
    request = profile(
        "bj-req",
        type="technology_request",
        text=TEXT,
        ecosystem="beijing",
        target_ecosystems=("tel-aviv",),
    )
    assert ids(index.rank(request, k=20)) == ["ta-firm", "ta-tech-offer"]


def test_technology_offer_gets_technology_requests(index):
    offer = profile("bj-offer", type="technology_offer", text=TEXT, ecosystem="beijing")
    assert ids(index.rank(offer, k=20)) == ["ta-firm", "ta-tech-request"]


def test_investment_request_gets_investors_and_investment_offers_across_the_border(index):
    request = profile("bj-raise", type="investment_request", text=TEXT, ecosystem="beijing")
    assert ids(index.rank(request, k=20)) == ["ta-invest-offer", "ta-investor"]


def test_cooperation_request_gets_cooperation_requests(index):
    request = profile("bj-rd", type="rd_cooperation_request", text=TEXT, ecosystem="beijing")
    assert ids(index.rank(request, k=20)) == ["ta-firm", "ta-rd"]


def test_a_search_query_sees_every_profile_whatever_its_ecosystem(index):
    assert len(index.search(TEXT, k=50)) == 11


def test_a_profile_in_the_index_is_never_its_own_match(index):
    me = index.get("ta-tech-offer")
    assert "ta-tech-offer" not in ids(index.rank(me.with_changes(kind="query"), k=50))


def test_filters_narrow_a_search_by_kind_sector_and_ecosystem(index):
    found = index.search(
        TEXT,
        k=50,
        filters=Filters(
            kinds=frozenset({"opportunity"}),
            ecosystems=frozenset({"tel-aviv"}),
            sectors=frozenset({"cleantech"}),
        ),
    )
    assert ids(found) == ["ta-tech-offer"]
    found = index.search(TEXT, k=50, filters=Filters(exclude_ids=frozenset({"ta-rd"})))
    assert "ta-rd" not in ids(found)


def test_explanation_names_sectors_stage_language_target_market_and_shared_terms(index):
    request = profile(
        "bj-req",
        type="technology_request",
        title="储能 battery management",
        text="grid storage",
        lang="zh",
        ecosystem="beijing",
        sectors=("cleantech",),
        stage="growth",
        target_ecosystems=("tel-aviv",),
    )
    best = index.rank(request, k=1)[0]
    assert best.id == "ta-tech-offer"
    signals = best.explanation["signals"]
    assert signals["sectors"] == ["cleantech"]
    assert signals["stage"] == "match"
    assert signals["language"] == "cross"
    assert signals["target_market"] is True
    assert set(signals) >= {"dense", "lexical"}
    assert set(best.explanation["shared_terms"]) == {"battery", "management", "grid", "storage"}
