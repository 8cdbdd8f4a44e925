"""Acting for a participant by a visible switch, requests with From and To, and a
marketplace that shows profiles (#17 item 3)."""

from __future__ import annotations

from typing import Any

import pytest

from liaison.directory.models import OrganizationTranslation
from liaison.events import services
from liaison.events.models import MeetingRequest
from tests.factories import make_opportunity

pytestmark = pytest.mark.django_db


def _options(page: str) -> str:
    return page.split('id="act-for-select"')[1].split("</select>")[0] if 'id="act-for-select"' in page else ""


def test_the_switch_offers_the_firms_each_office_may_act_for(world: Any, ew: Any, client_for: Any) -> None:
    url = f"/events/{ew.event.pk}/participants/?recommend=0"
    host = _options(client_for(world.officer).get(url).content.decode())
    assert all(f'value="{r.pk}"' in host for r in (ew.home, ew.partner, ew.third))
    tel_aviv = _options(client_for(world.other_officer).get(url).content.decode())
    assert f'value="{ew.partner.pk}"' in tel_aviv and f'value="{ew.third.pk}"' in tel_aviv
    assert f'value="{ew.home.pk}"' not in tel_aviv  # a Beijing firm
    assert _options(client_for(world.owner).get(url).content.decode()) == ""  # a member acts for itself


def test_acting_for_a_firm_sends_its_request_and_a_foreign_firm_cannot_be_chosen(
        world: Any, ew: Any, client_for: Any) -> None:
    client = client_for(world.other_officer)
    page = client.get(f"/events/{ew.event.pk}/participants/?recommend=0&as={ew.partner.pk}").content.decode()
    assert 'id="acting-for"' in page and "Negev Battery Labs" in page.split('id="acting-for"')[1][:200]
    response = client.post(f"/events/{ew.event.pk}/requests/new/",
                           {"recipient": ew.home.pk, "priority": 3, "as": ew.partner.pk})
    assert response.status_code == 302
    req = MeetingRequest.objects.get()
    assert req.requester == ew.partner and req.created_by == world.other_officer
    # ?as= naming the Beijing firm is not honoured for the Tel Aviv office
    page = client.get(f"/events/{ew.event.pk}/participants/?recommend=0&as={ew.home.pk}").content.decode()
    assert 'id="acting-for"' not in page


def test_every_list_of_requests_shows_from_and_to(world: Any, ew: Any, client_for: Any) -> None:
    services.send_request(by=world.owner, requester=ew.home, recipient=ew.partner)
    services.send_request(by=world.officer, requester=ew.third, recipient=ew.home)
    overview = client_for(world.officer).get(f"/events/{ew.event.pk}/requests/").content.decode()
    table = overview.split('id="overview"')[1].split("</table>")[0]
    assert "<th>From</th><th>To</th>" in table
    assert table.count("<tr id=\"request-") == 2
    # the Tel Aviv office sees the requests of its firms only: both involve one of them
    tel_aviv = client_for(world.other_officer).get(f"/events/{ew.event.pk}/requests/").content.decode()
    assert tel_aviv.split('id="overview"')[1].count("<tr id=\"request-") == 2
    member = client_for(world.owner).get(f"/events/{ew.event.pk}/requests/").content.decode()
    for table_id in ("received", "sent"):
        assert "<th>From</th><th>To</th>" in member.split(f'id="{table_id}"')[1]


def test_the_marketplace_shows_profiles_in_the_readers_language(world: Any, ew: Any, client_for: Any) -> None:
    OrganizationTranslation.objects.create(organization=world.home_firm, language="en",
                                           name="Jinghua Energy Storage", description="Grid batteries for solar parks")
    make_opportunity(world.partner_firm, status="published", title="Partner for sodium-ion cells",
                     type="technology_request")
    page = client_for(world.other_member).get(f"/events/{ew.event.pk}/participants/?recommend=0",
                                              HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = page.split(f'id="participant-{ew.home.pk}"')[1].split("</tr>")[0]
    assert "Jinghua Energy Storage" in row and "京华储能科技有限公司" in row  # English name, original beside
    assert "Grid batteries for solar parks" in row  # what it does
    assert "Chinese" in row  # the languages its people speak
    partner_row = page.split(f'id="participant-{ew.partner.pk}"')[1].split("</tr>")[0]
    assert "Seeks" in partner_row and "Partner for sodium-ion cells" in partner_row


def test_the_switch_names_each_firm_in_the_readers_language(world: Any, ew: Any, client_for: Any) -> None:
    # The host office's switch lists every registration; each firm under the name the reader's
    # language shows (its version in that language, else English, else its own name).
    OrganizationTranslation.objects.create(organization=world.home_firm, language="en", name="Jinghua Energy Storage")
    url = f"/events/{ew.event.pk}/participants/?recommend=0"
    english = _options(client_for(world.officer).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert f'value="{ew.home.pk}">Jinghua Energy Storage</option>' in english
    chinese = _options(client_for(world.officer).get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert f'value="{ew.home.pk}">京华储能科技有限公司</option>' in chinese  # its own language: its own name
    hebrew = _options(client_for(world.officer).get(url, HTTP_ACCEPT_LANGUAGE="he").content.decode())
    assert f'value="{ew.home.pk}">Jinghua Energy Storage</option>' in hebrew  # no Hebrew version: English
