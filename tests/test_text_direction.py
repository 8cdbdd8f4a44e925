"""Mixed-direction text: every element that shows user-written text finds its own direction
(`dir="auto"`, or a `<bdi>` for a name inside a sentence), so an English summary in a Hebrew
page ends with its full stop on the right and a Hebrew paragraph in an English page runs
right to left. Each page is read as a browser would build it: the text node holding a user's
words must sit in such an element, through inline elements only (an `<a>` in a `<h3>`)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from tests.factories import make_opportunity, make_organization, make_user

VOID = {"br", "input", "img", "meta", "link", "hr", "source", "wbr"}
# Elements a text passes through on its way to the element that sets its direction.
INLINE = {"a", "strong", "em", "small", "span", "b", "i", "code", "mark", "p", "abbr"}

SUMMARY_EN = "Grid analytics for utilities, in pilots with two operators."
DESCRIPTION_HE = "אגירת אנרגיה סולארית לבתים ולעסקים."
NAME_HE = "שמש אנרגיה"
MESSAGE_ZH = "我们对贵公司的电池管理技术很感兴趣。"
NOTE_HE = "הצוות בבייג'ינג מוכן לפגישה."
REPLY_EN = "Thank you, let us talk next week."


class _Texts(HTMLParser):
    """Each text node with the chain of elements around it (outermost first)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, list[tuple[str, dict[str, str | None]]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        # The <title> is shown by the browser's own chrome, which finds its direction.
        if data.strip() and not any(tag == "head" for tag, _a in self.stack):
            self.texts.append((data, list(self.stack)))


def _isolated(chain: list[tuple[str, dict[str, str | None]]]) -> bool:
    for tag, attrs in reversed(chain):
        if tag == "bdi" or attrs.get("dir") in ("auto", "ltr", "rtl"):
            return True
        if tag not in INLINE:
            return False
    return False


def assert_direction_found(page: str, *words: str) -> None:
    parser = _Texts()
    parser.feed(page)
    for word in words:
        chains = [chain for text, chain in parser.texts if word in text]
        assert chains, f"{word!r} is not on the page"
        for chain in chains:
            where = " > ".join(tag + (f"[dir={a['dir']}]" if a.get("dir") else "") for tag, a in chain[-4:])
            assert _isolated(chain), f"{word!r} in {where} has no direction of its own"


@pytest.fixture
def texts(world: Any) -> Any:
    """A Hebrew firm, an English opportunity, and an accepted introduction with a Chinese
    message, a Hebrew officer note and an English reply."""
    from liaison.accounts.models import Membership
    from liaison.introductions import services

    hebrew_firm = make_organization(world.sc, ecosystem="tel-aviv", name=NAME_HE, language="he",
                                    description=DESCRIPTION_HE)
    owner = make_user("partner_owner")
    Membership.objects.create(user=owner, organization=world.partner_firm, role="owner")
    offer = make_opportunity(world.partner_firm, status="published", type="technology_offer",
                             title="Battery analytics", summary=SUMMARY_EN)
    interest = services.express_interest(opportunity=offer, organization=world.home_firm, by=world.member,
                                         message=MESSAGE_ZH)
    services.add_note(interest, by=world.other_officer, text=NOTE_HE)
    services.accept_interest(interest, by=owner)
    services.post_message(interest, by=owner, body=REPLY_EN)
    return type("Texts", (), {"hebrew_firm": hebrew_firm, "offer": offer, "interest": interest, "owner": owner})


def _get(client: Any, url: str, language: str) -> str:
    client.cookies["liaison_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_english_summary_in_a_hebrew_page_and_a_hebrew_text_in_an_english_page_find_their_direction(
        world: Any, texts: Any, client_for: Any) -> None:
    member = client_for(world.member)
    assert_direction_found(_get(member, f"/opportunities/{texts.offer.pk}/", "he"), SUMMARY_EN, "Battery analytics")
    assert_direction_found(_get(member, "/marketplace/", "he"), SUMMARY_EN)
    assert_direction_found(_get(member, f"/organizations/{texts.hebrew_firm.pk}/", "en"), NAME_HE, DESCRIPTION_HE)
    assert_direction_found(_get(member, "/directory/?q=" + NAME_HE, "en"), NAME_HE)


def test_messages_notes_and_names_of_an_introduction_find_their_direction(
        world: Any, texts: Any, client_for: Any) -> None:
    officer = client_for(world.other_officer)
    page = _get(officer, f"/introductions/{texts.interest.pk}/", "en")
    assert_direction_found(page, MESSAGE_ZH, NOTE_HE, "Battery analytics", world.home_firm.name)
    owner_page = _get(client_for(texts.owner), f"/introductions/{texts.interest.pk}/", "he")
    assert_direction_found(owner_page, MESSAGE_ZH, REPLY_EN, world.home_firm.name)
    assert_direction_found(_get(client_for(texts.owner), "/notifications/", "he"), "Battery analytics")
