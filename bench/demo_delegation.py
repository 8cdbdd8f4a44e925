"""Scheduling figures of the demo delegation, as the officer's buttons produce them.

    LIAISON_VAR_DIR=/tmp/demo .venv/bin/liaison demo --no-serve
    LIAISON_VAR_DIR=/tmp/demo .venv/bin/python bench/demo_delegation.py [--time-limit 30]

On the demo database: first-fit on the event (how event tools place meetings), then the
scheduler run (`start_scheduling` + `run_scheduling`, what the schedule page's button queues
for the worker), publication, one firm's change of availability (a session with meetings of
its), and the re-plan. Prints the figures of each step. It changes the database: use a
demo database made for it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()

    import django

    django.setup()
    from liaison.events import services
    from liaison.events.models import Event, Meeting, Registration
    from liaison.events.planner import build_instance, load_rows
    from liaison.scheduling.firstfit import first_fit
    from liaison.scheduling.verify import objective_of

    event = Event.objects.filter(published_at__isnull=True).order_by("pk").first()
    if event is None:
        sys.exit("no unpublished event: run `liaison demo --no-serve` into a new LIAISON_VAR_DIR")
    officer = event.host_office.officers.first()
    instance = build_instance(event, load_rows(event))
    print(f"event: {event} — {event.registrations.count()} registrations, "
          f"{len(instance.meetings)} meetings, {len(instance.slots)} slots, "
          f"{len(instance.tables)} tables, {event.interpreters.count()} interpreters")
    print(f"first-fit: {objective_of(instance, first_fit(instance).assignments)}")

    def schedule(label: str) -> None:
        started = time.perf_counter()
        run = services.run_scheduling(
            services.start_scheduling(event, by=officer, time_limit=args.time_limit))
        print(f"{label}: {run.solver_status}, {run.objective}, bound {run.bound}, "
              f"solver {run.seconds:.1f} s, wall {time.perf_counter() - started:.1f} s")

    schedule("schedule")
    services.publish_schedule(event, by=officer)
    event.refresh_from_db()
    firm = Registration.objects.filter(event=event, attendees__isnull=False).distinct().first()
    assert firm is not None
    meeting = (Meeting.objects.filter(a=firm, status="scheduled") | Meeting.objects.filter(
        b=firm, status="scheduled")).select_related("slot").first()
    assert meeting is not None and meeting.slot is not None
    clashing = services.change_availability(firm, by=officer,
                                            unavailable_sessions=[meeting.slot.session])
    print(f"availability: {firm} cannot attend {meeting.slot.session}; "
          f"{len(clashing)} of its meetings must move")
    schedule("re-plan")


if __name__ == "__main__":
    main()
