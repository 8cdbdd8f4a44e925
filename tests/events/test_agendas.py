"""Agendas: the page, the iCalendar file (stable UID, SEQUENCE, cancellations, UTC) and the
PDFs (Chinese and Hebrew names laid out in the document)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from icalendar import Calendar

from liaison.events import agendas, services
from liaison.events.models import Meeting, Slot
from tests.events.conftest import accept


def _published(world: Any, ew: Any) -> tuple[Any, Any]:
    m1 = accept(world.member, world.other_member, ew.home, ew.partner, 3)
    m2 = accept(world.member, world.officer, ew.home, ew.third, 2)
    slots = list(Slot.objects.filter(session=ew.am))
    tables = list(ew.event.tables.all())
    services.move_meeting(m1, by=world.officer, slot=slots[0], table=tables[0])
    services.move_meeting(m2, by=world.officer, slot=slots[1], table=tables[1])
    services.publish_schedule(ew.event, by=world.officer)
    m1.refresh_from_db()
    m2.refresh_from_db()
    return m1, m2


def _events(ics: bytes) -> dict[str, Any]:
    cal = Calendar.from_ical(ics)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_ics_has_one_event_per_meeting_with_stable_uid_and_utc_times(world: Any, ew: Any) -> None:
    m1, m2 = _published(world, ew)
    events = _events(agendas.agenda_ics(ew.home))
    assert set(events) == {f"meeting-{m1.pk}@liaison", f"meeting-{m2.pk}@liaison"}
    e1 = events[f"meeting-{m1.pk}@liaison"]
    assert e1.decoded("DTSTART") == dt.datetime(2026, 5, 10, 6, 0, tzinfo=dt.UTC)  # 09:00 in Tel Aviv
    assert e1.decoded("DTEND") == dt.datetime(2026, 5, 10, 6, 30, tzinfo=dt.UTC)
    assert int(e1["SEQUENCE"]) == 0 and str(e1["STATUS"]) == "CONFIRMED"
    assert "Negev Battery Labs" in str(e1["SUMMARY"])
    assert "Li Wei" in str(e1["DESCRIPTION"])  # the interpreter (Chinese – Hebrew)
    assert str(e1["URL"]) == f"https://meet.example.org/liaison-{m1.pk}"


def test_a_moved_meeting_keeps_its_uid_and_gets_a_higher_sequence(world: Any, ew: Any) -> None:
    m1, _m2 = _published(world, ew)
    later = Slot.objects.filter(session=ew.pm).first()
    services.move_meeting(m1, by=world.officer, slot=later, table=m1.table)
    events = _events(agendas.agenda_ics(ew.partner))
    assert list(events) == [f"meeting-{m1.pk}@liaison"]
    e1 = events[f"meeting-{m1.pk}@liaison"]
    assert int(e1["SEQUENCE"]) == 1
    assert e1.decoded("DTSTART") == later.starts_at


def test_a_cancelled_meeting_stays_in_the_file_as_cancelled(world: Any, ew: Any) -> None:
    m1, _m2 = _published(world, ew)
    services.cancel_meeting(m1, by=world.member)
    e1 = _events(agendas.agenda_ics(ew.home))[f"meeting-{m1.pk}@liaison"]
    assert str(e1["STATUS"]) == "CANCELLED" and int(e1["SEQUENCE"]) == 1
    assert Meeting.objects.get(pk=m1.pk).status == "cancelled"


def test_ics_download_is_a_calendar(world: Any, ew: Any, client_for: Any) -> None:
    _published(world, ew)
    response = client_for(world.member).get(f"/events/registrations/{ew.home.pk}/agenda.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert len(_events(response.content)) == 2


def _text(document: Any) -> str:
    out: list[str] = []

    def walk(box: Any) -> None:
        if hasattr(box, "text"):
            out.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return "".join(out)


def test_agenda_pdf_lays_out_chinese_and_hebrew_names(world: Any, ew: Any) -> None:
    _published(world, ew)
    document = agendas.pdf_document("events/pdf/agenda.html", agendas.agenda_context(ew.home))
    text = _text(document)
    assert "京华储能科技有限公司" in text and "王芳" in text
    assert "שמש אנרגיה" in text and "נועה כהן" in text
    pdf = agendas.render_pdf("events/pdf/agenda.html", agendas.agenda_context(ew.home))
    assert pdf.startswith(b"%PDF")
    import zlib

    raw = pdf
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            raw += zlib.decompress(stream)
    fonts = set(re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z-]+)", raw))
    assert any(b"CJK" in f for f in fonts) and any(b"Hebrew" in f for f in fonts), fonts


def test_table_plan_and_rota_pdfs_name_the_meetings(world: Any, ew: Any) -> None:
    _published(world, ew)
    plan = _text(agendas.pdf_document("events/pdf/table_plan.html", agendas.table_plan_context(ew.event)))
    assert "京华储能科技有限公司" in plan and "T1" in plan
    rota = _text(agendas.pdf_document("events/pdf/rota.html", agendas.rota_context(ew.event)))
    assert "Li Wei" in rota and "Negev Battery Labs" in rota


def test_agenda_page_shows_event_time_first_and_the_viewer_home_time_beside(
        world: Any, ew: Any, client_for: Any) -> None:
    _published(world, ew)
    page = client_for(world.member).get(f"/events/registrations/{ew.home.pk}/agenda/").content.decode()
    # 09:00 in Tel Aviv is 14:00 in Beijing, where the member's firm is
    assert "2026-05-10 09:00 (14:00 in Asia/Shanghai)" in page
    tel_aviv = client_for(world.other_member).get(f"/events/registrations/{ew.partner.pk}/agenda/").content.decode()
    assert "2026-05-10 09:00" in tel_aviv and "Asia/Shanghai" not in tel_aviv


def test_agenda_pdf_prints_the_event_time_with_the_participant_home_time_beside(world: Any, ew: Any) -> None:
    """The 09:00 meeting in Tel Aviv printed 07:00 (UTC) under 'times in Asia/Jerusalem'."""
    from tests.pdf_support import pdf_text

    _published(world, ew)
    beijing = pdf_text(agendas.render_pdf("events/pdf/agenda.html", agendas.agenda_context(ew.home)), layout=True)
    assert re.search(r"2026-05-10 09:00 +Negev Battery Labs", beijing), beijing
    assert re.search(r"14:00 in Asia/Shanghai +Dana Levi", beijing), beijing  # the next printed line
    assert "2026-05-10 09:30" in beijing and "14:30 in Asia/Shanghai" in beijing
    assert "06:00" not in beijing and "times in Asia/Jerusalem, with Asia/Shanghai beside them" in beijing
    # A Tel Aviv firm at a Tel Aviv event: one clock.
    tel_aviv = pdf_text(agendas.render_pdf("events/pdf/agenda.html", agendas.agenda_context(ew.partner)))
    assert "2026-05-10 09:00" in tel_aviv and "Asia/Shanghai" not in tel_aviv and "06:00" not in tel_aviv


def test_table_plan_and_rota_pdfs_print_times_on_the_event_clock(world: Any, ew: Any) -> None:
    from tests.pdf_support import pdf_text

    _published(world, ew)
    plan = pdf_text(agendas.render_pdf("events/pdf/table_plan.html", agendas.table_plan_context(ew.event)),
                    layout=True)
    assert re.search(r"2026-05-10 09:00 .*Negev Battery Labs", plan), plan
    assert "2026-05-10 14:00" in plan and "06:00" not in plan  # the afternoon session starts at 14:00
    rota = pdf_text(agendas.render_pdf("events/pdf/rota.html", agendas.rota_context(ew.event)), layout=True)
    assert re.search(r"2026-05-10 09:00 +T1 +京华储能科技有限公司 / Negev Battery Labs", rota), rota
    assert "06:00" not in rota


@translation.override("he")
def test_hebrew_agenda_pdf_runs_right_to_left_and_keeps_names_in_logical_order(world: Any, ew: Any) -> None:
    from tests.pdf_support import pdf_text

    _published(world, ew)
    html = render_to_string("events/pdf/agenda.html", agendas.agenda_context(ew.home))
    assert '<html lang="he" dir="rtl">' in html
    # An English or Chinese name keeps its own direction inside the Hebrew page.
    assert '<h1 dir="ltr" lang="zh">京华储能科技有限公司</h1>' in html
    text = pdf_text(agendas.render_pdf("events/pdf/agenda.html", agendas.agenda_context(ew.home)))
    assert "שמש אנרגיה" in text and "הגרנא שמש" not in text
