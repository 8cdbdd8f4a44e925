"""The demo delegation: a Beijing → Tel Aviv delegation hosted by the Tel Aviv office, with
about 120 participants (40 Beijing firms, 80 Tel Aviv organizations), their attendees and
languages, interpreters, and meeting requests (most accepted, some waiting, a few declined).

`seed_demo_delegation()` is idempotent. It uses the demo's organizations when they are
there (the Israeli Tech Map, the fictional Beijing firms, the demo users' firms) and creates
fictional ones otherwise, so tests can call it on an empty database.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from liaison.accounts.models import User
from liaison.directory.models import Organization
from liaison.events import services
from liaison.events.models import Attendee, Event, Meeting, MeetingRequest, Registration

TITLE = "Z-Park delegation to Tel Aviv: energy, health and AI"
BEIJING = 40
TEL_AVIV = 80

ZH_NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄婷", "周杰", "吴琳", "徐明", "孙悦"]
HE_NAMES = ["נועה לוי", "יונתן כהן", "מיכל פרץ", "אורי ביטון", "תמר אברהם", "דניאל מזרחי",
            "שירה פרידמן", "איתי שפירא", "רוני גולן", "יעל דהן"]
EN_NAMES = ["Dana Levi", "Amit Cohen", "Maya Katz", "Eitan Bar", "Gal Ron", "Lior Shani"]
FIRM_WORDS = [("储能", "energy storage"), ("智能医疗", "digital health"), ("人工智能", "artificial intelligence"),
              ("新材料", "advanced materials"), ("自动驾驶", "autonomous driving"), ("水处理", "water treatment"),
              ("农业科技", "agritech"), ("网络安全", "cyber security")]
HE_FIRMS = [("אגירת אנרגיה", "energy storage"), ("בריאות דיגיטלית", "digital health"),
            ("בינה מלאכותית", "artificial intelligence"), ("טכנולוגיות מים", "water technology"),
            ("חקלאות מדייקת", "precision agriculture"), ("סייבר", "cyber security")]


def _fictional(sc: Any, ecosystem: str, n: int, rng: random.Random) -> list[Organization]:
    orgs = []
    for i in range(n):
        if ecosystem == "beijing":
            zh, en = FIRM_WORDS[i % len(FIRM_WORDS)]
            name, lang, desc = f"中关村{zh}科技{i + 1}号有限公司", "zh", f"北京中关村{zh}企业，寻求以色列技术合作（{en}）。"
        else:
            he, en = HE_FIRMS[i % len(HE_FIRMS)]
            name, lang, desc = f"{he} {i + 1} בע״מ", "he", f"חברה ישראלית בתחום {he} ({en}), מחפשת שותפים בסין."
        office = sc.offices[ecosystem]
        orgs.append(Organization(name=name, language=lang, description=desc, ecosystem=sc.ecosystems[ecosystem],
                                 office=office, vetted_by=office, vetted_at=timezone.now(),
                                 is_demo_data=True, source="fictional demo data"))
    created = Organization.objects.bulk_create(orgs)
    energy = sc.sectors.get("energy")
    if energy is not None:
        for o in created:
            o.sectors.add(energy)
    return created


def _pick(sc: Any, ecosystem: str, n: int, must: list[Organization], rng: random.Random) -> list[Organization]:
    chosen = list(dict.fromkeys(must))
    pool = list(Organization.objects.filter(ecosystem=sc.ecosystems[ecosystem], vetted_at__isnull=False)
                .exclude(pk__in=[o.pk for o in chosen]).order_by("pk")[:2000])
    rng.shuffle(pool)
    chosen += pool[: max(0, n - len(chosen))]
    if len(chosen) < n:
        chosen += _fictional(sc, ecosystem, n - len(chosen), rng)
    return chosen[:n]


def _languages(ecosystem: str, rng: random.Random) -> list[str]:
    r = rng.random()
    if ecosystem == "beijing":
        return ["zh"] if r < 0.45 else ["zh", "en"]
    return ["he"] if r < 0.25 else ["he", "en"] if r < 0.9 else ["en"]


def _person(ecosystem: str, lang: list[str], rng: random.Random) -> str:
    if ecosystem == "beijing":
        return rng.choice(ZH_NAMES)
    return rng.choice(HE_NAMES if "he" in lang else EN_NAMES)


@transaction.atomic
def seed_demo_delegation(*, seed: int = 2026) -> Event:
    """Create the demo delegation (once) and return it."""
    from liaison.demo.scenario import ensure_base

    existing = Event.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    sc = ensure_base()
    office = sc.offices["tel-aviv"]
    officer = User.objects.filter(office=office, is_active=True).order_by("pk").first()
    if officer is None:
        officer = User.objects.create_user("officer-telaviv-events", office=office)
    start = dt.date(2026, 12, 6)  # a Sunday: a working day in Tel Aviv, a weekend day in Beijing
    event = services.create_event(by=officer, data=dict(
        title=TITLE, kind=Event.Kind.DELEGATION, direction=Event.Direction.OUTBOUND,
        partner_ecosystem=sc.ecosystems["beijing"], start_date=start, end_date=start + dt.timedelta(days=1),
        venue="Tel Aviv Convention Center, Pavilion 2", timezone="Asia/Jerusalem", slot_minutes=20,
        description="Forty Zhongguancun firms meet Israeli companies, universities and investors: "
                    "two days of 1:1 meetings with interpreters.",
        video_link_template="https://meet.liaison.invalid/zpark-tlv-{meeting}", request_cap=15, request_days=7,
    ))
    sessions = []
    for day in (start, start + dt.timedelta(days=1)):
        sessions.append(services.add_session(event, by=officer, name="morning", date=day,
                                             start_time=dt.time(9, 30), end_time=dt.time(12, 30)))
        sessions.append(services.add_session(event, by=officer, name="afternoon", date=day,
                                             start_time=dt.time(14, 0), end_time=dt.time(17, 20)))
    tables = services.add_tables(event, by=officer, names=[f"T{i:02d}" for i in range(1, 31)])
    for name, langs in [("刘晓梅 Liu Xiaomei", ["zh", "he", "en"]), ("Yael Chen 陈雅", ["zh", "he", "en"]),
                        ("王磊 Wang Lei", ["zh", "en"]), ("Avi Zhang 张", ["zh", "he"]),
                        ("孙丽 Sun Li", ["zh", "en"]), ("Lin Ben-David 林", ["zh", "he", "en"])]:
        services.add_interpreter(event, by=officer, name=name, languages=langs,
                                 unavailable_sessions=[rng.choice(sessions)] if rng.random() < 0.5 else [])
    services.set_status(event, by=officer, status=Event.Status.REGISTRATION)

    must_bj = list(Organization.objects.filter(memberships__user__username__in=["owner-beijing"]).distinct())
    must_ta = list(Organization.objects.filter(memberships__user__username__in=["owner-telaviv"]).distinct())
    beijing = _pick(sc, "beijing", BEIJING, must_bj, rng)
    tel_aviv = _pick(sc, "tel-aviv", TEL_AVIV, must_ta, rng)
    regs: list[Registration] = []
    own_tables = iter(tables[-5:])
    attendees = []
    away: dict[int, int] = {}  # registration → the session its people cannot attend
    for i, org in enumerate(beijing + tel_aviv):
        eco = "beijing" if i < len(beijing) else "tel-aviv"
        reg = Registration.objects.create(
            event=event, organization=org, registered_by=officer,
            own_table=next(own_tables, None) if eco == "tel-aviv" and i % 16 == 0 else None,
            remote=eco == "tel-aviv" and i % 23 == 0,
        )
        if rng.random() < 0.2:
            away[reg.pk] = rng.choice(sessions).pk
            reg.unavailable_sessions.set([away[reg.pk]])
        langs = _languages(eco, rng)
        attendees.append(Attendee(registration=reg, name=_person(eco, langs, rng), languages=langs))
        regs.append(reg)
    Attendee.objects.bulk_create(attendees)
    # Availability is per person: each attendee cannot attend the session their firm cannot.
    through = Attendee.unavailable_sessions.through
    through.objects.bulk_create([
        through(attendee_id=a.pk, session_id=away[a.registration_id])
        for a in Attendee.objects.filter(registration__event=event, registration_id__in=away)
    ])
    services.set_status(event, by=officer, status=Event.Status.REQUESTS)

    bj, ta = regs[: len(beijing)], regs[len(beijing):]
    now = timezone.now()
    pairs: set[tuple[int, int]] = set()
    requests, meetings = [], []
    for reg in bj:  # the delegation asks, the hosts answer
        for other in rng.sample(ta, 8):
            pairs.add((reg.pk, other.pk))
    for reg in rng.sample(ta, 30):  # some Israeli organizations ask too
        for other in rng.sample(bj, 3):
            if (other.pk, reg.pk) not in pairs:
                pairs.add((reg.pk, other.pk))
    by_pk = {r.pk: r for r in regs}
    for a, b in sorted(pairs):
        r = rng.random()
        status = "accepted" if r < 0.82 else "pending" if r < 0.93 else "declined"
        requests.append(MeetingRequest(
            event=event, requester=by_pk[a], recipient=by_pk[b], priority=rng.choice([1, 2, 2, 3]),
            status=status, created_by=officer, expires_at=now + dt.timedelta(days=7),
            answered_at=now if status != "pending" else None,
        ))
    MeetingRequest.objects.bulk_create(requests)
    for req in MeetingRequest.objects.filter(event=event, status="accepted"):
        meetings.append(Meeting(event=event, request=req, a_id=req.requester_id, b_id=req.recipient_id,
                                priority=req.priority))
    Meeting.objects.bulk_create(meetings)
    return event
