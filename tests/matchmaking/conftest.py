"""Matchmaking fixtures: a match index in a temporary directory with the engine's cheap
deterministic test embedder (hashed words; `tests.matching.support.WordHashEmbedder`), so
no model is loaded; tasks run at once (django-tasks' immediate backend)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.matching.support import WordHashEmbedder


@pytest.fixture
def match_index(settings: Any, tmp_path: Any, monkeypatch: Any) -> Iterator[Any]:
    from liaison.common import embedding
    from liaison.matchmaking import engine

    settings.LIAISON_MATCH_INDEX_DIR = tmp_path / "match-index"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(embedding, "_embedder", WordHashEmbedder())
    monkeypatch.setattr(engine, "_index", None)
    yield engine.index()
    engine.use()


@pytest.fixture
def market(world: Any, match_index: Any) -> dict[str, Any]:
    """A Beijing technology request in Chinese and Tel Aviv counterparts, indexed."""
    from liaison.matchmaking import services
    from tests.factories import make_opportunity, make_organization

    request = make_opportunity(
        world.home_firm, status="published", language="zh", type="technology_request",
        title="寻求电网储能电池管理系统 battery management",
        description="电池管理系统 battery management system for grid storage 储能",
    )
    offer = make_opportunity(
        world.partner_firm, status="published", type="technology_offer",
        title="Battery management system for grid storage",
        description="BMS analytics, battery management for grid storage operators",
    )
    unrelated_offer = make_opportunity(
        world.partner_firm, status="published", type="business_offer",
        title="Kosher food distribution", description="Food distribution in Israel",
    )
    other = make_organization(world.sc, ecosystem="tel-aviv", name="Grid Storage Analytics",
                              description="battery management system storage analytics")
    beijing_offer = make_opportunity(world.home_firm, status="published", type="technology_offer",
                                     title="Battery management from Beijing", description="battery management")
    for org in (world.partner_firm, other, world.home_firm):
        services.sync_organization(org.pk)
    for opp in (offer, unrelated_offer, beijing_offer, request):
        services.sync_opportunity(opp.pk)
    return {"request": request, "offer": offer, "unrelated": unrelated_offer, "other": other,
            "beijing_offer": beijing_offer}
