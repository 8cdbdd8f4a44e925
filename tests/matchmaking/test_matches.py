"""Matches in the product: the index follows the database, matches are stored with reasons
in words, saved and dismissed, and the hybrid search finds across languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from liaison.matchmaking import selectors, services
from liaison.matchmaking.engine import opportunity_key
from liaison.matchmaking.models import Match
from liaison.matchmaking.reasons import reasons


def test_a_beijing_request_gets_tel_aviv_counterparts_only(world: Any, market: dict[str, Any]) -> None:
    matches = list(selectors.matches_of(opportunity_key(market["request"].pk)))
    targets = [m.target_opportunity or m.target_organization for m in matches]
    assert targets[0] == market["offer"]
    assert market["beijing_offer"] not in targets  # same ecosystem: not across the border
    assert market["unrelated"] not in targets  # a business offer does not answer a technology request
    assert market["other"] in targets  # an organization that can answer it
    for m in matches:
        target = m.target_opportunity.organization if m.target_opportunity else m.target_organization
        assert target.ecosystem.code == "tel-aviv"


def test_reasons_are_words_in_the_users_language(world: Any, market: dict[str, Any]) -> None:
    match = selectors.matches_of(opportunity_key(market["request"].pk)).first()
    assert match is not None and match.target_opportunity == market["offer"]
    offer = market["offer"]
    with translation.override("en"):
        words = reasons(match.explanation, source_type="technology_request",
                        target_type="technology_offer", target=offer)
    assert words[0] == "Their technology offer answers your technology request."
    assert words[1] == ("They offer: Battery management system for grid storage — "
                        f"{offer.summary}")
    assert "Shared sector: Energy & Storage." in words
    assert "Written in English." in words  # the request is in Chinese: said, not held against it
    assert not any("another language" in w for w in words)
    with translation.override("zh-hans"):
        chinese = reasons(match.explanation, source_type="technology_request",
                          target_type="technology_offer", target=offer)
    assert chinese[0] == "对方的技术供给可满足您的技术需求。"
    assert chinese[1].startswith("对方提供：")
    assert "共同行业：能源与储能。" in chinese
    with translation.override("he"):
        hebrew = reasons(match.explanation, source_type="technology_request",
                         target_type="technology_offer", target=offer)
    assert hebrew[0] == "הצעה טכנולוגית שלהם עונה על בקשה טכנולוגית שלכם."
    # the English title and summary are isolated inside the Hebrew sentence (FSI ... PDI):
    # they keep their order, and a cut summary its "…" at its own end
    assert hebrew[1] == ("הם מציעים: \u2068Battery management system for grid storage — "
                         f"{offer.summary}\u2069")
    assert "\u2068" not in words[1] and "\u2068" not in chinese[1]  # only right-to-left
    assert "תחום משותף: אנרגיה ואגירה." in hebrew


def test_cooperation_requests_on_both_sides_read_as_one_aim() -> None:
    with translation.override("en"):
        words = reasons({"signals": {}}, source_type="cooperation_request",
                        target_type="cooperation_request")
    assert words == ["Same aim on both sides: R&D, education or culture cooperation request."]


def test_key_terms_carry_meaning_and_show_pairs_across_languages() -> None:
    from liaison.matchmaking.reasons import key_terms

    explanation = {"shared_terms": ["chip", "r", "2024", "edge", "储能"],
                   "term_pairs": [["储能", "energy storage"]]}
    assert key_terms(explanation) == ["储能 ↔ energy storage", "chip", "edge"]
    with translation.override("en"):
        words = reasons(explanation)
    assert words == ["Key terms in common: 储能 ↔ energy storage, chip, edge."]


def test_a_match_has_one_strength_on_the_page_the_api_and_in_the_digest(
    world: Any, market: dict[str, Any], client_for: Any
) -> None:
    from liaison.matching import calibration
    from liaison.matchmaking.digest import _new_matches
    from liaison.matchmaking.reasons import strength_label

    match = selectors.matches_of(opportunity_key(market["request"].pk)).first()
    assert match is not None
    assert match.strength == match.explanation["strength"] == calibration.strength(match.score)
    with translation.override("en"):
        label = strength_label(match.strength)
        assert label.startswith(("Strong match · ", "Good match · ", "Possible match · "))
        assert label.endswith(f" · {match.strength}")
        assert f"{match.target_label()} — {label}" in _new_matches(world.member, since=None)
    page = client_for(world.member).get(f"/matches/opportunity/{market['request'].pk}/",
                                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert label in page and "score 0." not in page
    rows = client_for(world.member).get(f"/api/matches/opportunities/{market['request'].pk}",
                                        HTTP_ACCEPT_LANGUAGE="en").json()
    first = next(r for r in rows if r["id"] == match.pk)
    assert (first["strength"], first["strength_label"]) == (match.strength, label)
    assert first["strength_word"] == calibration.word(match.strength)


def test_strength_words_follow_the_number_alone() -> None:
    from liaison.matching import calibration
    from liaison.matchmaking.reasons import strength_label

    with translation.override("en"):
        assert strength_label(calibration.STRONG) == f"Strong match · {calibration.STRONG}"
        assert strength_label(calibration.STRONG - 1) == f"Good match · {calibration.STRONG - 1}"
        assert strength_label(calibration.GOOD - 1) == f"Possible match · {calibration.GOOD - 1}"
    with translation.override("zh-hans"):
        assert strength_label(90) == "高度匹配 · 90"
    with translation.override("he"):
        assert strength_label(10) == "התאמה אפשרית · 10"


def test_near_duplicates_of_one_firm_make_one_card_that_says_who_posted_it(
    world: Any, market: dict[str, Any], client_for: Any
) -> None:
    from tests.factories import make_opportunity

    world.partner_firm.size = "s"
    world.partner_firm.save()
    copies = [make_opportunity(world.partner_firm, status="published", type="technology_offer",
                               title=f"Battery management system for grid storage ({n})",
                               description="BMS analytics, battery management for grid storage")
              for n in (2, 3)]
    for opp in copies:
        services.sync_opportunity(opp.pk)
    services.sync_opportunity(market["request"].pk)
    key = opportunity_key(market["request"].pk)
    stored = [m for m in selectors.matches_of(key) if m.target_opportunity
              and m.target_opportunity.organization_id == world.partner_firm.pk]
    assert len(stored) >= 3
    page = client_for(world.member).get(f"/matches/opportunity/{market['request'].pk}/",
                                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    partner_cards = [c for c in page.split('id="match-')[1:] if "Battery management system for grid" in c
                     and "similar from the same organization" in c]
    assert len(partner_cards) == 1
    assert f"and {len(stored) - 1} similar from the same organization" in partner_cards[0]
    assert "Posted by: Firm in Tel Aviv · Energy &amp; Storage · 11–50 employees" in partner_cards[0]
    assert world.partner_firm.name not in partner_cards[0]  # anonymous all the same
    rows = client_for(world.member).get(f"/api/matches/opportunities/{market['request'].pk}").json()
    partner_rows = [r for r in rows if r["poster"].startswith("Firm in Tel Aviv")]
    assert len(partner_rows) == 1 and len(partner_rows[0]["similar"]) == len(stored) - 1


def test_publishing_an_opportunity_refreshes_its_matches_through_the_task(
    world: Any, market: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from liaison.opportunities import services as opportunity_services
    from tests.factories import make_opportunity

    submitted = make_opportunity(world.partner_firm, status="submitted", type="technology_offer",
                                 title="Battery management for storage", description="battery management")
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_services.publish_opportunity(submitted, by=world.other_officer)
    assert opportunity_key(submitted.pk) in services.engine.index()
    assert Match.objects.filter(source_key=opportunity_key(submitted.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_services.close_opportunity(submitted, by=world.other_officer)
    assert opportunity_key(submitted.pk) not in services.engine.index()


def test_dismissed_and_saved_matches_survive_a_refresh(world: Any, market: dict[str, Any]) -> None:
    key = opportunity_key(market["request"].pk)
    first, second = list(selectors.matches_of(key))[:2]
    services.save_match(first, by=world.member)
    services.dismiss_match(second, by=world.owner)
    services.sync_opportunity(market["request"].pk)
    assert [m.pk for m in selectors.matches_of(key, show="saved")] == [first.pk]
    assert [m.pk for m in selectors.matches_of(key, show="dismissed")] == [second.pk]
    assert second.pk not in [m.pk for m in selectors.matches_of(key)]
    with pytest.raises(PermissionDenied):
        services.dismiss_match(first, by=world.other_member)
    with pytest.raises(PermissionDenied):
        services.dismiss_match(first, by=world.other_officer)


def test_officer_sees_the_best_matches_of_the_office_portfolio(world: Any, market: dict[str, Any]) -> None:
    beijing = list(selectors.office_portfolio(world.officer))
    assert beijing and all(m.owner_organization.office_id == world.sc.home.pk for m in beijing)
    assert [m.score for m in beijing] == sorted((m.score for m in beijing), reverse=True)
    tel_aviv = list(selectors.office_portfolio(world.other_officer))
    assert all(m.owner_organization.office_id == world.sc.offices["tel-aviv"].pk for m in tel_aviv)
    assert list(selectors.office_portfolio(world.member)) == []


def test_hybrid_search_finds_public_opportunities_across_languages(world: Any, market: dict[str, Any]) -> None:
    ids = selectors.hybrid_search(world.outsider, "储能 battery management", scope="opportunities")
    assert market["offer"].pk in ids and market["request"].pk in ids
    assert market["unrelated"].pk not in ids[:2]
    orgs = selectors.hybrid_search(world.outsider, "battery storage analytics", scope="organizations")
    assert market["other"].pk in orgs
    assert selectors.hybrid_search(world.outsider, "  ") == []


def test_matches_page_shows_score_reasons_and_express_interest(
    world: Any, market: dict[str, Any], client_for: Any
) -> None:
    page = client_for(world.member).get(f"/matches/opportunity/{market['request'].pk}/",
                                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Battery management system for grid storage" in page
    assert "Why this match" in page and "Their technology offer answers your technology request." in page
    assert f"/introductions/new/{market['offer'].pk}/" in page
    card = next(c for c in page.split('id="match-') if "Battery management system for grid" in c)
    assert "Negev Battery Labs" not in card  # the counterpart opportunity stays anonymous
    home = client_for(world.member).get("/matches/").content.decode()
    assert "Recommended for" in home


def test_reindex_command_rebuilds_index_and_matches_of_bulk_loaded_data(
    world: Any, market: dict[str, Any]
) -> None:
    from django.core.management import call_command

    index = services.engine.index()
    for key in list(index.ids()):
        index.remove(key)
    Match.objects.all().delete()
    call_command("reindex_matches", "--organizations", "members")
    assert opportunity_key(market["offer"].pk) in index
    assert f"org-{market['other'].pk}" not in index  # no members: left out on request
    assert Match.objects.filter(source_key=opportunity_key(market["request"].pk)).exists()
    assert Match.objects.filter(source_key=f"org-{world.home_firm.pk}").exists()


def test_a_summary_that_repeats_the_title_is_not_read_twice(world: Any) -> None:
    from tests.factories import make_opportunity, make_organization

    firm = make_organization(world.sc, ecosystem="tel-aviv", name="Fire Co")
    offer = make_opportunity(firm, status="published", type="technology_offer",
                             title="Technology for licensing in China: a product that can solve the problem "
                                   "of lithium battery fires of bicycles…",
                             summary="Our company has developed a product that can solve the problem of "
                                     "lithium battery fires of bicycles and electric scooters.")
    other = make_opportunity(firm, status="published", type="technology_offer",
                             title="Battery fire early warning",
                             summary="Sensors that detect thermal runaway in storage containers.")
    with translation.override("en"):
        once = reasons({"signals": {}}, target=offer)
        both = reasons({"signals": {}}, target=other)
    assert "They offer: Technology for licensing in China: a product that can solve the problem of lithium " \
           "battery fires of bicycles…" in once
    assert not any("Our company has developed" in w for w in once)
    assert ("They offer: Battery fire early warning — Sensors that detect thermal runaway in storage "
            "containers.") in both
