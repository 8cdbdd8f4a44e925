"""The .ics files imported into a real calendar client: Debian's khal (#17 item 6).

khal has its own parser and its own time-zone handling: the invitation a person without a
login receives, the cancellation of a dropped meeting and the subscription feed are imported
with `khal import --batch` into a throwaway vdir calendar, then read back with `khal list` and
`khal at` on the event's clock and on the home clock. `make test` installs khal
(`system-packages`); these tests skip only where it is missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from liaison.events import services
from liaison.events.models import Attendee, Meeting
from liaison.notifications.models import OutboundAttachment, OutboundEmail
from tests.events.test_calendars_reach_people import _published

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed (make system-packages)"),
]

JERUSALEM, SHANGHAI = ZoneInfo("Asia/Jerusalem"), ZoneInfo("Asia/Shanghai")
LIST_FORMAT = "{start-time}-{end-time}|{title}|{cancelled}"


class Khal:
    """A khal with its own configuration, vdir calendar and cache under tmp_path, reading
    the calendar on the clock of `zone`."""

    def __init__(self, root: Path, zone: str, calendar: Path | None = None) -> None:
        self.calendar = calendar or root / "calendar"
        self.calendar.mkdir(parents=True, exist_ok=True)
        self.config = root / f"khal-{zone.replace('/', '-')}.conf"
        self.config.write_text(
            "[calendars]\n[[liaison]]\n"
            f"path = {self.calendar}\ntype = calendar\n"
            f"[sqlite]\npath = {root / (zone.replace('/', '-') + '.db')}\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            f"local_timezone = {zone}\ndefault_timezone = {zone}\n",
            encoding="utf-8")
        self.env = {"PATH": "/usr/bin:/bin", "HOME": str(root), "LANG": "C.UTF-8", "TZ": "UTC"}

    def run(self, *args: str) -> str:
        done = subprocess.run(["khal", "-c", str(self.config), *args], capture_output=True, text=True,
                              env=self.env, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        return done.stdout

    def import_ics(self, content: bytes, root: Path, name: str) -> None:
        path = root / name
        path.write_bytes(content)
        self.run("import", "--batch", "-a", "liaison", str(path))

    def day(self, day: dt.date) -> list[list[str]]:
        out = self.run("list", "--format", LIST_FORMAT, "--day-format", "", f"{day:%Y-%m-%d}", "1d")
        return [[cell.strip() for cell in line.split("|")] for line in out.splitlines() if "|" in line]


def _attachment(address: str, kind: str, filename: str) -> bytes:
    email = OutboundEmail.objects.filter(to=address, kind=kind).latest("pk")
    return bytes(OutboundAttachment.objects.get(email=email, filename=filename).content)


def _clock(meeting: Meeting, zone: ZoneInfo) -> str:
    start = meeting.slot.starts_at.astimezone(zone)
    end = meeting.slot.ends_at.astimezone(zone)
    return f"{start:%H:%M}-{end:%H:%M}"


def test_a_no_login_attendees_invitation_and_cancellation_import_into_khal(
        world: Any, ew: Any, tmp_path: Path) -> None:
    m1, m2 = _published(world, ew)
    here = Khal(tmp_path, "Asia/Jerusalem")
    khal_home = Khal(tmp_path, "Asia/Shanghai", calendar=here.calendar)
    here.import_ics(_attachment("wang.fang@jinghua.example", "events.agenda", "invite.ics"), tmp_path, "invite.ics")
    assert len(list(here.calendar.glob("*.ics"))) == 2  # one file per meeting, named by UID
    day = m1.slot.starts_at.astimezone(JERUSALEM).date()
    assert day == dt.date(2026, 5, 10)
    listed = here.day(day)
    # on the event's clock: the sessions run 09:00-11:00 and 14:00-16:00 in Tel Aviv
    assert sorted(row[0] for row in listed) == sorted(_clock(m, JERUSALEM) for m in (m1, m2))
    assert all(row[0][:2] in {"09", "10", "14", "15"} for row in listed)
    titles = {row[0]: row[1] for row in listed}
    for meeting in (m1, m2):
        other = meeting.b if meeting.a_id == ew.home.pk else meeting.a
        assert other.organization.name in titles[_clock(meeting, JERUSALEM)] or \
            other.organization.name_en in titles[_clock(meeting, JERUSALEM)]
    assert not any(row[2] for row in listed)
    # the same meetings on the home clock (Beijing, five hours ahead in May)
    home_listed = khal_home.day(day)
    assert sorted(row[0] for row in home_listed) == sorted(_clock(m, SHANGHAI) for m in (m1, m2))
    # khal at the meeting's minute finds it, a minute after the day's last session nothing
    start = m1.slot.starts_at.astimezone(JERUSALEM)
    at = here.run("at", "--format", "{title}", f"{start:%Y-%m-%d}", f"{start:%H:%M}")
    assert titles[_clock(m1, JERUSALEM)] in at
    assert "|" not in here.run("at", "--format", "{title}|", f"{day:%Y-%m-%d}", "16:01")

    # the meeting is dropped: the CANCEL replaces it in the client (same UID), marked cancelled
    OutboundEmail.objects.all().delete()
    services.cancel_meeting(Meeting.objects.get(pk=m1.pk), by=world.officer)
    here.import_ics(_attachment("wang.fang@jinghua.example", "events.agenda_update", "cancel.ics"),
                    tmp_path, "cancel.ics")
    assert len(list(here.calendar.glob("*.ics"))) == 2  # replaced, not added
    after = {row[0]: row for row in here.day(day)}
    assert after[_clock(m1, JERUSALEM)][2] == "CANCELLED"
    assert after[_clock(m2, JERUSALEM)][2] == ""


def test_the_subscription_feed_imports_into_khal(world: Any, ew: Any, client_for: Any, tmp_path: Path) -> None:
    m1, _m2 = _published(world, ew)
    dana = Attendee.objects.get(registration=ew.partner)
    feed = client_for(None).get(f"/events/calendar/{dana.calendar_token}.ics")
    assert feed.status_code == 200
    khal = Khal(tmp_path, "Asia/Jerusalem")
    khal.import_ics(feed.content, tmp_path, "feed.ics")
    day = m1.slot.starts_at.astimezone(JERUSALEM).date()
    [row] = khal.day(day)
    assert row[0] == _clock(m1, JERUSALEM)
    assert ew.home.organization.name in row[1] or ew.home.organization.name_en in row[1]
