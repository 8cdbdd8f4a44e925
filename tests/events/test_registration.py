"""Registration has one validation path: the service's rules, whichever front a registration
comes through (page, API, a direct call), with the same error on the same field. Exhibitors
get a table each: the service picks it inside its transaction, and a database constraint
holds it, also when two registrations race."""

from __future__ import annotations

import importlib
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from liaison.common.errors import ValidationError
from liaison.events import services
from liaison.events.forms import RegistrationForm
from liaison.events.models import Registration
from tests.factories import make_organization


@dataclass
class Attempt:
    """One registration, as each front is given it."""

    by: str  # a user of the world
    organization: str  # "new" (a fresh firm) or an attribute of the world
    name: str = "Ruth Cohen"
    languages: list[str] = field(default_factory=lambda: ["he"])
    wants_table: bool = False


def _organization(world: Any, attempt: Attempt, suffix: str) -> Any:
    if attempt.organization == "new":
        return make_organization(world.sc, ecosystem="tel-aviv", name=f"Fresh Firm {suffix}")
    return getattr(world, attempt.organization)


def _by_service(world: Any, ew: Any, attempt: Attempt) -> dict[str, list[str]]:
    org = _organization(world, attempt, "service")
    with pytest.raises(ValidationError) as err:
        services.register(ew.event, by=getattr(world, attempt.by), organization=org,
                          attendees=[{"name": attempt.name, "languages": attempt.languages}],
                          wants_table=attempt.wants_table)
    return err.value.message_dict


def _by_api(world: Any, ew: Any, attempt: Attempt, client_for: Any) -> dict[str, list[str]]:
    org = _organization(world, attempt, "api")
    response = client_for(getattr(world, attempt.by)).post(
        f"/api/events/{ew.event.pk}/registrations", json.dumps({
            "organization": org.pk, "wants_table": attempt.wants_table,
            "attendees": [{"name": attempt.name, "languages": attempt.languages}]}),
        content_type="application/json")
    assert response.status_code == 422
    return response.json()["errors"]


def _by_page(world: Any, ew: Any, attempt: Attempt, client_for: Any) -> dict[str, list[str]]:
    org = _organization(world, attempt, "page")
    form = {"organization": org.pk, "attendee_name": attempt.name, "attendee_languages": attempt.languages}
    if attempt.wants_table:
        form["wants_table"] = "on"
    response = client_for(getattr(world, attempt.by)).post(f"/events/{ew.event.pk}/register/", form)
    assert response.status_code == 422
    # The page shows a service field on the form's field for it (`service_fields`).
    service_field = {v: k for k, v in RegistrationForm.service_fields.items()}
    return {service_field.get(f, f): list(errors) for f, errors in response.context["form"].errors.items()}


def _take_every_table(world: Any, ew: Any) -> None:
    for i in range(ew.event.tables.count()):
        org = make_organization(world.sc, ecosystem="tel-aviv", name=f"Exhibitor {i}")
        services.register(ew.event, by=world.officer, organization=org, wants_table=True,
                          attendees=[{"name": f"Exhibitor {i}", "languages": ["en"]}])


BAD = {
    "an attendee without a language": (Attempt(by="officer", organization="new", languages=[]),
                                       {"attendees": ["Give the languages Ruth Cohen speaks."]}),
    "an attendee without a name": (Attempt(by="officer", organization="new", name=" "),
                                   {"attendees": ["Attendee 1 needs a name."]}),
    "another firm's organization": (Attempt(by="member", organization="partner_firm"),
                                    {"organization": ["You can only register your own organization."]}),
    "an exhibitor when every table is taken": (
        Attempt(by="officer", organization="new", wants_table=True),
        {"wants_table": ["No free table is left for exhibitors."]}),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_the_same_bad_registration_gets_the_same_field_error_from_page_api_and_service(
        world: Any, ew: Any, client_for: Any, case: str) -> None:
    attempt, expected = BAD[case]
    if attempt.wants_table:
        _take_every_table(world, ew)
    registered = Registration.objects.count()
    assert _by_service(world, ew, attempt) == expected
    assert _by_api(world, ew, attempt, client_for) == expected
    assert _by_page(world, ew, attempt, client_for) == expected
    assert Registration.objects.count() == registered


def test_the_page_shows_an_attendee_error_at_the_attendee(world: Any, ew: Any, client_for: Any) -> None:
    org = make_organization(world.sc, ecosystem="tel-aviv", name="Speechless Ltd")
    page = client_for(world.officer).post(f"/events/{ew.event.pk}/register/", {
        "organization": org.pk, "attendee_name": "Ruth Cohen"}).content.decode()
    assert 'id="id_attendee_name-errors"' in page and "Give the languages Ruth Cohen speaks." in page


def test_the_api_names_every_bad_field_at_once(world: Any, ew: Any, client_for: Any) -> None:
    response = client_for(world.officer).post(f"/api/events/{ew.event.pk}/registrations", json.dumps({
        "organization": 999999, "unavailable_sessions": [999999],
        "attendees": [{"name": "Wu", "languages": ["klingon"]}]}), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "organization": ["Unknown organization."],
        "unavailable_sessions": ["Unknown session of this event."],
        "attendees": ["Unknown language code: klingon."],
    }


def test_each_exhibitor_gets_a_table_of_its_own_until_none_is_left(world: Any, ew: Any) -> None:
    _take_every_table(world, ew)
    tables = list(Registration.objects.filter(event=ew.event, own_table__isnull=False)
                  .values_list("own_table_id", flat=True))
    assert sorted(tables) == sorted(ew.event.tables.values_list("pk", flat=True))
    late = make_organization(world.sc, ecosystem="tel-aviv", name="Late Exhibitor")
    with pytest.raises(ValidationError) as err:
        services.register(ew.event, by=world.officer, organization=late, wants_table=True,
                          attendees=[{"name": "Late", "languages": ["en"]}])
    assert err.value.message_dict == {"wants_table": ["No free table is left for exhibitors."]}
    assert not Registration.objects.filter(organization=late).exists()


def test_the_api_registers_an_exhibitor_and_says_which_table(world: Any, ew: Any, client_for: Any) -> None:
    org = make_organization(world.sc, ecosystem="tel-aviv", name="Api Exhibitor")
    response = client_for(world.officer).post(f"/api/events/{ew.event.pk}/registrations", json.dumps({
        "organization": org.pk, "wants_table": True, "attendees": [{"name": "Noa", "languages": ["he"]}]}),
        content_type="application/json")
    assert response.status_code == 201 and response.json()["own_table"] == "T1"


def test_the_database_refuses_two_exhibitors_at_one_table(world: Any, ew: Any) -> None:
    table = ew.event.tables.first()
    Registration.objects.filter(pk=ew.home.pk).update(own_table=table)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=ew.partner.pk).update(own_table=table)
    assert Registration.objects.filter(own_table=table).count() == 1


def test_the_migration_keeps_a_shared_table_for_the_first_exhibitor_only() -> None:
    migration = importlib.import_module("liaison.events.migrations.0003_free_shared_exhibitor_tables")
    # registrations 1 and 3 shared table 10 before the constraint; 4 came last to table 20
    assert migration.to_free([(1, 10), (2, 20), (3, 10), (4, 20), (5, 30)]) == [3, 4]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="two writers at once: SQLite's test database has one connection")
def test_two_exhibitors_racing_for_the_last_table_do_not_both_get_it(world: Any, ew: Any) -> None:
    for i in range(ew.event.tables.count() - 1):
        org = make_organization(world.sc, ecosystem="tel-aviv", name=f"Early Exhibitor {i}")
        services.register(ew.event, by=world.officer, organization=org, wants_table=True,
                          attendees=[{"name": "Early", "languages": ["en"]}])
    racers = [make_organization(world.sc, ecosystem="tel-aviv", name=f"Racer {i}") for i in range(2)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def race(org: Any) -> None:
        try:
            start.wait()
            services.register(ew.event, by=world.officer, organization=org, wants_table=True,
                              attendees=[{"name": "Racer", "languages": ["en"]}])
            outcomes.append("table")
        except ValidationError as exc:
            outcomes.append(",".join(exc.message_dict))
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(org,)) for org in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["table", "wants_table"]
    held = Registration.objects.filter(event=ew.event, own_table__isnull=False)
    assert held.count() == ew.event.tables.count() == len(set(held.values_list("own_table_id", flat=True)))
