"""The demo scenario and the synthetic seed."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from liaison.directory.models import Ecosystem, Office, Organization
from liaison.opportunities.models import Opportunity


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_seeds_the_zpark_scenario_with_the_real_tech_map(client: Any) -> None:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out, stderr=StringIO())
    assert Office.objects.filter(is_home=False).count() == 11
    tel_aviv = Ecosystem.objects.get(code="tel-aviv")
    assert Organization.objects.filter(ecosystem=tel_aviv, source__startswith="Israeli Tech Map").count() == 7950
    assert Organization.objects.filter(ecosystem__code="beijing", is_demo_data=True, language="zh").count() >= 600
    languages = set(Opportunity.objects.values_list("language", flat=True))
    types = set(Opportunity.objects.values_list("type", flat=True))
    assert languages == {"en", "zh", "he"}
    assert len(types) == 7
    assert 1500 <= Opportunity.objects.count() <= 1800  # 1,500 and the offers answering Beijing needs
    printed = out.getvalue()
    for login in ("hq", "officer-telaviv", "officer-beijing", "owner-beijing", "owner-telaviv"):
        assert login in printed
    assert client.login(username="owner-beijing", password="liaison-demo")
    # The demo's firms without logins can complete introductions: their office answers.
    from liaison.accounts.models import User
    from liaison.directory.actfor import may_act_for

    officers = {u.office_id: u for u in User.objects.filter(office__isnull=False, is_active=True)}
    public = Opportunity.objects.public().select_related("organization")
    unanswerable = [o.pk for o in public if not o.organization.memberships.exists()
                    and not may_act_for(officers.get(o.organization.office_id), o.organization)]
    assert public.count() > 1000 and unanswerable == []
    # the flagship Beijing request reads in English for a reader who reads no Chinese
    from django.utils import translation

    flagship = Opportunity.objects.get(title="寻求电网级储能电池管理技术合作")
    with translation.override("en"):
        assert flagship.display_title.startswith("Seeking cooperation on battery management")
        assert "thermal runaway" in flagship.display_summary
    with translation.override("zh-hans"):
        assert flagship.display_title == "寻求电网级储能电池管理技术合作"
    assert "thermal runaway" in flagship.search_document.lower()  # found by an English search
    # a second run changes nothing
    call_command("demo", "--no-serve", stdout=StringIO(), stderr=StringIO())
    assert Organization.objects.filter(ecosystem=tel_aviv).count() == 7950 + 0


@pytest.mark.django_db
def test_seed_adds_the_requested_numbers(world: Any) -> None:
    before = Organization.objects.count()
    out = StringIO()
    call_command("seed", "--organizations", "30", "--opportunities", "120", stdout=out, stderr=StringIO())
    assert Organization.objects.count() == before + 30
    assert Opportunity.objects.count() == 120
    assert "Seeded 30 organizations and 120 opportunities" in out.getvalue()
    published = Opportunity.objects.filter(status="published").first()
    assert published is not None and published.sectors.exists() and published.history.count() == 3


@pytest.mark.django_db
def test_demo_opportunities_are_about_what_their_organization_does(world: Any) -> None:
    import random

    from liaison.demo.scenario import generate_opportunities
    from tests.factories import make_organization

    firm = make_organization(world.sc, ecosystem="tel-aviv", name="CartiHeal", sectors=("health",),
                             description="CartiHeal develops an FDA-approved medical device for "
                                         "addressing joint surface lesions in the knee.",
                             source="Israeli Tech Map #1")
    beijing = make_organization(world.sc, ecosystem="beijing", name="京华储能", language="zh",
                                sectors=("energy",), description="电网级储能")
    generate_opportunities(world.sc, 60, organization_ids=[firm.pk, beijing.pk], rng=random.Random(3))
    from liaison.demo import content

    for opp in Opportunity.objects.select_related("organization").prefetch_related("sectors"):
        code = "health" if opp.organization == firm else "energy"
        assert [s.code for s in opp.sectors.all()] == [code]  # the organization's own sector
        if opp.organization == firm:
            assert "CartiHeal" not in opp.title + opp.summary + opp.description  # anonymous
            if opp.language == "en":
                assert "medical device for addressing joint surface lesions in the knee" in opp.description
        else:
            # What an energy firm would look for (or, when it offers, its own field), in the
            # post's language, with the English version beside a Chinese one.
            i = {"en": 0, "zh": 1}[opp.language]
            words = [n[i] for n in content.BEIJING_NEEDS["energy"]] + [content.SUBJECTS["energy"][0][i]]
            assert any(w.lower() in opp.title.lower() for w in words), opp.title
            if opp.language == "zh":
                english = opp.translations.get(language="en")
                assert any(n[0].lower() in english.title.lower() for n in content.BEIJING_NEEDS["energy"]) \
                    or "grid-scale energy storage" in english.title.lower(), english.title
    firm_types = set(Opportunity.objects.filter(organization=firm).values_list("type", flat=True))
    assert firm_types <= {"technology_offer", "business_offer", "investment_request", "cooperation_request"}
    assert Opportunity.objects.filter(organization=firm, language="en",
                                      title__startswith="Technology for licensing in China: ").exists()


def test_demo_beijing_firms_do_not_post_the_same_card(world: Any) -> None:
    """A marketplace search for 储能 used to show three identical cards from three firms: each
    Beijing firm now posts its own need, use and figures."""
    import random

    from liaison.demo.scenario import generate_opportunities
    from tests.factories import make_organization

    firms = [make_organization(world.sc, ecosystem="beijing", name=f"京华储能{i}", language="zh",
                               sectors=("energy",), description="专注于电网级储能") for i in range(6)]
    generate_opportunities(world.sc, 30, organization_ids=[f.pk for f in firms], rng=random.Random(5))
    cards = list(Opportunity.objects.filter(organization__in=firms).values_list("organization", "title", "summary"))
    assert len(cards) == 30
    texts = [(title, summary) for _org, title, summary in cards]
    assert len(set(texts)) == len(texts), "two posts read the same"
    assert len({title for title, _summary in texts}) > 20
    # A firm looks for technology and partners; investments are posted by investors.
    assert not Opportunity.objects.filter(organization__in=firms, type="investment_offer").exists()
    # No placeholder is left in them.
    for _org, title, summary in cards:
        assert "{" not in title + summary


def test_demo_beijing_needs_each_name_the_uses_they_fit() -> None:
    from liaison.demo import content

    for sector, needs in content.BEIJING_NEEDS.items():
        fits = content.BEIJING_FITS[sector]
        assert len(fits) == len(needs), sector
        for uses in fits:
            assert uses and all(0 <= i < len(content.BEIJING_USES[sector]) for i in uses), sector


def test_demo_generic_posts_of_real_firms_are_about_what_they_do(world: Any) -> None:
    """A Tel Aviv firm's post that is not built on its description (Hebrew ones) speaks of the
    subject its description names, else of its sector: no tyre maker offering battery
    management."""
    import random

    from liaison.demo.scenario import generate_opportunities
    from tests.factories import make_organization

    tyres = make_organization(world.sc, ecosystem="tel-aviv", name="Tyres Ltd", sectors=("automotive",),
                              description="Offering a wide range of high-quality tires.",
                              source="Israeli Tech Map #2")
    bms = make_organization(world.sc, ecosystem="tel-aviv", name="Cell Co", sectors=("automotive",),
                            description="Battery management software for electric vehicles and fleets.",
                            source="Israeli Tech Map #3")
    generate_opportunities(world.sc, 80, organization_ids=[tyres.pk, bms.pk], rng=random.Random(11))
    hebrew = Opportunity.objects.filter(language="he")
    assert hebrew.filter(organization=tyres).exists() and hebrew.filter(organization=bms).exists()
    for opp in hebrew:
        english = opp.translations.get(language="en").title.lower()
        if opp.organization == tyres:
            assert "ניהול סוללות" not in opp.title and "battery" not in english, opp.title
        else:
            assert "ניהול סוללות לרכב חשמלי" in opp.title + opp.summary, opp.title
    cards = list(hebrew.values_list("title", "summary"))
    assert len(set(cards)) == len(cards)  # each with its own figures


def test_demo_tel_aviv_firms_that_answer_the_beijing_needs_post_offers(world: Any) -> None:
    """The firms whose real descriptions answer a Beijing need (here: battery thermal runaway
    for energy storage, a need of the energy sector found among sustainability firms) post an
    offer, so that the Beijing request's first matches do what it asks for."""
    import random

    from liaison.demo.scenario import counterparts_for_needs, generate_opportunities
    from tests.factories import make_organization

    fire = make_organization(world.sc, ecosystem="tel-aviv", name="Green Fire", sectors=("sustainability",),
                             description="Early warning of thermal runaway in lithium battery storage "
                                         "containers, before a fire starts.",
                             source="Israeli Tech Map #4")
    avocado = make_organization(world.sc, ecosystem="tel-aviv", name="Avo", sectors=("sustainability",),
                                description="An innovative technique for cultivating avocados in hot climates.",
                                source="Israeli Tech Map #5")
    for i in range(30):  # other firms, so that the words' rarity means something
        make_organization(world.sc, ecosystem="tel-aviv", name=f"Other {i}", sectors=("sustainability",),
                          description=f"An innovative platform number {i} for the recycling of plastics.",
                          source=f"Israeli Tech Map #{10 + i}")
    picked = counterparts_for_needs(world.sc)
    assert fire.pk in picked and avocado.pk not in picked
    generate_opportunities(world.sc, len(picked), organization_ids=picked, rng=random.Random(2),
                           offer_of_each="technology_offer")
    offer = Opportunity.objects.get(organization=fire)
    assert offer.status == "published" and offer.language == "en" and offer.type == "technology_offer"
    assert "thermal runaway in lithium battery storage" in offer.description
    assert "Green Fire" not in offer.title + offer.summary + offer.description


def test_every_demo_template_takes_the_figures_a_post_draws() -> None:
    """The templates and the figures drawn for a post (also used by bench/match_freshness.py)
    agree: no placeholder without a value."""
    import random
    import string

    from liaison.demo import content
    from liaison.demo.scenario import post_figures

    figures = set(post_figures(random.Random(0)))
    texts = [t for langs in content.TEMPLATES.values() for triple in langs.values() for t in triple]
    texts += [t for variants in content.BEIJING_TEMPLATES.values() for v in variants
              for triple in v.values() for t in triple]
    texts += [t for triple in content.OTHER_TEMPLATES.values() for t in triple]
    words = {"s", "m", "need", "use", "city"}
    for text in texts:
        names = {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
        assert names <= figures | words, (text, names - figures - words)
