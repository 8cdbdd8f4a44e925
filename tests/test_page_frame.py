"""The page frame (base.html) keeps its navigation, language switch and footer per process
(`{% frame_part %}`: templates/frame/, rendered once per process), keyed by the language and the
viewer's role: each viewer
still gets the links of their own role, in their own language, with their own name, token and
unread count."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

LINKS = ('href="/validation/"', 'href="/reports/"', 'href="/admin/"')


def _nav(html: str) -> str:
    found = re.search(r"<nav aria-label=[^>]*>.*?</nav>", html, re.S)
    assert found
    return found.group(0)


def test_each_role_gets_its_own_links_whoever_came_first(world: Any, client_for: Any) -> None:
    pages = {name: client_for(user).get("/dashboard/").content.decode()
             for name, user in [("officer", world.officer), ("member", world.member), ("hq", world.hq)]}
    assert all(link in _nav(pages["officer"]) for link in LINKS[:2])
    assert not any(link in _nav(pages["member"]) for link in LINKS)
    assert all(link in _nav(pages["hq"]) for link in LINKS[1:])
    assert 'href="/validation/"' not in _nav(pages["hq"])
    anonymous = client_for(None).get("/marketplace/").content.decode()
    assert 'href="/directory/"' not in _nav(anonymous) and 'href="/login/' in anonymous


def test_frame_follows_the_language_and_names_the_viewer(world: Any, client_for: Any) -> None:
    officer, member = client_for(world.officer), client_for(world.member)
    english = officer.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    hebrew = officer.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="he").content.decode()
    chinese = member.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert ">Marketplace</a>" in _nav(english) and ">Marketplace</a>" not in _nav(hebrew)
    assert 'dir="rtl"' in hebrew and '<option value="he" selected>' in hebrew
    assert '<option value="zh-hans" selected>' in chinese and ">Marketplace</a>" not in _nav(chinese)
    assert f"<bdi>{world.officer}</bdi>" in english and f"<bdi>{world.member}</bdi>" in chinese
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page) for page in (english, chinese)]
    assert all(tokens)
