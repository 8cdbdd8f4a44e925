"""The independent verifier: checks every hard rule of a result against its instance and
recomputes the objective from the assignments alone.

It shares no code with the solver on purpose (only the typed values), so a bug in the
solver's model cannot hide itself. The tests and the benchmark judge results with it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from liaison.scheduling.model import Assignment, Instance, Objective, Result


@dataclass
class Verdict:
    """The verifier's findings: rule violations (empty when valid) and the true objective."""

    violations: list[str] = field(default_factory=list)
    objective: Objective = field(default_factory=lambda: Objective(0, 0, 0, 0))
    break_spread: int = 0

    @property
    def valid(self) -> bool:
        return not self.violations


def _sequence_of(instance: Instance) -> dict[str, str]:
    """Slot id -> the sequence its breaks are counted in: its session, or with
    "breaks": "day" its calendar day (the date that begins its `start`)."""
    if instance.breaks == "day":
        return {s.id: s.start[:10] for s in instance.slots}
    return {s.id: s.session for s in instance.slots}


def breaks_by_participant(instance: Instance, assignments: list[Assignment]) -> dict[str, int]:
    """Each participant's breaks: per session (or day), the maximal runs of free slots
    between two of its meetings. Every participant of the instance is listed."""
    slot_pos = {s.id: i for i, s in enumerate(instance.slots)}
    sequence_of = _sequence_of(instance)
    meeting_by_id = {m.id: m for m in instance.meetings}
    busy: dict[tuple[str, str], set[int]] = defaultdict(set)
    for a in assignments:
        m = meeting_by_id.get(a.meeting)
        if m is None or a.slot not in slot_pos:
            continue
        for pid in m.participants:
            busy[(pid, sequence_of[a.slot])].add(slot_pos[a.slot])
    sequence_slots: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(instance.slots):
        sequence_slots[sequence_of[s.id]].append(i)
    out = {p.id: 0 for p in instance.participants}
    for (pid, sequence), used in busy.items():
        # Walk the sequence's slots in time order; a free stretch after a meeting that is
        # followed by another meeting is one break.
        seen_meeting = False
        in_gap = False
        for i in sequence_slots[sequence]:
            if i in used:
                if seen_meeting and in_gap:
                    out[pid] = out.get(pid, 0) + 1
                seen_meeting = True
                in_gap = False
            elif seen_meeting:
                in_gap = True
    return out


def count_breaks(instance: Instance, assignments: list[Assignment]) -> int:
    """Breaks: per participant and session (or day), maximal runs of free slots between
    two meetings."""
    return sum(breaks_by_participant(instance, assignments).values())


def objective_of(instance: Instance, assignments: list[Assignment]) -> Objective:
    """Recompute scheduled, priority, moved and breaks from assignments.

    A scheduled meeting counts as moved when it has a `previous` placement in another slot
    (a meeting left out is paid for in priority, not here; this is how the reference
    figures of the benchmark count).
    """
    meeting_by_id = {m.id: m for m in instance.meetings}
    placed = {a.meeting: a for a in assignments if a.meeting in meeting_by_id}
    priority = sum(meeting_by_id[mid].priority for mid in placed)
    moved = 0
    for m in instance.meetings:
        a = placed.get(m.id)
        if m.previous is not None and a is not None and a.slot != m.previous.slot:
            moved += 1
    return Objective(
        scheduled=len(placed),
        priority=priority,
        moved=moved,
        breaks=count_breaks(instance, list(placed.values())),
    )


def verify(instance: Instance, result: Result) -> Verdict:
    """Check every hard rule and the claimed objective; return the findings."""
    v: list[str] = []
    slots = {s.id: s for s in instance.slots}
    tables = set(instance.tables)
    participants = {p.id: p for p in instance.participants}
    interpreters = {i.id: i for i in instance.interpreters}
    meetings = {m.id: m for m in instance.meetings}

    counts = Counter(a.meeting for a in result.assignments)
    for mid, n in counts.items():
        if n > 1:
            v.append(f"meeting {mid!r} is assigned {n} times")
    participant_slot: dict[tuple[str, str], list[str]] = defaultdict(list)
    table_slot: dict[tuple[str, str], list[str]] = defaultdict(list)
    interpreter_slot: dict[tuple[str, str], list[str]] = defaultdict(list)
    per_participant: Counter[str] = Counter()
    valid_assignments: list[Assignment] = []
    for a in result.assignments:
        m = meetings.get(a.meeting)
        if m is None:
            v.append(f"assignment names unknown meeting {a.meeting!r}")
            continue
        if a.slot not in slots:
            v.append(f"meeting {m.id!r} is assigned to unknown slot {a.slot!r}")
            continue
        if a.table not in tables:
            v.append(f"meeting {m.id!r} is assigned to unknown table {a.table!r}")
        valid_assignments.append(a)
        slot = slots[a.slot]
        if m.session is not None and slot.session != m.session:
            v.append(
                f"meeting {m.id!r} must be in session {m.session!r} but is in slot {a.slot!r} "
                f"of session {slot.session!r}"
            )
        for pid in m.participants:
            p = participants[pid]
            participant_slot[(pid, a.slot)].append(m.id)
            per_participant[pid] += 1
            if a.slot in p.unavailable:
                v.append(
                    f"participant {pid!r} is unavailable in slot {a.slot!r} (meeting {m.id!r})"
                )
            if p.table is not None and a.table != p.table:
                v.append(
                    f"meeting {m.id!r} must be at {pid!r}'s own table {p.table!r}, not {a.table!r}"
                )
        table_slot[(a.table, a.slot)].append(m.id)
        if m.languages is not None and a.interpreter is None:
            v.append(f"meeting {m.id!r} needs an interpreter ({'-'.join(m.languages)})")
        if a.interpreter is not None:
            # Even a meeting that needs no interpreter may only name one the event has, who
            # is then taken for that slot.
            it = interpreters.get(a.interpreter)
            if it is None:
                v.append(f"meeting {m.id!r} names unknown interpreter {a.interpreter!r}")
            else:
                if m.languages is not None and not set(m.languages) <= it.languages:
                    v.append(
                        f"interpreter {it.id!r} does not speak both {m.languages[0]!r} and "
                        f"{m.languages[1]!r} (meeting {m.id!r})"
                    )
                if a.slot in it.unavailable:
                    v.append(
                        f"interpreter {it.id!r} is unavailable in slot {a.slot!r} "
                        f"(meeting {m.id!r})"
                    )
            interpreter_slot[(a.interpreter, a.slot)].append(m.id)

    for (pid, sid), mids in participant_slot.items():
        if len(mids) > 1:
            v.append(f"participant {pid!r} is double-booked in slot {sid!r}: {sorted(mids)}")
    for (tid, sid), mids in table_slot.items():
        if len(mids) > 1:
            v.append(f"table {tid!r} holds {len(mids)} meetings in slot {sid!r}: {sorted(mids)}")
    for (iid, sid), mids in interpreter_slot.items():
        if len(mids) > 1:
            v.append(f"interpreter {iid!r} is in {len(mids)} meetings in slot {sid!r}")
    for pid, n in per_participant.items():
        cap = participants[pid].max_meetings
        if cap is not None and n > cap:
            v.append(f"participant {pid!r} has {n} meetings, above max_meetings {cap}")

    assigned = set(counts)
    listed = [u.meeting for u in result.unscheduled]
    for mid in listed:
        if mid not in meetings:
            v.append(f"unscheduled names unknown meeting {mid!r}")
        elif mid in assigned:
            v.append(f"meeting {mid!r} is both assigned and unscheduled")
    missing = set(meetings) - assigned - set(listed)
    for mid in sorted(missing):
        v.append(f"meeting {mid!r} is neither assigned nor listed as unscheduled")

    placed_once = {a.meeting: a for a in valid_assignments}
    per = breaks_by_participant(instance, list(placed_once.values()))
    spread = max(per.values()) - min(per.values()) if per else 0
    if instance.max_break_spread is not None and spread > instance.max_break_spread:
        most = max(per, key=lambda pid: per[pid])
        v.append(
            f"break spread {spread} is above max_break_spread {instance.max_break_spread} "
            f"(participant {most!r} has {per[most]} breaks)"
        )
    if result.break_spread is not None and result.break_spread != spread:
        v.append(f"claimed break_spread {result.break_spread} differs from recomputed {spread}")
    objective = objective_of(instance, valid_assignments)
    if result.objective is not None and result.objective != objective:
        v.append(f"claimed objective {result.objective} differs from recomputed {objective}")
    if result.bound is not None:
        if result.bound.priority is not None and result.bound.priority < objective.priority:
            v.append(
                f"bound.priority {result.bound.priority} is below the scheduled priority "
                f"{objective.priority}"
            )
        if result.bound.breaks is not None and result.bound.breaks > objective.breaks:
            v.append(f"bound.breaks {result.bound.breaks} is above the breaks {objective.breaks}")
    return Verdict(violations=v, objective=objective, break_spread=spread)
