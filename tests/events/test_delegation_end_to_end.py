"""#17 "Done when": a delegation end to end with two offices, in Chromium.

The Tel Aviv office hosts a Beijing → Tel Aviv delegation. The Beijing office (the home office
of the Beijing firms) registers its firms with the search picker, one of them a firm whose
people have no login, and acts for that firm in the marketplace; the Tel Aviv firm accepts.
The host office schedules and publishes; the firm without a login gets its agenda e-mail
with a valid .ics (read by vobject, a second parser, times checked on both clocks). The Tel
Aviv participant can no longer come in one session; the host officer reviews the re-plan's
diff and publishes it, and only the people of the changed meetings get an update, with the
SEQUENCE raised. The agenda is usable on a 390 px phone.

Screenshots (test-artifacts/): delegation-picker.png (the Beijing office's search picker
showing a match), delegation-replan-diff.png (the proposed re-plan as a diff),
delegation-agenda-390.png (the agenda on a 390 px phone).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import vobject

from liaison.events.models import Attendee, Meeting, Registration
from liaison.notifications.models import OutboundAttachment, OutboundEmail
from tests.browser.conftest import screenshot, sign_in
from tests.factories import make_organization

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def delegation(world: Any) -> Any:
    from liaison.events import services

    event = services.create_event(by=world.other_officer, data=dict(  # hosted by Tel Aviv
        title="Beijing delegation to Tel Aviv", kind="delegation", direction="inbound",
        start_date=dt.date(2026, 5, 11), end_date=dt.date(2026, 5, 11), venue="Expo Tel Aviv",
        timezone="Asia/Jerusalem", slot_minutes=30, partner_ecosystem=world.sc.ecosystems["beijing"]))
    services.add_session(event, by=world.other_officer, name="morning", date=dt.date(2026, 5, 11),
                         start_time=dt.time(9), end_time=dt.time(11))
    services.add_session(event, by=world.other_officer, name="afternoon", date=dt.date(2026, 5, 11),
                         start_time=dt.time(14), end_time=dt.time(16))
    services.add_tables(event, by=world.other_officer, names=["A1", "A2"])
    services.add_interpreter(event, by=world.other_officer, name="Li Wei", languages=["zh", "he", "en"],
                             email="li.wei@interpreters.example")
    services.set_status(event, by=world.other_officer, status="registration")
    services.register(event, by=world.other_member, organization=world.partner_firm,
                      attendees=[{"name": "Dana Levi", "email": "dana@negev.example", "languages": ["he", "en"]}])
    haifa = make_organization(world.sc, ecosystem="tel-aviv", name="Haifa Hydrogen")
    services.register(event, by=world.other_officer, organization=haifa,
                      attendees=[{"name": "Yael Bar", "email": "yael@haifa-h2.example", "languages": ["he", "en"]}])
    return event


def _ics(email: OutboundEmail, name: str) -> Any:
    attachment = OutboundAttachment.objects.get(email=email, filename=name)
    return vobject.readOne(bytes(attachment.content).decode())


def test_a_delegation_end_to_end_with_two_offices(world: Any, delegation: Any, live_server: Any, page: Any,
                                                  artifacts: Path, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    base, event = live_server.url, delegation
    # a Beijing firm whose people have no login
    robotics = make_organization(world.sc, ecosystem="beijing", name="中关村机器人有限公司", language="zh")
    robotics.translations.create(language="en", name="Zhongguancun Robotics")
    partner = Registration.objects.get(organization=world.partner_firm)

    # 1. The Beijing (home) office registers its firms with the search picker
    sign_in(page, base, "officer")
    page.goto(f"{base}/events/{event.pk}/")
    page.click(f"a.button[href=\"/events/{event.pk}/register/\"]")
    page.fill("#id_organization", "Robotics")  # found by its English name
    page.wait_for_selector(f"#pick-{robotics.pk}")
    screenshot(page, artifacts / "delegation-picker.png")
    page.check(f"#pick-{robotics.pk}")
    page.fill("#id_attendee_name", "赵磊")
    page.fill("#id_attendee_email", "zhao.lei@zgc-robotics.example")
    page.check("input[name=attendee_languages][value=zh]")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/events/{event.pk}/")
    page.click(f"a.button[href=\"/events/{event.pk}/register/\"]")
    page.fill("#id_organization", "京华")
    page.wait_for_selector(f"#pick-{world.home_firm.pk}")
    page.check(f"#pick-{world.home_firm.pk}")
    page.fill("#id_attendee_name", "王芳")
    page.fill("#id_attendee_email", "wang.fang@jinghua.example")
    page.check("input[name=attendee_languages][value=zh]")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/events/{event.pk}/")
    robo = Registration.objects.get(organization=robotics)
    home = Registration.objects.get(organization=world.home_firm)
    assert robo.registered_by == world.officer and home.registered_by == world.officer

    # ...and acts for the firm without a login in the marketplace (the visible switch)
    page.goto(f"{base}/events/{event.pk}/participants/?recommend=0")
    page.select_option("#act-for-select", str(robo.pk))
    page.wait_for_selector("#acting-for")
    page.select_option(f"#priority-{partner.pk}", "3")
    page.click(f"#participant-{partner.pk} button")
    page.wait_for_selector(f"#participant-{partner.pk} .badge")
    page.context.clear_cookies()

    # the Beijing firm's owner asks too; the Tel Aviv firm accepts both
    sign_in(page, base, "owner")
    page.goto(f"{base}/events/{event.pk}/participants/?recommend=0")
    page.click(f"#participant-{partner.pk} button")
    page.wait_for_selector(f"#participant-{partner.pk} .badge")
    page.context.clear_cookies()
    sign_in(page, base, "other_member")
    page.goto(f"{base}/events/{event.pk}/requests/")
    for _ in range(2):
        page.click("#received button.primary >> nth=0")
        page.wait_for_timeout(300)
    page.wait_for_function("() => document.querySelectorAll('#received button.primary').length === 0")
    assert Meeting.objects.filter(event=event).count() == 2
    page.context.clear_cookies()
    # a third meeting that Dana is not in: Wang Fang's firm with Haifa Hydrogen
    from liaison.events import services

    haifa = Registration.objects.get(organization__name="Haifa Hydrogen")
    request = services.send_request(by=world.owner, requester=home, recipient=haifa)
    services.answer_request(request, by=world.other_officer, accept=True)

    # 2. The host (Tel Aviv) office schedules and publishes
    sign_in(page, base, "other_officer")
    page.goto(f"{base}/events/{event.pk}/schedule/")
    page.fill("#id_time_limit", "3")
    page.click("#run-form button")
    page.wait_for_selector("#run-figures")
    assert "3 meetings scheduled" in page.inner_text("#run-figures")
    assert "idle gap" in page.inner_text("#run-breaks")
    page.click("#publish-form button")
    page.wait_for_selector("#published")

    # 3. The firm without a login gets the e-mail with a valid .ics, right on both clocks
    [mail] = OutboundEmail.objects.filter(to="zhao.lei@zgc-robotics.example", kind="events.agenda")
    cal = _ics(mail, "invite.ics")
    assert cal.method.value == "REQUEST"
    robo_meeting = Meeting.objects.select_related("slot").get(event=event, a=robo)
    [vevent] = cal.vevent_list
    assert vevent.uid.value == robo_meeting.uid and int(vevent.sequence.value) == 0
    start = vevent.dtstart.value
    assert "Asia/Jerusalem" in repr(start.tzinfo)
    assert start.astimezone(dt.UTC) == robo_meeting.slot.starts_at.astimezone(dt.UTC)
    jerusalem = robo_meeting.slot.starts_at.astimezone(event.tz)
    beijing = robo_meeting.slot.starts_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert (start.hour, start.minute) == (jerusalem.hour, jerusalem.minute)
    assert f"{beijing:%H:%M}" in vevent.description.value and "Asia/Shanghai" in vevent.description.value
    assert f"{beijing:%H:%M}" in mail.body  # the home time beside, in the mail too
    page.context.clear_cookies()

    # 4. Dana (Tel Aviv) can no longer come in the session of the Robotics meeting
    session_id = robo_meeting.slot.session_id
    dana = Attendee.objects.get(registration=partner)
    sign_in(page, base, "other_member")
    page.goto(f"{base}/events/registrations/{partner.pk}/availability/")
    page.check(f"input[name=attendee_{dana.pk}][value='{session_id}']")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/events/{event.pk}/")
    page.context.clear_cookies()
    before = {m.pk: (m.slot_id, m.sequence) for m in Meeting.objects.filter(event=event)}
    interpreters_before = {m.pk: m.interpreter_id for m in Meeting.objects.filter(event=event)}
    OutboundEmail.objects.all().delete()

    # 5. The host officer reviews the re-plan's diff and publishes it
    sign_in(page, base, "other_officer")
    page.goto(f"{base}/events/{event.pk}/schedule/")
    page.click("#run-form button")
    page.wait_for_selector("#proposal-diff")
    diff = page.inner_text("#proposal-diff")
    assert "moved" in diff and "Zhongguancun Robotics" in diff
    assert not OutboundEmail.objects.exists()  # nobody is told before publication
    screenshot(page, artifacts / "delegation-replan-diff.png")
    page.click("#publish-proposal button")
    page.wait_for_selector("text=The re-plan is published")
    after = {m.pk: (m.slot_id, m.sequence) for m in Meeting.objects.filter(event=event)}
    changed = {pk for pk in after if after[pk][0] != before[pk][0]}
    assert robo_meeting.pk in changed
    assert all(after[pk][1] == before[pk][1] + 1 for pk in changed)
    assert all(after[pk][1] == before[pk][1] for pk in after if pk not in changed)

    # 6. Only the people of the changed meetings get an update, with SEQUENCE raised
    emails = {home.pk: "wang.fang@jinghua.example", robo.pk: "zhao.lei@zgc-robotics.example",
              partner.pk: "dana@negev.example", haifa.pk: "yael@haifa-h2.example"}
    haifa_meeting = Meeting.objects.get(event=event, b=haifa)
    assert haifa_meeting.pk not in changed  # the fewest moves: Dana is not in it
    assert haifa_meeting.sequence == before[haifa_meeting.pk][1]
    expected = set()
    for m in Meeting.objects.filter(pk__in=changed):
        expected |= {emails[m.a_id], emails[m.b_id]}
        if m.interpreter_id or interpreters_before[m.pk]:
            expected.add("li.wei@interpreters.example")
    updates = list(OutboundEmail.objects.filter(kind="events.agenda_update"))
    assert {e.to for e in updates} == expected
    assert "yael@haifa-h2.example" not in expected  # her meeting did not change: she is not told
    [zhao] = [e for e in updates if e.to == "zhao.lei@zgc-robotics.example"]
    [update] = [v for v in _ics(zhao, "invite.ics").vevent_list if v.uid.value == robo_meeting.uid]
    assert int(update.sequence.value) == 1
    page.context.clear_cookies()

    # 7. The agenda on a 390 px phone: every column readable, nothing overflowing
    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    mobile = phone.new_page()
    sign_in(mobile, base, "member")
    mobile.goto(f"{base}/events/{event.pk}/agenda/")
    mobile.wait_for_selector("#agenda")
    width = mobile.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the agenda is {width} px wide on a 390 px phone"
    for cell in mobile.query_selector_all("#agenda td[data-label]"):
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 391
    text = mobile.inner_text("#agenda")
    assert "Interpreter" in text and "Negev Battery Labs" in text
    cancel = mobile.query_selector("#agenda .agenda-actions button")
    assert cancel is not None and cancel.is_visible()
    screenshot(mobile, artifacts / "delegation-agenda-390.png")
    phone.close()
