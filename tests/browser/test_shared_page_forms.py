"""Forms in pages rendered once and reused (the CSRF placeholder of `common.paging`): in
Chromium, two owners of a firm share its page and each saves "only we answer" from it; the
owner saves a card of their recommendations (htmx) from a page served again; two officers share
the validation queue and one publishes from it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from liaison.accounts.models import Membership
from tests.browser.conftest import screenshot, sign_in
from tests.factories import make_opportunity, make_user
from tests.matchmaking.conftest import market, match_index  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("list_cache")]


def _signed_in(browser: Any, live_server: Any, username: str) -> Any:
    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server.url, username)
    return page


def test_forms_of_shared_pages_post_for_each_viewer(
        world: Any, market: Any, live_server: Any, browser: Any, artifacts: Any) -> None:  # noqa: F811
    firm = world.home_firm
    co_owner = make_user("co_owner")
    Membership.objects.create(user=co_owner, organization=firm, role="owner")
    url = f"{live_server.url}/organizations/{firm.pk}/"
    owner, other = _signed_in(browser, live_server, "owner"), _signed_in(browser, live_server, "co_owner")
    for page in (owner, other):  # the owner's rendering, then the same for the co-owner
        page.goto(url)
    other.check("#acting input[name=only_members_answer]")
    other.click("#acting button[type=submit]")
    other.wait_for_url(url)
    assert "Forbidden" not in other.content()
    assert other.is_checked("#acting input[name=only_members_answer]")
    screenshot(other, artifacts / "shared-organization-co-owner.png")
    owner.goto(url)
    assert owner.is_checked("#acting input[name=only_members_answer]")
    owner.uncheck("#acting input[name=only_members_answer]")
    owner.click("#acting button[type=submit]")
    owner.wait_for_url(url)
    assert not owner.is_checked("#acting input[name=only_members_answer]")

    # The owner's recommendations, served again, then a card saved through htmx.
    owner.goto(f"{live_server.url}/matches/")
    owner.goto(f"{live_server.url}/matches/")
    card = owner.locator("li.card.match").first
    card_id = card.get_attribute("id")
    card.locator("form[action$='/save/'] button").click()
    owner.wait_for_selector(f"#{card_id} .badge.status-published")
    screenshot(owner, artifacts / "shared-matches-saved.png")
    owner.goto(f"{live_server.url}/matches/")
    assert owner.locator(f"#{card_id} .badge.status-published").count() == 1

    # The same shared renderings in Chinese and Hebrew (right to left), looked at.
    for language, direction in (("zh-hans", "ltr"), ("he", "rtl")):
        owner.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                                    "url": live_server.url}])
        for name, path in (("organization", f"/organizations/{firm.pk}/"), ("matches", "/matches/")):
            owner.goto(f"{live_server.url}{path}")
            assert owner.get_attribute("html", "dir") == direction
            assert "Contact people" not in owner.content()
            if name == "matches":
                # The firm's own opportunities, titles in several languages: the list keeps the
                # page's direction (its bullets on the page's side); each title sets its own.
                directions = owner.eval_on_selector_all(
                    "main li:not(.card) > a[href*='/matches/opportunity/']",
                    "links => links.map(a => getComputedStyle(a.parentElement).direction)")
                assert directions and set(directions) == {direction}, directions
            screenshot(owner, artifacts / f"shared-{name}-{language}.png")

    # Two officers of one office: the second publishes from the first one's rendering.
    offer = make_opportunity(firm, status="submitted", title="Grid storage pilot wanted")
    make_user("colleague", office=world.officer.office)
    officer, colleague = _signed_in(browser, live_server, "officer"), _signed_in(browser, live_server, "colleague")
    for page in (officer, colleague):
        page.goto(f"{live_server.url}/validation/")
    colleague.click(f"#validate-{offer.pk} button.primary")
    colleague.wait_for_selector(f"p#validate-{offer.pk}")
    screenshot(colleague, artifacts / "shared-validation-published.png")
    offer.refresh_from_db()
    assert offer.status == "published"
