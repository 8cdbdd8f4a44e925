"""The independent verifier finds every broken rule and recomputes the objective."""

from __future__ import annotations

from dataclasses import replace

from liaison.scheduling import Assignment, Interpreter, Objective, Result, Unscheduled, verify
from liaison.scheduling.verify import count_breaks

from .support import instance, meeting, people, slots

INST = instance(
    slots(4, 2),
    people("a", "b", "c", "x", a={"unavailable": ["a4"], "max_meetings": 3}, x={"table": "T2"}),
    [
        meeting("m1", "a", "b", 2, previous="a1"),
        meeting("m2", "a", "c", languages=("zh", "he")),
        meeting("m3", "a", "x", session="s-a"),
        meeting("m4", "b", "c"),
    ],
    tables=2,
    interpreters=(Interpreter("i1", frozenset({"zh", "he"}), frozenset({"a3"})),),
)


def result(*assignments: Assignment, unscheduled: tuple[str, ...] = ()) -> Result:
    return Result(
        status="feasible",
        assignments=list(assignments),
        unscheduled=[Unscheduled(m, "") for m in unscheduled],
    )


def test_valid_schedule_has_no_violations_and_its_objective() -> None:
    verdict = verify(
        INST,
        result(
            Assignment("m1", "a2", "T1"),
            Assignment("m2", "a1", "T1", "i1"),
            Assignment("m3", "b1", "T2"),
            Assignment("m4", "b2", "T1"),
            unscheduled=(),
        ),
    )
    assert verdict.violations == [
        "meeting 'm3' must be in session 's-a' but is in slot 'b1' of session 's-b'"
    ]
    ok = verify(
        INST,
        result(
            Assignment("m1", "a2", "T1"),
            Assignment("m2", "a1", "T1", "i1"),
            Assignment("m3", "a3", "T2"),
            Assignment("m4", "b1", "T1"),
        ),
    )
    assert ok.valid
    assert ok.objective == Objective(scheduled=4, priority=5, moved=1, breaks=0)


def test_double_booking_unavailability_and_table_clash_are_found() -> None:
    verdict = verify(
        INST,
        result(
            Assignment("m1", "a4", "T1"),
            Assignment("m3", "a4", "T1"),
            unscheduled=("m2", "m4"),
        ),
    )
    assert verdict.violations == [
        "participant 'a' is unavailable in slot 'a4' (meeting 'm1')",
        "participant 'a' is unavailable in slot 'a4' (meeting 'm3')",
        "meeting 'm3' must be at 'x''s own table 'T2', not 'T1'",
        "participant 'a' is double-booked in slot 'a4': ['m1', 'm3']",
        "table 'T1' holds 2 meetings in slot 'a4': ['m1', 'm3']",
    ]


def test_interpreter_rules_are_checked() -> None:
    missing = verify(INST, result(Assignment("m2", "a1", "T1"), unscheduled=("m1", "m3", "m4")))
    assert missing.violations == ["meeting 'm2' needs an interpreter (zh-he)"]
    away = verify(INST, result(Assignment("m2", "a3", "T1", "i1"), unscheduled=("m1", "m3", "m4")))
    assert away.violations == ["interpreter 'i1' is unavailable in slot 'a3' (meeting 'm2')"]


def test_cap_and_bookkeeping_are_checked() -> None:
    verdict = verify(
        INST,
        result(
            Assignment("m1", "a1", "T1"),
            Assignment("m1", "a2", "T1"),
            Assignment("zz", "a2", "T1"),
            unscheduled=("m2",),
        ),
    )
    assert verdict.violations == [
        "meeting 'm1' is assigned 2 times",
        "assignment names unknown meeting 'zz'",
        "meeting 'm3' is neither assigned nor listed as unscheduled",
        "meeting 'm4' is neither assigned nor listed as unscheduled",
    ]


def test_claimed_objective_must_match() -> None:
    claimed = result(Assignment("m4", "a1", "T1"), unscheduled=("m1", "m2", "m3"))
    claimed.objective = Objective(1, 7, 0, 0)
    assert verify(INST, claimed).violations == [
        "claimed objective Objective(scheduled=1, priority=7, moved=0, breaks=0) differs from "
        "recomputed Objective(scheduled=1, priority=1, moved=0, breaks=0)"
    ]


def test_breaks_count_runs_of_free_slots_between_meetings() -> None:
    # The format's own example: meetings in slots 1, 2, 5, 7 of a session give 2 breaks.
    inst = instance(
        slots(8),
        people("a", "b", "c", "d", "e"),
        [
            meeting("m1", "a", "b"),
            meeting("m2", "a", "c"),
            meeting("m3", "a", "d"),
            meeting("m4", "a", "e"),
        ],
    )
    placed = [
        Assignment("m1", "a1", "T1"),
        Assignment("m2", "a2", "T1"),
        Assignment("m3", "a5", "T1"),
        Assignment("m4", "a7", "T1"),
    ]
    assert count_breaks(inst, placed) == 2


def test_a_meeting_that_needs_no_interpreter_cannot_name_an_unknown_one() -> None:
    verdict = verify(
        INST, result(Assignment("m4", "a1", "T1", "i9"), unscheduled=("m1", "m2", "m3"))
    )
    assert verdict.violations == ["meeting 'm4' names unknown interpreter 'i9'"]
    known = verify(INST, result(Assignment("m4", "a1", "T1", "i1"), unscheduled=("m1", "m2", "m3")))
    assert known.valid


def test_with_breaks_by_day_free_slots_around_lunch_count_and_lunch_itself_does_not() -> None:
    # Morning a1-a3 and afternoon b1-b2 of one day, then c1-c2 on the next day.
    day_slots = slots(3, 2, 2, days=("2026-05-10", "2026-05-10", "2026-05-11"))
    meetings = [meeting("m1", "a", "b"), meeting("m2", "a", "c"), meeting("m3", "a", "d")]
    by_day = instance(day_slots, people("a", "b", "c", "d"), meetings, breaks="day")
    by_session = instance(day_slots, people("a", "b", "c", "d"), meetings)
    around_lunch = [Assignment("m1", "a3", "T1"), Assignment("m2", "b1", "T1")]
    assert count_breaks(by_day, around_lunch) == 0
    morning_gap = [Assignment("m1", "a1", "T1"), Assignment("m2", "b1", "T1")]
    assert count_breaks(by_day, morning_gap) == 1
    assert count_breaks(by_session, morning_gap) == 0
    # A free afternoon slot after lunch joins the free morning slots: still one break.
    both = [Assignment("m1", "a2", "T1"), Assignment("m2", "b2", "T1")]
    assert count_breaks(by_day, both) == 1
    # Days are separate sequences: nothing counts across the night.
    overnight = [Assignment("m2", "b1", "T1"), Assignment("m3", "c2", "T1")]
    assert count_breaks(by_day, overnight) == 0


def test_break_spread_above_the_instance_limit_is_a_violation() -> None:
    # a meets in a1 and a3 (one break), everyone else has none: a spread of 1.
    inst = instance(
        slots(3), people("a", "b", "c"), [meeting("m1", "a", "b"), meeting("m2", "a", "c")]
    )
    placed = result(Assignment("m1", "a1", "T1"), Assignment("m2", "a3", "T1"))
    assert verify(inst, placed).break_spread == 1
    assert verify(replace(inst, max_break_spread=1), placed).valid
    strict = verify(replace(inst, max_break_spread=0), placed)
    assert strict.violations == [
        "break spread 1 is above max_break_spread 0 (participant 'a' has 1 breaks)"
    ]
    placed.break_spread = 0
    assert verify(inst, placed).violations == ["claimed break_spread 0 differs from recomputed 1"]
