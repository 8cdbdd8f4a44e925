"""#13 item 8: smaller exposures — other participants' attendee names in the registrations
API, attachments checked by their first bytes only, the preferences PUT that refused every
body."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_opportunity, make_user
from tests.fronts import api_errors, send_json, service_errors

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------ registrations API

def _attendees(client: Any, event: Any) -> dict[int, list[dict[str, Any]]]:
    response = client.get(f"/api/events/{event.pk}/registrations")
    assert response.status_code == 200, response.content
    return {r["organization"]: r["attendees"] for r in response.json()}


def test_a_registered_member_sees_other_participants_languages_not_their_attendees_names(
        ew: Any, world: Any, client_for: Any) -> None:
    seen = _attendees(client_for(world.owner), ew.event)
    assert [a["name"] for a in seen[world.home_firm.pk]] == ["王芳"]  # its own
    assert seen[world.partner_firm.pk] == [
        {"id": None, "name": None, "languages": ["he"], "unavailable_sessions": None}]
    assert "Dana Levi" not in client_for(world.owner).get(
        f"/api/events/{ew.event.pk}/registrations").content.decode()


def test_the_host_office_and_hq_see_every_attendee(ew: Any, world: Any, client_for: Any) -> None:
    for who in (world.officer, world.hq):
        seen = _attendees(client_for(who), ew.event)
        assert [a["name"] for a in seen[world.partner_firm.pk]] == ["Dana Levi"], who


# ------------------------------------------------------------ preferences

def test_the_preferences_put_accepts_a_valid_body_and_stores_it(world: Any, client_for: Any) -> None:
    from liaison.notifications.kinds import KINDS

    kind = next(iter(KINDS))
    client = client_for(world.owner)
    response = send_json(client, "put", "/api/notifications/preferences", {kind: False})
    assert response.status_code == 200, response.content
    assert response.json()[kind] is False
    assert client.get("/api/notifications/preferences").json()[kind] is False


def test_the_preferences_put_names_an_unknown_kind(world: Any, client_for: Any) -> None:
    response = send_json(client_for(world.owner), "put", "/api/notifications/preferences",
                         {"no.such.kind": False})
    assert "no.such.kind" in api_errors(response)


# ------------------------------------------------------------ attachments

def _pdf() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"PE\x00\x00" + b"\x00" * 200


@pytest.fixture
def thread(world: Any, settings: Any, tmp_path: Any) -> Any:
    from liaison.introductions import services

    settings.MEDIA_ROOT = tmp_path
    partner_owner = make_user("partner_owner")
    world.partner_firm.memberships.create(user=partner_owner, role="owner")
    offer = make_opportunity(world.partner_firm, status="published", title="Battery analytics")
    interest = services.express_interest(opportunity=offer, organization=world.home_firm,
                                         by=world.member, message="Interested.")
    services.accept_interest(interest, by=partner_owner)
    return interest


@pytest.mark.parametrize(("name", "content"), [
    ("specs.pdf", b"%PDF-1.4\n" + PE),  # a PDF head, an executable body
    ("specs.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + ELF),
    ("notes.txt", ELF),
    ("notes.txt", PE),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + PE),
    ("sheet.docx", b"PK\x03\x04" + PE),
])
def test_an_attachment_whose_content_is_not_its_type_is_refused(
        world: Any, thread: Any, name: str, content: bytes) -> None:
    from liaison.introductions import services

    errors = service_errors(lambda: services.post_message(
        thread, by=world.member, body="x", attachment=SimpleUploadedFile(name, content)))
    assert errors == {"attachment": ["The file's content does not match its type."]}
    assert not thread.messages.filter(attachment_name=name).exists()


@pytest.mark.parametrize(("name", "content"), [
    ("specs.pdf", _pdf()), ("photo.png", _png()), ("brief.docx", _docx()),
    ("notes.txt", "储能 battery brief, 100% ready\n".encode()), ("empty.txt", b""),
])
def test_an_attachment_that_is_its_type_is_accepted(world: Any, thread: Any, name: str, content: bytes) -> None:
    from liaison.introductions import services

    message = services.post_message(thread, by=world.member, body="",
                                    attachment=SimpleUploadedFile(name, content))
    assert message.attachment_name == name
    with message.attachment.open("rb") as stored:
        assert stored.read() == content
