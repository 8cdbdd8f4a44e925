"""The scheduler's rules on small instances whose optimum is known by hand."""

from __future__ import annotations

from dataclasses import replace

from liaison.scheduling import Instance, Interpreter, Result, solve, verify

from .support import instance, meeting, people, slots


def run(inst: Instance) -> Result:
    result = solve(inst, time_limit=10, seed=1)
    verdict = verify(inst, result)
    assert verdict.violations == []
    return result


def slot_of(result: Result) -> dict[str, str]:
    return {a.meeting: a.slot for a in result.assignments}


def reasons(result: Result) -> dict[str, str]:
    return {u.meeting: u.reason for u in result.unscheduled}


def test_participant_is_never_double_booked() -> None:
    inst = instance(
        slots(1), people("a", "b", "c"), [meeting("m1", "a", "b"), meeting("m2", "a", "c", 2)]
    )
    result = run(inst)
    assert slot_of(result) == {"m2": "a1"}
    assert result.objective is not None and result.objective.priority == 2
    assert result.status == "optimal"
    assert result.bound is not None and result.bound.priority == 2


def test_two_meetings_of_one_participant_share_two_slots_without_a_break() -> None:
    inst = instance(
        slots(2), people("a", "b", "c"), [meeting("m1", "a", "b"), meeting("m2", "a", "c")]
    )
    result = run(inst)
    assert sorted(slot_of(result).values()) == ["a1", "a2"]
    assert result.objective is not None
    assert (result.objective.scheduled, result.objective.breaks) == (2, 0)


def test_unavailable_slot_is_never_used() -> None:
    inst = instance(
        slots(3),
        people("a", "b", unavailable={"unavailable": ["a1", "a2"]}),
        [meeting("m1", "a", "b")],
    )
    inst = instance(
        slots(3),
        people("a", "b", b={"unavailable": ["a1", "a2"]}),
        [meeting("m1", "a", "b")],
    )
    assert slot_of(run(inst)) == {"m1": "a3"}


def test_no_common_available_slot_is_reported() -> None:
    inst = instance(
        slots(2),
        people("a", "b", a={"unavailable": ["a1"]}, b={"unavailable": ["a2"]}),
        [meeting("m1", "a", "b")],
    )
    result = run(inst)
    assert reasons(result) == {"m1": "no common available slot"}
    assert result.status == "optimal"


def test_table_capacity_limits_meetings_per_slot() -> None:
    inst = instance(
        slots(2),
        people("a", "b", "c", "d", "e", "f"),
        [meeting("m1", "a", "b", 1), meeting("m2", "c", "d", 3), meeting("m3", "e", "f", 2)],
        tables=1,
    )
    result = run(inst)
    assert sorted(slot_of(result)) == ["m2", "m3"]
    assert result.objective is not None and result.objective.priority == 5
    assert len({(a.slot, a.table) for a in result.assignments}) == 2


def test_meetings_of_an_exhibitor_take_place_at_own_table() -> None:
    inst = instance(
        slots(3),
        people("x", "b", "c", x={"table": "T2"}),
        [meeting("m1", "x", "b"), meeting("m2", "x", "c"), meeting("m3", "b", "c")],
        tables=2,
    )
    result = run(inst)
    tables = {a.meeting: a.table for a in result.assignments}
    assert tables["m1"] == "T2" and tables["m2"] == "T2"
    assert result.objective is not None and result.objective.scheduled == 3


def test_participants_with_different_own_tables_cannot_meet() -> None:
    inst = instance(
        slots(2),
        people("x", "y", x={"table": "T1"}, y={"table": "T2"}),
        [meeting("m1", "x", "y")],
        tables=2,
    )
    assert reasons(run(inst)) == {"m1": "participants have different own tables"}


def test_session_restriction_holds() -> None:
    inst = instance(slots(2, 2), people("a", "b"), [meeting("m1", "a", "b", session="s-b")])
    assert slot_of(run(inst))["m1"] in {"b1", "b2"}


def test_meeting_in_a_session_without_slots_is_reported() -> None:
    inst = instance(slots(2), people("a", "b"), [meeting("m1", "a", "b", session="nope")])
    assert reasons(run(inst)) == {"m1": "session nope has no slots"}


def test_max_meetings_caps_a_participant_keeping_the_most_important() -> None:
    inst = instance(
        slots(4),
        people("a", "b", "c", "d", a={"max_meetings": 2}),
        [meeting("m1", "a", "b", 1), meeting("m2", "a", "c", 3), meeting("m3", "a", "d", 2)],
    )
    result = run(inst)
    assert sorted(slot_of(result)) == ["m2", "m3"]
    assert reasons(result) == {"m1": "participant a has reached max_meetings 2"}


def test_meeting_needing_an_interpreter_gets_one_who_speaks_both() -> None:
    inst = instance(
        slots(1),
        people("a", "b"),
        [meeting("m1", "a", "b", languages=("zh", "he"))],
        interpreters=(
            Interpreter("i-en", frozenset({"zh", "en"})),
            Interpreter("i-he", frozenset({"zh", "he"})),
        ),
    )
    assert [a.interpreter for a in run(inst).assignments] == ["i-he"]


def test_no_interpreter_speaking_both_languages_is_reported() -> None:
    inst = instance(
        slots(1),
        people("a", "b"),
        [meeting("m1", "a", "b", languages=("zh", "he"))],
        interpreters=(Interpreter("i-en", frozenset({"zh", "en"})),),
    )
    assert reasons(run(inst)) == {"m1": "no interpreter speaks both zh and he"}


def test_unavailable_interpreter_is_not_used() -> None:
    inst = instance(
        slots(2),
        people("a", "b"),
        [meeting("m1", "a", "b", languages=("zh", "he"))],
        interpreters=(Interpreter("i1", frozenset({"zh", "he"}), frozenset({"a1"})),),
    )
    result = run(inst)
    assert [(a.slot, a.interpreter) for a in result.assignments] == [("a2", "i1")]


def test_interpreters_are_matched_exactly_across_language_pairs() -> None:
    # One slot; i-all can take any meeting, i-en only zh-en. Two zh-he meetings compete for
    # i-all, so at most two of the three meetings can take place (Hall's condition).
    inst = instance(
        slots(1),
        people("a", "b", "c", "d", "e", "f"),
        [
            meeting("m1", "a", "b", 2, languages=("zh", "he")),
            meeting("m2", "c", "d", 1, languages=("he", "zh")),
            meeting("m3", "e", "f", 1, languages=("zh", "en")),
        ],
        interpreters=(
            Interpreter("i-all", frozenset({"zh", "he", "en"})),
            Interpreter("i-en", frozenset({"zh", "en"})),
        ),
    )
    result = run(inst)
    assert {a.meeting: a.interpreter for a in result.assignments} == {"m1": "i-all", "m3": "i-en"}
    assert result.status == "optimal"


def test_breaks_are_removed_when_a_compact_day_exists() -> None:
    # First-fit would put m1 in a1 and m2 in a3 (b is busy in a2): one break for a.
    inst = instance(
        slots(3),
        people("a", "b", "c", "d"),
        [meeting("m0", "b", "d", 3), meeting("m1", "a", "c"), meeting("m2", "a", "b")],
    )
    result = run(inst)
    assert result.objective is not None and result.objective.breaks == 0
    assert result.objective.scheduled == 3
    assert result.status == "optimal"


def test_breaks_count_only_inside_a_session() -> None:
    # a meets in the last slot of the morning and the first of the afternoon: no break,
    # and it cannot do better since b and c are each available only there.
    inst = instance(
        slots(2, 2),
        people(
            "a",
            "b",
            "c",
            b={"unavailable": ["a1", "b1", "b2"]},
            c={"unavailable": ["a1", "a2", "b2"]},
        ),
        [meeting("m1", "a", "b"), meeting("m2", "a", "c")],
    )
    result = run(inst)
    assert slot_of(result) == {"m1": "a2", "m2": "b1"}
    assert result.objective is not None and result.objective.breaks == 0


def test_unavoidable_break_is_counted_once() -> None:
    inst = instance(
        slots(4),
        people(
            "a",
            "b",
            "c",
            b={"unavailable": ["a2", "a3", "a4"]},
            c={"unavailable": ["a1", "a2", "a3"]},
        ),
        [meeting("m1", "a", "b"), meeting("m2", "a", "c")],
    )
    result = run(inst)
    assert result.objective is not None and result.objective.breaks == 1
    assert result.bound is not None and result.bound.breaks == 1


def test_replanning_moves_only_the_meeting_whose_slot_became_impossible() -> None:
    # The published day was m1 a1, m2 a2, m3 a3; now c cannot make a2. Only m2 moves, to
    # a4 (a1 and a3 stay put), which leaves a one-slot break for a.
    inst = instance(
        slots(4),
        people("a", "b", "c", "d", c={"unavailable": ["a2"]}),
        [
            meeting("m1", "a", "b", previous="a1"),
            meeting("m2", "a", "c", previous="a2"),
            meeting("m3", "a", "d", previous="a3"),
        ],
    )
    result = run(inst)
    assert slot_of(result) == {"m1": "a1", "m2": "a4", "m3": "a3"}
    assert result.objective is not None
    assert (result.objective.moved, result.objective.breaks) == (1, 1)


def test_priority_comes_before_moves() -> None:
    # A new, more important meeting can only happen in a1, where m1 was published.
    inst = instance(
        slots(2),
        people("a", "b", "c", c={"unavailable": ["a2"]}),
        [meeting("m1", "a", "b", previous="a1"), meeting("new", "a", "c", 2)],
    )
    result = run(inst)
    assert slot_of(result) == {"new": "a1", "m1": "a2"}
    assert result.objective is not None
    assert (result.objective.priority, result.objective.moved) == (3, 1)


def test_moves_come_before_breaks() -> None:
    # Keeping m2 in a3 leaves a break for a; moving it would close it, but moves count first.
    inst = instance(
        slots(3),
        people("a", "b", "c"),
        [meeting("m1", "a", "b", previous="a1"), meeting("m2", "a", "c", previous="a3")],
    )
    result = run(inst)
    assert slot_of(result) == {"m1": "a1", "m2": "a3"}
    assert result.objective is not None
    assert (result.objective.moved, result.objective.breaks) == (0, 1)


def test_event_without_tables_schedules_nothing_and_says_why() -> None:
    inst = instance(slots(1), people("a", "b"), [meeting("m1", "a", "b")], tables=0)
    result = run(inst)
    assert reasons(result) == {"m1": "the event has no tables"}
    assert result.objective is not None and result.objective.scheduled == 0


def test_progress_is_reported_from_start_to_done() -> None:
    seen: list[tuple[float, str]] = []
    inst = instance(slots(2), people("a", "b"), [meeting("m1", "a", "b")])
    solve(inst, time_limit=5, progress=lambda f, m: seen.append((f, m)))
    assert seen[-1][1] == "done"
    assert all(0.0 <= f <= 1.0 for f, _ in seen)


def test_breaks_by_day_keep_the_afternoon_next_to_the_morning() -> None:
    # m1 can only be at a3 (the last morning slot). Counting per session, m2 may go to any
    # afternoon slot; counting per day, only b1 leaves no gap around lunch.
    day_slots = slots(3, 3, days=("2026-05-10", "2026-05-10"))
    who = people("a", "b", "c", b={"unavailable": ["a1", "a2"]}, c={"unavailable": ["a1", "a2"]})
    meetings = [meeting("m1", "a", "b", 2, session="s-a"), meeting("m2", "a", "c", 1)]
    result = run(instance(day_slots, who, meetings, breaks="day"))
    assert slot_of(result) == {"m1": "a3", "m2": "b1"}
    assert result.status == "optimal"
    assert result.objective is not None and result.objective.breaks == 0


def forced_gap(**options: object) -> Instance:
    # a can meet b only in a1 and c only in a3: with both, a has a break it cannot avoid.
    who = people("a", "b", "c", b={"unavailable": ["a2", "a3"]}, c={"unavailable": ["a1", "a2"]})
    inst = instance(slots(3), who, [meeting("m1", "a", "b", 2), meeting("m2", "a", "c")])
    return replace(inst, **options)  # type: ignore[arg-type]


def test_the_proven_lower_bound_on_breaks_is_reported() -> None:
    result = run(forced_gap())
    assert result.objective is not None and result.objective.breaks == 1
    assert result.status == "optimal"
    assert result.bound is not None and result.bound.breaks == 1
    assert result.break_spread == 1


def test_max_break_spread_is_a_hard_rule_that_costs_priority_if_it_must() -> None:
    result = run(forced_gap(max_break_spread=0))
    assert slot_of(result) == {"m1": "a1"}
    assert result.objective is not None and result.objective.breaks == 0
    assert result.break_spread == 0
