"""The neighbourhood models of the search hold every rule against the meetings kept fixed."""

from __future__ import annotations

from ortools.sat.python import cp_model

from liaison.scheduling import Interpreter
from liaison.scheduling.prepare import prepare
from liaison.scheduling.solver import _build, _read

from .support import instance, meeting, people, slots


def test_interpreter_held_by_a_fixed_meeting_of_another_pair_is_not_free() -> None:
    # One slot, one interpreter who speaks all three languages. The zh-he meeting is held
    # in the slot; the free zh-en meeting would need the same interpreter, so re-solving the
    # free one alone must leave it out (before, only the free meeting's own pair was
    # counted, and the schedule lost a meeting when interpreters were assigned).
    inst = instance(
        slots(1),
        people("a", "b", "c", "d"),
        [
            meeting("held", "a", "b", languages=("zh", "he")),
            meeting("free", "c", "d", languages=("zh", "en")),
        ],
        interpreters=(Interpreter("i-all", frozenset({"zh", "he", "en"})),),
    )
    prep = prepare(inst)
    held, free = 0, 1
    sub = _build(prep, {free: [0]}, {held: 0}, with_breaks=False)
    sub.model.maximize(sub.priority)
    solver = cp_model.CpSolver()
    assert solver.solve(sub.model) == cp_model.OPTIMAL
    assert _read(sub, solver) == {}
