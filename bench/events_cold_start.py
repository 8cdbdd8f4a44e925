"""Cold start of the events pages (#17 item 8): the first visit to the participant
marketplace and the first agenda PDF in a fresh process, without and with the start-up
warm-up (`liaison.common.warmup`, run by gunicorn's `post_worker_init` and `liaison worker`).

    .venv/bin/python bench/events_cold_start.py [--var /tmp/liaison-cold] [--rounds 2]

Seeds the demo delegation (~120 participants, fictional firms) into its own SQLite database
under --var the first time, then for each round starts two fresh Python processes: "cold"
(the pages as the first visitor meets them) and "warm" (the warm-up runs first, as at
start-up; its own time is printed apart). Prints wall and CPU seconds per request and the
load average beside them (the machine is shared: wall times inflate with the load).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _env(var: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"LIAISON_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "liaison.settings",
                "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
                "PYTHONPATH": str(REPO / "src")})
    env.pop("DATABASE_URL", None)
    return env


def seed(var: Path) -> None:
    marker = var / "cold-start-seeded"
    if marker.exists():
        return
    var.mkdir(parents=True, exist_ok=True)
    code = ("import django; django.setup();"
            "from django.core.management import call_command; call_command('migrate', verbosity=0);"
            "from liaison.demo.delegation import seed_demo_delegation; e = seed_demo_delegation();"
            "print(e.pk, e.registrations.count())")
    out = subprocess.run([sys.executable, "-c", code], env=_env(var), check=True, capture_output=True, text=True)
    print(f"seeded: event {out.stdout.split()[0]}, {out.stdout.split()[1]} registrations")
    marker.touch()


CHILD = r"""
import json, resource, sys, time
start_process = time.perf_counter()
import django
django.setup()
from django.test import Client
from liaison.events.models import Event
warm = sys.argv[1] == "warm"
out = {}
if warm:
    from liaison.common import warmup
    t, c = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_utime
    warmup.run("web")
    out["warm-up"] = (time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_utime - c)
event = Event.objects.order_by("pk").first()
officer = event.host_office.officers.first()
registration = event.registrations.order_by("pk").first()
client = Client()
client.force_login(officer)
for name, url in (("participants", f"/events/{event.pk}/participants/?as={registration.pk}"),
                  ("agenda.pdf", f"/events/registrations/{registration.pk}/agenda.pdf"),
                  ("participants again", f"/events/{event.pk}/participants/?as={registration.pk}")):
    t, c = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_utime
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    out[name] = (time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_utime - c)
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var", type=Path, default=Path("/tmp/liaison-cold-start"))
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    seed(args.var)
    print(f"{'process':6} {'request':20} {'wall s':>8} {'cpu s':>7}   load average")
    for _ in range(args.rounds):
        for mode in ("cold", "warm"):
            started = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", CHILD, mode], env=_env(args.var), check=True,
                                 capture_output=True, text=True)
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            for name, (wall, cpu) in figures.items():
                print(f"{mode:6} {name:20} {wall:8.2f} {cpu:7.2f}   {load}")
            print(f"{mode:6} {'(whole process)':20} {time.perf_counter() - started:8.2f}")


if __name__ == "__main__":
    main()
