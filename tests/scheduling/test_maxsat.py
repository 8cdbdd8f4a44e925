"""Core-guided MaxSAT finds the fewest breaks once every meeting fits, on dense days."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from liaison.scheduling import Assignment, parse_instance, verify
from liaison.scheduling.maxsat import min_breaks
from liaison.scheduling.prepare import prepare
from liaison.scheduling.verify import count_breaks

from .support import instance, meeting, people, slots

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from scheduling_dense import generate  # noqa: E402


def test_a_dense_one_session_day_gets_its_optimum_and_a_matching_bound() -> None:
    # A full round robin of 6 people in 5 slots: every slot is busy for everyone, no break.
    who = [f"p{k}" for k in range(6)]
    pairs = [(a, b) for i, a in enumerate(who) for b in who[i + 1 :]]
    inst = instance(
        slots(5),
        people(*who),
        [meeting(f"m{k}", a, b) for k, (a, b) in enumerate(pairs)],
        tables=3,
    )
    prep = prepare(inst)
    found = min_breaks(prep, prep.schedulable, moved_limit=None, max_spread=None, seconds=10)
    assert found.optimal and found.lower_bound == 0 and found.slot_of is not None
    assert len(found.slot_of) == 15
    placed = [
        Assignment(inst.meetings[j].id, inst.slots[s].id, "") for j, s in found.slot_of.items()
    ]
    assert count_breaks(inst, placed) == 0


def test_breaks_by_day_are_counted_across_lunch() -> None:
    # a meets b only in the morning's first slot and c only in the afternoon's last: with
    # breaks by day that is one break, whatever else happens.
    day = slots(2, 2, days=("2026-06-01", "2026-06-01"))
    who = people(
        "a", "b", "c", b={"unavailable": ["a2", "b1", "b2"]}, c={"unavailable": ["a1", "a2", "b1"]}
    )
    inst = instance(day, who, [meeting("m1", "a", "b"), meeting("m2", "a", "c")], breaks="day")
    prep = prepare(inst)
    found = min_breaks(prep, prep.schedulable, moved_limit=None, max_spread=None, seconds=10)
    assert found.optimal and found.lower_bound == 1


def test_an_exhausted_budget_still_gives_a_valid_lower_bound() -> None:
    inst = parse_instance(generate("dense1-s", 1))
    prep = prepare(inst)
    found = min_breaks(prep, prep.schedulable, moved_limit=None, max_spread=None, seconds=1e-6)
    assert not found.optimal and found.slot_of is None
    assert found.lower_bound == 0  # the proven optimum is 0


@pytest.mark.slow
def test_solve_reaches_the_proven_optimum_of_a_dense_forum() -> None:
    from liaison.scheduling import solve

    inst = parse_instance(generate("dense1-s", 1))
    result = solve(inst, time_limit=60, seed=0)
    assert verify(inst, result).valid
    assert result.objective is not None and result.objective.breaks == 0
    assert result.status == "optimal" and result.bound is not None and result.bound.breaks == 0


def test_a_two_session_day_without_breaks_is_found_by_one_sat_call() -> None:
    # The dense two-session shape (breaks by day: morning and afternoon are one sequence).
    inst = parse_instance(generate("dense2-s", 2))
    prep = prepare(inst)
    found = min_breaks(prep, prep.schedulable, moved_limit=None, max_spread=None, seconds=30)
    assert found.optimal and found.lower_bound == 0 and found.slot_of is not None
    assert len(found.slot_of) == len(prep.schedulable) == len(inst.meetings)
    placed = [
        Assignment(inst.meetings[j].id, inst.slots[s].id, "") for j, s in found.slot_of.items()
    ]
    assert count_breaks(inst, placed) == 0


def test_the_child_process_reports_its_bound_and_can_be_stopped() -> None:
    import threading

    from liaison.scheduling.maxsat import MaxSatProcess

    day = slots(2, 2, days=("2026-06-01", "2026-06-01"))
    who = people(
        "a", "b", "c", b={"unavailable": ["a2", "b1", "b2"]}, c={"unavailable": ["a1", "a2", "b1"]}
    )
    inst = instance(day, who, [meeting("m1", "a", "b"), meeting("m2", "a", "c")], breaks="day")
    prep = prepare(inst)
    child = MaxSatProcess(prep, prep.schedulable, moved_limit=None, max_spread=None, seconds=10)
    found = child.outcome()
    child.cancel()
    assert found.optimal and found.lower_bound == 1 and found.slot_of is not None
    assert child.bound == 1  # sent as proven, before the end

    # Stopped from outside (the wall clock): the child is killed, the outcome says so.
    big = prepare(parse_instance(generate("dense2-l", 2)))
    stop = threading.Event()
    stop.set()
    child = MaxSatProcess(big, big.schedulable, moved_limit=None, max_spread=None, seconds=60)
    stopped = child.outcome(stop)
    assert stopped.interrupted and not stopped.optimal and stopped.slot_of is None


@pytest.mark.slow
def test_solve_reaches_the_proven_optimum_of_a_dense_two_session_day() -> None:
    from liaison.scheduling import solve

    inst = parse_instance(generate("dense2-s", 1))
    result = solve(inst, time_limit=60, seed=0)
    assert verify(inst, result).valid
    assert result.objective is not None and result.objective.breaks == 0
    assert result.objective.scheduled == len(inst.meetings)
    assert result.status == "optimal" and result.bound is not None and result.bound.breaks == 0


@pytest.mark.slow
def test_without_child_processes_maxsat_runs_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    from liaison.scheduling import maxsat, solve

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(maxsat, "MaxSatProcess", refuse)
    inst = parse_instance(generate("dense1-s", 2))
    result = solve(inst, time_limit=60, seed=0)
    assert verify(inst, result).valid
    assert result.objective is not None and result.objective.breaks == 0
    assert result.status == "optimal"


def test_upwards_from_the_bound_finds_the_optimum_of_a_day_with_holes() -> None:
    # dense1-h-2: its optimum, 6 breaks, is proven by RC2 and recorded in the benchmark.
    prep = prepare(parse_instance(generate("dense1-h", 2)))
    bounds: list[int] = []
    options = {"moved_limit": None, "max_spread": None, "seconds": 30}
    found = min_breaks(prep, prep.schedulable, linear=True, on_bound=bounds.append, **options)
    assert found.optimal and found.lower_bound == 6 and found.slot_of is not None
    assert bounds == [1, 2, 3, 4, 5, 6]  # each proven before the schedule is found
    assert len(found.slot_of) == len(prep.schedulable)
    by_cores = min_breaks(prep, prep.schedulable, **options)
    assert by_cores.optimal and by_cores.lower_bound == 6


def test_polishing_a_session_removes_its_breaks_without_leaving_it() -> None:
    # a meets b, c and d; the morning holds all three with gaps (a1, a3, a5: two breaks for
    # a), the afternoon one meeting. Downwards from that schedule, inside the morning only,
    # the three meetings become consecutive and none moves to the afternoon.
    inst = instance(
        slots(5, 2),
        people("a", "b", "c", "d", "e"),
        [meeting("m1", "a", "b"), meeting("m2", "a", "c"), meeting("m3", "a", "d")]
        + [meeting("m4", "b", "e")],
    )
    prep = prepare(inst)
    slot = {sl.id: i for i, sl in enumerate(inst.slots)}
    hint = {0: slot["a1"], 1: slot["a3"], 2: slot["a5"], 3: slot["b1"]}
    morning = [0, 1, 2]
    allowed = {j: [s for s in prep.cand[j] if prep.slot_block[s] == 0] for j in morning}
    found = min_breaks(
        prep,
        morning,
        moved_limit=None,
        max_spread=None,
        seconds=10,
        hint=hint,
        allowed=allowed,
        downward=True,
    )
    assert found.optimal and found.lower_bound == 0 and found.slot_of is not None
    assert set(found.slot_of) == set(morning)
    assert {inst.slots[s].id[0] for s in found.slot_of.values()} == {"a"}
    placed = [
        Assignment(inst.meetings[j].id, inst.slots[s].id, "")
        for j, s in {**hint, **found.slot_of}.items()
    ]
    assert count_breaks(inst, placed) == 0
