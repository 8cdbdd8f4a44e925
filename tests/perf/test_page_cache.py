"""Pages rendered whole once per change for every viewer allowed the same (`cached_page`, the
organization page first): each viewer still sees their own name, unread count, messages,
language and CSRF token, a viewer who must be refused is refused, and the permissions the page
asks once per kind of viewer answer what the rules answer for each."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from liaison.accounts.models import Membership
from liaison.directory import services as directory_services
from liaison.notifications.models import Notification
from liaison.notifications.services import mark_read, notify
from tests.factories import make_organization, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_cache")]


def page(client: Any, org: Any, **headers: Any) -> str:
    response = client.get(f"/organizations/{org.pk}/", **headers)
    assert response.status_code == 200
    return str(response.content.decode())


def test_viewers_sharing_a_page_each_see_their_own_name_and_unread_count(world: Any, client_for: Any) -> None:
    second = make_user("second_officer", office=world.officer.office, display_name="Zhang <Wei> & Co")
    world.officer.display_name = "Li Na"
    world.officer.save()
    first_html = page(client_for(world.officer), world.home_firm)
    second_html = page(client_for(second), world.home_firm)
    assert "Li Na" in first_html and "Zhang" not in first_html
    assert "Zhang &lt;Wei&gt; &amp; Co" in second_html and "Li Na" not in second_html
    notify([second], kind="interest.received", title="One for the second officer")
    assert 'id="unread-count"' not in page(client_for(world.officer), world.home_firm)
    assert re.search(r'id="unread-count">1<', page(client_for(second), world.home_firm))
    # The count follows the viewer's notifications on the next view.
    notify([world.officer], kind="interest.received", title="Now one for the first")
    notify([world.officer], kind="interest.received", title="And another")
    assert re.search(r'id="unread-count">2<', page(client_for(world.officer), world.home_firm))
    mark_read(second)
    assert 'id="unread-count"' not in page(client_for(second), world.home_firm)
    assert Notification.objects.filter(user=world.officer, read_at=None).count() == 2


def test_a_message_shows_once_after_a_post(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    html = page(client, world.home_firm)
    token = re.search(r'id="acting".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S)
    assert token
    response = client.post(f"/organizations/{world.home_firm.pk}/acting/",
                           {"csrfmiddlewaretoken": token.group(1), "only_members_answer": "on"}, follow=True)
    html = response.content.decode()
    assert "Only your organization&#x27;s members answer now." in html
    # The page that carries the message still names the viewer and its forms still post.
    assert "owner" in html.split('class="tools"')[1].split("</header>")[0]
    again = re.search(r'id="acting".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S)
    assert again
    response = client.post(f"/organizations/{world.home_firm.pk}/acting/",
                           {"csrfmiddlewaretoken": again.group(1)}, follow=True)
    assert response.status_code == 200
    assert "may answer on your organization&#x27;s behalf" in response.content.decode()
    assert "may answer on your organization&#x27;s behalf" not in page(client, world.home_firm)


def test_each_language_gets_its_own_page(world: Any, client_for: Any) -> None:
    client = client_for(world.officer)
    english = page(client, world.partner_firm, HTTP_ACCEPT_LANGUAGE="en")
    hebrew = page(client, world.partner_firm, HTTP_ACCEPT_LANGUAGE="he")
    chinese = page(client, world.partner_firm, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert 'lang="en" dir="ltr"' in english
    assert 'lang="he" dir="rtl"' in hebrew
    assert 'lang="zh-hans" dir="ltr"' in chinese
    assert 'lang="en"' in page(client, world.partner_firm, HTTP_ACCEPT_LANGUAGE="en")


def test_a_viewer_who_may_not_see_the_organization_is_refused_after_others_saw_it(
        world: Any, client_for: Any) -> None:
    hidden = make_organization(world.sc, ecosystem="beijing", name="Unvetted Storage Ltd", vetted=False)
    assert "Unvetted Storage Ltd" in page(client_for(world.officer), hidden)
    assert "Unvetted Storage Ltd" in page(client_for(world.hq), hidden)
    for who in (world.outsider, world.other_member):
        assert client_for(who).get(f"/organizations/{hidden.pk}/").status_code == 404, who


def test_the_page_answers_what_the_rules_answer_for_every_kind_of_viewer(world: Any) -> None:
    from liaison.web.views import (
        ORGANIZATION_PAGE_PERMS,
        _organization_permissions,
        _page_permissions,
    )

    only_members = make_organization(world.sc, ecosystem="beijing", name="Members Only Ltd")
    Membership.objects.create(user=world.member, organization=only_members, role="owner")
    directory_services.set_only_members_answer(only_members, by=world.member, value=True)
    unvetted = make_organization(world.sc, ecosystem="tel-aviv", name="Unvetted Ltd", vetted=False)
    superuser = make_user("root", is_superuser=True)
    inactive = make_user("gone", office=world.officer.office, is_active=False)
    orgs = (world.home_firm, world.partner_firm, only_members, unvetted)
    users = (world.hq, world.officer, world.other_officer, world.owner, world.member, world.other_member,
             world.outsider, superuser, inactive)
    # Asked twice: once filling the per-kind answers, once reading them (other viewers first).
    for _ in range(2):
        for org in orgs:
            for user in users:
                fresh = type(user).objects.get(pk=user.pk)
                expected = {name: fresh.has_perm(perm, org) for name, perm in ORGANIZATION_PAGE_PERMS}
                assert _organization_permissions(fresh, org) == expected, (user, org)
    assert _page_permissions
