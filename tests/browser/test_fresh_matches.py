"""#15 "Done when": a Tel Aviv officer publishes an offer, and the background worker puts it,
within seconds, in the list of the Beijing request it answers: one card per firm, with a
reason naming the shared sector in Chinese."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from tests.browser.conftest import sign_in
from tests.factories import make_opportunity

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_worker_once() -> None:
    """The real worker (django-tasks' database worker, as `liaison worker` runs it), until
    the queue is empty: in this thread, which shares the live server's test database."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["*"], interval=0.05, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="browser-test", excluded_queue_names=[]).run()


def test_a_published_tel_aviv_offer_appears_in_the_beijing_requests_list_within_seconds(
    world: Any, live_server: Any, browser: Any, settings: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    from liaison.common import embedding
    from liaison.matchmaking import engine, services
    from tests.matching.support import WordHashEmbedder

    settings.LIAISON_MATCH_INDEX_DIR = tmp_path / "match-index"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(embedding, "_embedder", WordHashEmbedder())
    monkeypatch.setattr(engine, "_index", None)
    request = make_opportunity(
        world.home_firm, status="published", language="zh", type="technology_request",
        title="寻求钠离子电池热失控预警技术", summary="钠离子电池 battery thermal runaway early warning",
        description="battery management thermal runaway early warning for sodium-ion storage 储能",
    )
    earlier = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                               title="Battery thermal runaway early warning sensors",
                               description="battery thermal runaway early warning for storage")
    services.sync_opportunity(request.pk)
    services.sync_opportunity(earlier.pk)
    offer = make_opportunity(world.partner_firm, status="submitted", type="technology_offer",
                             title="Thermal runaway early warning for battery management",
                             description="battery management thermal runaway early warning sodium-ion")
    # The Tel Aviv officer publishes the offer from the validation queue.
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    officer = context.new_page()
    officer.set_default_timeout(15000)
    sign_in(officer, live_server.url, "other_officer")
    officer.goto(f"{live_server.url}/validation/")
    officer.click(f"#validate-{offer.pk} button.primary")
    officer.wait_for_selector(f"p#validate-{offer.pk}")
    published = time.monotonic()
    context.close()
    # The Beijing member reads the request's matches in Chinese.
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}])
    member = context.new_page()
    member.set_default_timeout(15000)
    sign_in(member, live_server.url, "member")
    url = f"{live_server.url}/matches/opportunity/{request.pk}/"
    seen = False
    while time.monotonic() - published < 10:
        run_worker_once()
        member.goto(url)
        if offer.title in member.inner_text("#matches"):
            seen = True
            break
        time.sleep(0.2)
    lag = time.monotonic() - published
    assert seen, "the new offer never reached the request's list"
    assert lag < 10
    # One card for the firm's two offers (its named organization card, if any, stays apart:
    # an anonymous offer is never folded into a named card).
    offer_cards = member.locator("#matches > li.card", has_text=offer.title)
    assert offer_cards.count() == 1
    card = offer_cards.first
    assert earlier.title in card.inner_text() and offer.title in card.inner_text()
    assert member.locator("#matches > li.card", has_text=earlier.title).count() == 1
    with translation.override("zh-hans"):
        energy = str(world.sc.sectors["energy"].label)
        shared = ngettext("Shared sector: %(sectors)s.", "Shared sectors: %(sectors)s.", 1) % {
            "sectors": energy}
    assert energy != "Energy" and shared.startswith(("共同", "相同", "同属"))
    assert shared in card.locator("ul.reasons").inner_text().splitlines()
    context.close()
    print(f"\npublished -> in the Beijing request's list after {lag:.2f} s")
