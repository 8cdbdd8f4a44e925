"""Fewest breaks by core-guided MaxSAT (RC2, python-sat), once the meetings are fixed.

When the priority level proves that every schedulable meeting fits, which meetings take
place is settled and only their slots remain to choose. Then breaks are counted exactly by
one soft literal per possible gap end ("participant p meets in slot s, is free in the slot
before, and met earlier in the sequence": one per break), all of them false in a schedule
without breaks. A core-guided MaxSAT solver starts from that ideal and relaxes it only as
far as unsatisfiable cores force: its cost is a proven lower bound at every moment, and
when it stops, the schedule is optimal. Dense forums have optima of a few breaks, which is
exactly where core-guided search is strong (the published optima of the real B2B
benchmark are proven this way; Bofill et al., JAIR 74 (2022)).

The hard part states the rules on aggregated capacities like the CP-SAT model (a
participant once per slot, tables per slot, shared own tables, interpreters by Hall's
condition, moves capped for re-plans), and the paper's two implied constraints: a
participant is busy in exactly as many slots as she has meetings, and at most twice the
tables of participants are busy in a slot.

The search is bounded by a number of SAT propagations, not by the clock, so a run is
reproducible; `seconds` only converts the budget.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from pysat.card import CardEnc, EncType
from pysat.examples.rc2 import RC2
from pysat.formula import WCNF, IDPool

from liaison.scheduling.prepare import Prepared

# SAT propagations granted per second of budget: Glucose 4 does about five million a second
# of CPU on these models on the development machine; the neighbourhood search shares the
# cores meanwhile.
PROPAGATIONS_PER_SECOND = 3_500_000
HALL_ALL_SUBSETS = 10


@dataclass
class MaxSatOutcome:
    """The optimal slots (None when the budget ran out first) and the proven lower bound."""

    slot_of: dict[int, int] | None
    lower_bound: int
    optimal: bool
    interrupted: bool = False  # stopped from outside (the wall clock), not by its budget
    infeasible: bool = False  # the meetings do not all fit (lower_bound means nothing)


class _Budgeted(RC2):  # type: ignore[misc]
    """RC2 whose SAT calls share one propagation budget; `exhausted` when it runs out."""

    def __init__(self, formula: WCNF, budget: int) -> None:
        super().__init__(formula, solver="g4", adapt=True, exhaust=True, minz=True, trim=5)
        self.budget = budget
        self.exhausted = False

    def _used(self) -> int:
        stats = self.oracle.accum_stats() or {}
        return int(stats.get("propagations", 0))

    def _call_oracle(self, assumptions: Any = (), expect_interrupt: bool = False) -> Any:
        left = self.budget - self._used()
        if left <= 0:
            self.exhausted = True
            return None
        self.oracle.prop_budget(left)
        result = self.oracle.solve_limited(assumptions=list(assumptions), expect_interrupt=True)
        if result is None:
            self.exhausted = True
        return result


class _Formula:
    def __init__(self) -> None:
        self.pool = IDPool()
        self.wcnf = WCNF()

    def var(self, *key: object) -> int:
        return int(self.pool.id(key))

    def card(self, lits: list[int], bound: int, kind: str) -> None:
        if kind == "le" and len(lits) <= bound:
            return
        encode = {"le": CardEnc.atmost, "eq": CardEnc.equals}[kind]
        encoding = EncType.seqcounter if len(lits) < 8 else EncType.kmtotalizer
        cnf = encode(lits=lits, bound=bound, vpool=self.pool, encoding=encoding)
        for clause in cnf.clauses:
            self.wcnf.append(clause)


def min_breaks(
    prep: Prepared,
    meetings: list[int],
    *,
    moved_limit: int | None,
    max_spread: int | None,
    seconds: float,
    stop: threading.Event | None = None,
    hint: dict[int, int] | None = None,
) -> MaxSatOutcome:
    """Place every meeting of `meetings` with the fewest breaks (exact when it finishes).

    When they cannot all be placed, the outcome says `infeasible`."""
    f = _Formula()
    clauses = f.wcnf
    by_ps: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_slot: dict[int, list[int]] = defaultdict(list)
    by_own: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_type: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    moved: list[int] = []
    count = [0] * prep.n_participants
    for j in meetings:
        lits = []
        for s in prep.cand[j]:
            x = f.var("x", j, s)
            lits.append(x)
            by_slot[s].append(x)
            for p in prep.part[j]:
                by_ps[(p, s)].append(x)
            t = prep.pinned[j]
            if t >= 0 and t in prep.shared_tables:
                by_own[(t, s)].append(x)
            if prep.ltype[j] >= 0:
                by_type[s][prep.ltype[j]].append(x)
            if prep.previous[j] >= 0 and prep.previous[j] != s:
                moved.append(x)
        f.card(lits, 1, "eq")
        for p in prep.part[j]:
            count[p] += 1
    for xs in by_slot.values():
        f.card(xs, prep.n_tables, "le")
    for xs in by_own.values():
        f.card(xs, 1, "le")
    for s, types in by_type.items():
        present = sorted(types)
        if len(present) <= HALL_ALL_SUBSETS:
            subsets = [c for r in range(1, len(present) + 1) for c in combinations(present, r)]
        else:
            subsets = [(k,) for k in present] + [tuple(present)]
        for subset in subsets:
            capable = {
                i for k in subset for i in prep.type_interpreters[k] if prep.interp_available[i][s]
            }
            f.card([x for k in subset for x in types[k]], len(capable), "le")
    if moved_limit is not None:
        f.card(moved, moved_limit, "le")

    busy: dict[tuple[int, int], int] = {}
    for (p, s), xs in by_ps.items():
        b = f.var("b", p, s)
        busy[(p, s)] = b
        f.card(xs, 1, "le")
        clauses.append([-b, *xs])
        for x in xs:
            clauses.append([-x, b])
    gap_ends: list[tuple[int, int]] = []  # (participant, soft literal)
    for p in range(prep.n_participants):
        if not count[p]:
            continue
        # Implied: busy in exactly as many slots as meetings.
        f.card([busy[(p, s)] for s in range(prep.n_slots) if (p, s) in busy], count[p], "eq")
        for seq in prep.sequences:
            before = before2 = 0  # "busy at or before" the previous slot / the one before
            previous = 0  # busy in the previous slot (0: cannot be)
            for s in seq:
                b = busy.get((p, s), 0)
                if b and before2:
                    # A gap ends here: busy now, free just before, busy earlier on.
                    e = f.var("e", p, s)
                    clauses.append([-b, -before2, e] + ([previous] if previous else []))
                    gap_ends.append((p, e))
                if not b:
                    now = before
                elif not before:
                    now = b
                else:
                    now = f.var("f", p, s)
                    clauses.extend([[-before, now], [-b, now], [before, b, -now]])
                before2, before, previous = before, now, b
    # Implied: at most twice the tables of participants are busy in a slot.
    for s in range(prep.n_slots):
        f.card(
            [busy[(p, s)] for p in range(prep.n_participants) if (p, s) in busy],
            2 * prep.n_tables,
            "le",
        )
    if max_spread is not None:
        # The caller only asks when some participant surely has no break, so the spread is
        # the largest break count.
        per: dict[int, list[int]] = defaultdict(list)
        for p, e in gap_ends:
            per[p].append(e)
        for lits in per.values():
            f.card(lits, max_spread, "le")
    for _p, e in gap_ends:
        clauses.append([-e], weight=1)

    rc2 = _Budgeted(clauses, int(seconds * PROPAGATIONS_PER_SECOND))
    if hint:
        # Start the SAT solver's polarities at a known schedule (phase saving moves on
        # from there).
        phases = []
        for j in meetings:
            for s in prep.cand[j]:
                phases.append(f.var("x", j, s) * (1 if hint.get(j) == s else -1))
        rc2.oracle.set_phases(phases)
    finished = threading.Event()
    stopped = [False]

    def watch() -> None:
        # Tell the SAT solver to stop when asked from outside (the wall clock).
        while stop is not None and not finished.is_set():
            if stop.wait(0.1):
                stopped[0] = True
                rc2.interrupt()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        model = rc2.compute(expect_interrupt=True)
        if model is None and not rc2.exhausted and not stopped[0]:
            return MaxSatOutcome(None, 0, False, infeasible=True)
        if model is None or rc2.exhausted or stopped[0]:
            return MaxSatOutcome(None, int(rc2.cost), False, interrupted=stopped[0])
        true = {lit for lit in model if lit > 0}
        slot_of = {}
        for j in meetings:
            for s in prep.cand[j]:
                if f.var("x", j, s) in true:
                    slot_of[j] = s
                    break
        return MaxSatOutcome(slot_of, int(rc2.cost), True)
    finally:
        finished.set()
        watcher.join()
        rc2.delete()
