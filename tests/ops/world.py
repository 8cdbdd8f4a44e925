"""A small demo-like world for the operations tests, run in a child process against the
database its environment names (`python tests/ops/world.py COMMAND [ARGS]`).

- `seed [N]`: the base scenario, the named users of tests/conftest.py (officer, owner, ...,
  password "pw-<name>"), N published opportunities on both sides (default 40), an event with
  accepted meeting requests; a submitted one for the officer to publish; prints the ids as JSON.
- `enqueue-reindex`, `start-scheduling EVENT_ID`: enqueue a task; prints its id as JSON.
- `task ID`: the task's status and error class; `run ID`: a scheduling run's status and the
  officer's run panel as HTML; `matches`: matches stored and profiles indexed; `stats`: every table's rows and checksum;
  `search TEXT`: the match index's hits.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import django

TOPICS = [
    ("battery management for grid storage", "储能电池管理系统", "ניהול סוללות לאגירה"),
    ("drip irrigation sensors for farms", "滴灌传感器", "חיישני השקיה בטפטוף"),
    ("water desalination membranes", "海水淡化膜", "ממברנות להתפלת מים"),
    ("cyber security for hospitals", "医院网络安全", "אבטחת סייבר לבתי חולים"),
    ("autonomous driving lidar", "自动驾驶激光雷达", "לידאר לנהיגה אוטונומית"),
]


def seed(count: int = 40) -> dict[str, object]:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction

    from liaison.accounts.models import Membership
    from liaison.demo.scenario import ensure_base
    from liaison.events import services as events
    from liaison.events.models import Event
    from tests.factories import make_opportunity, make_organization, make_user

    default_storage.save("attachments/seed/brief.txt", ContentFile("储能 battery brief\n".encode()))
    with transaction.atomic():
        sc = ensure_base()
        home = make_organization(sc, ecosystem="beijing", name="京华储能科技有限公司", language="zh",
                                 description="电网级储能和电池管理系统")
        partner = make_organization(sc, ecosystem="tel-aviv", name="Negev Battery Labs",
                                    description="Battery analytics for utilities")
        third = make_organization(sc, ecosystem="tel-aviv", name="שמש אנרגיה", language="he",
                                  description="אגירת אנרגיה סולארית")
        officer = make_user("officer", office=sc.home)
        make_user("hq", is_hq=True)
        owner, other = make_user("owner"), make_user("other_member")
        Membership.objects.create(user=owner, organization=home, role="owner")
        Membership.objects.create(user=other, organization=partner, role="member")
        opps = []
        for i in range(count):
            en, zh, he = TOPICS[i % len(TOPICS)]
            side = i % 2
            opps.append(make_opportunity(
                home if side == 0 else partner, status="published",
                type="technology_request" if side == 0 else "technology_offer",
                language="zh" if side == 0 else "he",
                title=f"{zh if side == 0 else he} {i}", description=f"{en} ({i})",
            ).pk)
        submitted = make_opportunity(
            home, status="submitted", type="technology_request", language="zh",
            title="寻求储能电池管理 battery management partner",
            description="battery management for grid storage 储能电池管理系统")
        event = events.create_event(by=officer, data=dict(
            title="Beijing delegation to Tel Aviv", kind="delegation", direction="outbound",
            partner_ecosystem=sc.ecosystems["tel-aviv"], start_date=dt.date(2026, 5, 10),
            end_date=dt.date(2026, 5, 11), venue="Expo Tel Aviv", timezone="Asia/Jerusalem",
            slot_minutes=30, video_link_template="",
        ))
        events.add_session(event, by=officer, name="morning", date=dt.date(2026, 5, 10),
                           start_time=dt.time(9), end_time=dt.time(12))
        events.add_tables(event, by=officer, names=["T1", "T2"])
        events.set_status(event, by=officer, status=Event.Status.REGISTRATION)
        regs = [events.register(event, by=officer, organization=o,
                                attendees=[{"name": f"Guest {o.pk}", "languages": ["en"]}])
                for o in (home, partner, third)]
        for a, b in ((0, 1), (0, 2), (1, 2)):
            req = events.send_request(by=officer, requester=regs[a], recipient=regs[b], priority=2)
            events.answer_request(req, by=officer, accept=True)
    return {"event": event.pk, "opportunities": opps, "officer": officer.pk,
            "submitted": submitted.pk}


def enqueue_reindex() -> dict[str, object]:
    from liaison.matchmaking.tasks import reindex_task

    return {"task": str(reindex_task.enqueue(organizations="all").id)}


def start_scheduling(event_id: int) -> dict[str, object]:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from liaison.accounts.models import User
    from liaison.events import services
    from liaison.events.models import Event

    with transaction.atomic():
        run = services.start_scheduling(Event.objects.get(pk=event_id),
                                        by=User.objects.get(username="officer"), time_limit=60)
    task = DBTaskResult.objects.filter(task_path__endswith="schedule_event").latest("enqueued_at")
    return {"run": run.pk, "task": str(task.pk)}


def task(task_id: str) -> dict[str, object]:
    from django_tasks_db.models import DBTaskResult

    t = DBTaskResult.objects.get(pk=task_id)
    return {"status": t.status, "error": t.exception_class_path, "reason": t.traceback[-300:],
            "attempts": len(t.worker_ids)}


def run(run_id: int) -> dict[str, object]:
    from django.test import Client

    from liaison.accounts.models import User
    from liaison.events.models import SchedulingRun

    r = SchedulingRun.objects.get(pk=run_id)
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    page = client.get(f"/events/runs/{run_id}/")
    return {"status": r.status, "message": r.message, "http": page.status_code,
            "html": page.content.decode()}


def stats() -> dict[str, object]:
    from liaison.common.backup import table_stats

    return table_stats()


def search(text: str) -> dict[str, object]:
    from liaison.matchmaking import engine

    return {"hits": [h.id for h in engine.index().search(text, k=5)]}


def matches() -> dict[str, object]:
    from liaison.matchmaking.models import IndexProfile, Match

    return {"matches": Match.objects.count(), "indexed": IndexProfile.objects.count()}


if __name__ == "__main__":
    django.setup()
    command, *args = sys.argv[1:]
    handlers = {"seed": seed, "enqueue-reindex": enqueue_reindex, "start-scheduling": start_scheduling,
                "task": task, "run": run, "matches": matches, "stats": stats,
                "search": search}
    print(json.dumps(handlers[command](*[int(a) if a.isdigit() else a for a in args])))
