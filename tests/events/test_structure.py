"""The events app's shape, where a newcomer or the worker would trip over it: the scheduler
adapter owns both directions of its id encoding, and the background task does not sit in an
import cycle with the services (the worker imports the task first)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from liaison.events import planner

SRC = Path(__file__).resolve().parents[2] / "src"
# Import graphs and a child process that imports the task: no database in any of them.
pytestmark = pytest.mark.database_free


def test_the_adapter_reads_back_the_ids_it_writes() -> None:
    assert planner.slot_pk(planner.slot_code(41)) == 41
    assert planner.table_pk(planner.table_code(7)) == 7
    assert planner.meeting_pk(planner.meeting_code(1234)) == 1234
    assert planner.interpreter_pk(planner.interpreter_code(3)) == 3
    assert planner.interpreter_pk(None) is None
    assert planner.hold_code(planner.meeting_code(5)) == "hold-m5"


@pytest.mark.parametrize("code", ["t41", "s", "s4x", "hold-m5", "41"])
def test_the_adapter_refuses_an_id_of_another_kind_as_a_slot(code: str) -> None:
    with pytest.raises(ValueError, match="scheduler id"):
        planner.slot_pk(code)


def test_the_scheduling_task_and_what_it_calls_never_import_each_other_back() -> None:
    graph = grimp.build_graph("liaison", cache_dir=None)
    assert graph.find_modules_directly_imported_by("liaison.events.tasks") >= {"liaison.events.services.planning"}
    assert graph.find_shortest_chain(importer="liaison.events.services.planning",
                                     imported="liaison.events.tasks") is None
    assert graph.find_shortest_chain(importer="liaison.events.planner", imported="liaison.events.tasks") is None


def test_the_worker_can_import_the_task_before_anything_else_of_events() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "liaison.settings"}
    code = ("import django; django.setup(); import liaison.events.tasks as t; "
            "from liaison.events import services; print(t.schedule_event.name, services.start_scheduling.__name__)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["schedule_event", "start_scheduling"]
