import pytest

from liaison.matching import Kind, Profile


def test_profile_from_dict_normalizes_kind_type_and_stage_and_detects_language():
    p = Profile.from_dict(
        {
            "id": 7,
            "kind": "Opportunity",
            "type": "Technology Offer",
            "title": "מערכת ניהול סוללות",
            "text": "",
            "sectors": ["cleantech", "cleantech"],
            "ecosystem": "tel-aviv",
            "stage": "Growth",
            "source_url": "kept aside",
        }
    )
    assert p.id == "7"
    assert p.kind == Kind.OPPORTUNITY
    assert p.type == "technology_offer"
    assert p.stage == "growth"
    assert p.lang == "he"
    assert p.sectors == ("cleantech",)
    assert p.target_ecosystems == ()
    assert p.extra == {"source_url": "kept aside"}


def test_profile_round_trips_through_its_dict():
    p = Profile(id="a", kind="organization", type="investor", title="T", text="x", lang="en")
    assert Profile.from_dict(p.to_dict()) == p


def test_profile_needs_an_id():
    with pytest.raises(ValueError):
        Profile(id="", text="x")
