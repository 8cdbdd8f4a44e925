"""Key terms matched across languages ("储能 ↔ energy storage") for the reasons."""

from liaison.matching import MatchIndex, glossary

from .support import WordHashEmbedder, profile


def test_a_concept_named_in_two_languages_is_a_pair_and_one_in_the_same_language_is_not() -> None:
    zh = "寻求钠离子电池热失控预警技术，用于电网储能电站"
    en = "Early warning of thermal runaway in sodium-ion batteries for grid-scale energy storage"
    he = "התרעה מוקדמת על בריחה תרמית בסוללות נתרן-יון לאגירת אנרגיה"
    assert glossary.pairs(zh, en) == [("储能", "energy storage"), ("电池", "battery"), ("热失控", "thermal runaway")]
    assert ("储能", "אגירת אנרגיה") in glossary.pairs(zh, he)
    assert ("energy storage", "储能") in glossary.pairs(en, zh)
    assert glossary.pairs(en, "Battery storage for energy storage parks") == []  # same language
    assert glossary.pairs("AI chips", "said the chairman") == []  # whole words only


def test_the_most_specific_pair_hides_the_general_one() -> None:
    found = glossary.pairs("电池管理系统", "A battery management system (BMS) for batteries")
    assert found == [("电池管理", "battery management")]


def test_ranked_matches_carry_the_pairs_in_their_explanation() -> None:
    index = MatchIndex.open(None, embedder=WordHashEmbedder())
    index.upsert(profile("offer", type="technology_offer", lang="en", ecosystem="tel-aviv",
                         text="Thermal runaway early warning for grid-scale energy storage"))
    request = profile("request", type="technology_request", lang="zh", ecosystem="beijing",
                      text="寻求储能电站热失控预警技术")
    (match,) = index.rank(request, k=1)
    assert match.explanation["term_pairs"] == [["储能", "energy storage"], ["热失控", "thermal runaway"]]
