"""An organization's page is rendered once per change of the organization or its
opportunities or contact people, per what the viewer may do there: changes show on the next
view, a viewer never sees what only another may, and the page's forms keep working when the
viewer's CSRF secret changes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from liaison.directory import services as directory_services
from liaison.directory.models import Person, Sector
from tests.factories import make_opportunity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_cache")]




def page(client: Any, org: Any) -> str:
    response = client.get(f"/organizations/{org.pk}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_changes_to_the_organization_show_on_the_next_view(world: Any, client_for: Any) -> None:
    firm = world.home_firm
    client = client_for(world.officer)
    page(client, firm)
    assert "Grid storage pilots" not in page(client, firm)
    offer = make_opportunity(firm, status="published", title="Grid storage pilots")
    assert "Grid storage pilots" in page(client, firm)
    directory_services.update_organization(firm, by=world.owner, data={
        "description": "Flow batteries for utilities",
        "sectors": list(Sector.objects.filter(code="health"))})
    html = page(client, firm)
    assert "Flow batteries for utilities" in html and "Health" in html
    from liaison.opportunities.services import close_opportunity

    close_opportunity(offer, by=world.officer)
    assert 'status-closed' in page(client, firm)
    # Contact people: added, changed and removed, each shows on the next view.
    person = directory_services.save_person(firm, by=world.owner, data={"name": "Li Wei"})
    assert "Li Wei" in page(client, firm)
    directory_services.save_person(firm, by=world.owner, person=person, data={"name": "Wang Fang"})
    assert "Wang Fang" in page(client, firm) and "Li Wei" not in page(client, firm)
    other = Person.objects.create(organization=firm, name="Zhao Min")
    assert "Zhao Min" in page(client, firm)
    directory_services.remove_person(other, by=world.owner)
    assert "Zhao Min" not in page(client, firm) and "Wang Fang" in page(client, firm)


def test_a_viewer_never_sees_what_only_another_may(world: Any, client_for: Any) -> None:
    firm = world.home_firm
    directory_services.set_only_members_answer(firm, by=world.owner, value=False)
    Person.objects.create(organization=firm, name="Li Wei")
    make_opportunity(firm, status="draft", title="Unannounced battery recycling")
    # The most allowed first, so that a page kept for them would be served to the others.
    for who in (world.hq, world.owner, world.officer):
        html = page(client_for(who), firm)
        assert "Li Wei" in html and "Unannounced battery recycling" in html, who
    for who in (world.other_officer, world.other_member, world.outsider):
        html = page(client_for(who), firm)
        assert "Li Wei" not in html and "Unannounced battery recycling" not in html, who
        assert 'id="acting"' not in html and "firm-data" not in html, who
    assert 'id="acting"' in page(client_for(world.owner), firm)
    assert 'id="acting"' not in page(client_for(world.officer), firm)
    # The same viewer (same browser) after a change of role, nothing else changed.
    client = client_for(world.officer)
    assert "Li Wei" in page(client, firm)
    type(world.officer).objects.filter(pk=world.officer.pk).update(office=world.sc.offices["tel-aviv"])
    html = page(client, firm)
    assert "Li Wei" not in html and "Unannounced battery recycling" not in html


def _post_acting_form(client: Client, html: str, org: Any) -> int:
    form = re.search(r'id="acting".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S)
    assert form, "no acting form"
    response = client.post(f"/organizations/{org.pk}/acting/",
                           {"csrfmiddlewaretoken": form.group(1), "only_members_answer": "on"})
    return int(response.status_code)


def test_the_forms_of_a_reused_page_keep_working_across_sign_ins(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    page(client, world.home_firm)
    # A new CSRF secret (a new browser, a new sign-in), nothing else changed.
    del client.cookies["csrftoken"]
    assert _post_acting_form(client, page(client, world.home_firm), world.home_firm) == 302
    page(client, world.home_firm)
    assert _post_acting_form(client, page(client, world.home_firm), world.home_firm) == 302
