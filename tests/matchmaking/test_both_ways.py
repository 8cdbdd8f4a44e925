"""Fresh both ways (#15 item 1): a published or changed profile enters the stored lists of
the profiles it now belongs to (reverse top-k), and a withdrawn or expired one leaves them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from liaison.matchmaking import services
from liaison.matchmaking.engine import opportunity_key, organization_key
from liaison.matchmaking.models import Match


def _request(world: Any) -> Any:
    from tests.factories import make_opportunity

    request = make_opportunity(
        world.home_firm, status="published", language="zh", type="technology_request",
        title="寻求钠离子电池热失控预警 battery thermal runaway",
        description="钠离子电池 battery management thermal runaway early warning 储能",
    )
    services.sync_opportunity(request.pk)
    return request


def _targets(source_key: str) -> list[str]:
    return list(Match.objects.filter(source_key=source_key).values_list("target_key", flat=True))


def test_a_published_offer_enters_the_list_of_the_request_published_before_it(
    world: Any, match_index: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from liaison.opportunities import services as opportunity_services
    from tests.factories import make_opportunity

    request = _request(world)
    assert _targets(opportunity_key(request.pk)) == []
    offer = make_opportunity(world.partner_firm, status="submitted", type="technology_offer",
                             title="Thermal runaway early warning for battery management",
                             description="battery management thermal runaway sensors")
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_services.publish_opportunity(offer, by=world.other_officer)
    assert _targets(opportunity_key(request.pk)) == [opportunity_key(offer.pk)]
    # and the offer's own list has the request
    assert opportunity_key(request.pk) in _targets(opportunity_key(offer.pk))


def test_a_withdrawn_offer_leaves_every_list_and_the_next_counterpart_moves_up(
    world: Any, match_index: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from liaison.opportunities import services as opportunity_services
    from tests.factories import make_opportunity

    settings.LIAISON_MATCH_COUNT = 1
    request = _request(world)
    weaker = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                              title="Battery management", description="battery packs")
    services.sync_opportunity(weaker.pk)
    assert _targets(opportunity_key(request.pk)) == [opportunity_key(weaker.pk)]
    best = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                            title="Battery thermal runaway early warning",
                            description="battery management thermal runaway early warning 钠离子电池 储能")
    services.sync_opportunity(best.pk)
    # the full one-item list now holds the better offer
    assert _targets(opportunity_key(request.pk)) == [opportunity_key(best.pk)]
    match = Match.objects.get(source_key=opportunity_key(request.pk))
    services.save_match(match, by=world.member)
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_services.close_opportunity(best, by=world.other_officer)
    assert _targets(opportunity_key(request.pk)) == [opportunity_key(weaker.pk)]
    assert not Match.objects.filter(target_key=opportunity_key(best.pk)).exists()


def test_an_offer_changed_to_another_field_leaves_the_request_list(world: Any, match_index: Any) -> None:
    from liaison.opportunities.models import Opportunity
    from tests.factories import make_opportunity

    request = _request(world)
    offer = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                             title="Thermal runaway early warning", description="battery management")
    services.sync_opportunity(offer.pk)
    assert _targets(opportunity_key(request.pk)) == [opportunity_key(offer.pk)]
    Opportunity.objects.filter(pk=offer.pk).update(type="business_offer")
    services.sync_opportunity(offer.pk)
    assert _targets(opportunity_key(request.pk)) == []


def test_expired_opportunities_leave_the_index_and_every_list(
    world: Any, match_index: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from liaison.opportunities.models import Opportunity
    from liaison.opportunities.services import expire_due_opportunities
    from tests.factories import make_opportunity

    request = _request(world)
    offer = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                             title="Thermal runaway early warning", description="battery management")
    services.sync_opportunity(offer.pk)
    assert _targets(opportunity_key(request.pk)) == [opportunity_key(offer.pk)]
    Opportunity.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_due_opportunities() == 1
    assert opportunity_key(offer.pk) not in match_index
    assert _targets(opportunity_key(request.pk)) == []


def test_a_newly_vetted_organization_enters_the_lists_it_answers(world: Any, match_index: Any) -> None:
    from tests.factories import make_organization

    request = _request(world)
    firm = make_organization(world.sc, ecosystem="tel-aviv", name="Runaway Sense",
                             description="battery thermal runaway early warning sensors", vetted=False)
    services.sync_organization(firm.pk)
    assert _targets(opportunity_key(request.pk)) == []
    firm.vetted_at, firm.vetted_by = timezone.now(), firm.office
    firm.save()
    services.sync_organization(firm.pk)
    assert organization_key(firm.pk) in _targets(opportunity_key(request.pk))
    firm.vetted_at = None
    firm.save()
    services.sync_organization(firm.pk)
    assert organization_key(firm.pk) not in _targets(opportunity_key(request.pk))


def test_a_full_list_takes_a_better_offer_as_a_full_ranking_would(
    world: Any, match_index: Any, settings: Any
) -> None:
    """A full stored list is updated by incremental insertion (its members and the new
    offer scored by the ranking's own fusion): the same list, scores and reasons as ranking
    the request again."""
    from tests.factories import make_opportunity

    settings.LIAISON_MATCH_COUNT = 2
    request = _request(world)
    request_key = opportunity_key(request.pk)
    for title, description in (("Battery packs", "battery packs"),
                               ("Battery management", "battery management packs"),
                               ("Thermal sensors", "thermal sensors for packs")):
        weak = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                                title=title, description=description)
        services.sync_opportunity(weak.pk)
    assert len(_targets(request_key)) == 2
    best = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                            title="Battery thermal runaway early warning",
                            description="battery management thermal runaway early warning 钠离子电池 储能")
    services.sync_opportunity(best.pk)
    stored = list(Match.objects.filter(source_key=request_key).order_by("-score"))
    ranked = match_index.rank(match_index.get(request_key), k=2)
    assert [m.target_key for m in stored] == [m.id for m in ranked]
    assert stored[0].target_key == opportunity_key(best.pk)
    assert [(m.score, m.explanation) for m in stored] == [(m.score, m.explanation) for m in ranked]
