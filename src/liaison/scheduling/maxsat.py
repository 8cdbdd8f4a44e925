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

The SAT oracle is CaDiCaL 1.9.5 (five to nine times faster than Glucose 4 on the dense
two-session days: 1.7-5 CPU seconds against 6-44 to find a schedule without breaks). The
search is bounded by a number of SAT conflicts, not by the clock, so a run is reproducible;
`seconds` only converts the budget. CaDiCaL holds the interpreter lock while it solves and
cannot be interrupted, so the solver runs it in a child process (`MaxSatProcess`), which
reports every improvement of the lower bound as it is proven and is killed when the wall
clock says so.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from multiprocessing.connection import Connection
from typing import Any

from pysat.card import CardEnc, EncType
from pysat.examples.rc2 import RC2
from pysat.formula import WCNF, IDPool
from pysat.solvers import Solver

from liaison.scheduling.greedy import session_breaks
from liaison.scheduling.prepare import Prepared

# SAT conflicts granted per second of budget: CaDiCaL does 10 000-16 000 a second of CPU on
# the dense forums on the development machine.
CONFLICTS_PER_SECOND = 10_000
# The same for the downward search (`downward=True`), whose formula carries a totalizer as
# large as the start's breaks: 31 000 conflicts took 8.6 CPU seconds in all on
# delegation-l's four sessions (setup included), 1 500 a second on the largest alone.
DOWNWARD_CONFLICTS_PER_SECOND = 3_000
SAT_SOLVER = "cadical195"
HALL_ALL_SUBSETS = 10


@dataclass
class MaxSatOutcome:
    """The optimal slots (None when the budget ran out first) and the proven lower bound."""

    slot_of: dict[int, int] | None
    lower_bound: int
    optimal: bool
    interrupted: bool = False  # stopped from outside (the wall clock), not by its budget
    infeasible: bool = False  # the meetings do not all fit (lower_bound means nothing)


class _OutOfBudget(Exception):
    """The conflict budget ran out (or the caller asked to stop) during a SAT call."""


# Conflicts per SAT call before a stop request is looked at (CaDiCaL cannot be interrupted);
# without one (in a child process, which is killed instead), a call gets the whole budget:
# CaDiCaL loses ground at each new call.
SLICE = 20_000


class _Budgeted(RC2):  # type: ignore[misc]
    """RC2 whose SAT calls share one conflict budget, reporting each new lower bound."""

    def __init__(
        self,
        formula: WCNF,
        budget: int,
        on_bound: Callable[[int], None] | None,
        stop: threading.Event | None,
    ) -> None:
        super().__init__(formula, solver=SAT_SOLVER, adapt=True, exhaust=True, minz=True, trim=5)
        self.budget = budget
        self.on_bound = on_bound
        self.stop = stop
        self.reported = 0
        self.exhausted = False
        self.stopped = False

    def _used(self) -> int:
        stats = self.oracle.accum_stats() or {}
        return int(stats.get("conflicts", 0))

    def _call_oracle(self, assumptions: Any = (), expect_interrupt: bool = False) -> Any:
        if self.on_bound is not None and self.cost > self.reported:
            self.reported = int(self.cost)
            self.on_bound(self.reported)
        while True:
            if self.stop is not None and self.stop.is_set():
                self.stopped = True
                raise _OutOfBudget
            left = self.budget - self._used()
            if left <= 0:
                self.exhausted = True
                raise _OutOfBudget
            # In slices, so that a stop request is seen; CaDiCaL keeps what it learnt.
            self.oracle.conf_budget(left if self.stop is None else min(left, SLICE))
            result = self.oracle.solve_limited(assumptions=list(assumptions))
            if result is not None:
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
    on_bound: Callable[[int], None] | None = None,
    linear: bool = False,
    allowed: dict[int, list[int]] | None = None,
    downward: bool = False,
    on_better: Callable[[dict[int, int]], None] | None = None,
) -> MaxSatOutcome:
    """Place every meeting of `meetings` with the fewest breaks (exact when it finishes).

    `allowed` narrows a meeting's slots (default: all its candidates), e.g. to one block:
    with the meetings of a block and its slots, the block is solved on its own (nothing
    else can use its slots, and no break spans two blocks). When they cannot all be
    placed, the outcome says `infeasible`.

    `downward` (with a `hint` placing every meeting) searches down from the hint's breaks
    instead: each answer is a better schedule, kept when the budget ends (`slot_of` is then
    the best found, or None when none beat the hint; `optimal` when proven)."""
    cand = allowed if allowed is not None else {j: prep.cand[j] for j in meetings}
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
        for s in cand[j]:
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

    budget = int(seconds * (DOWNWARD_CONFLICTS_PER_SECOND if downward else CONFLICTS_PER_SECOND))
    phases = []
    if hint:
        # Start the SAT solver's polarities at a known schedule.
        for j in meetings:
            for s in cand[j]:
                phases.append(f.var("x", j, s) * (1 if hint.get(j) == s else -1))
        if downward:
            # The whole known schedule, not only its slots: who is busy when, and no gap.
            held = {(p, hint[j]) for j in meetings if j in hint for p in prep.part[j]}
            phases.extend(b if key in held else -b for key, b in busy.items())
            phases.extend(-e for _p, e in gap_ends)

    def slots(model: list[int]) -> dict[int, int]:
        true = {lit for lit in model if lit > 0}
        slot_of = {}
        for j in meetings:
            for s in cand[j]:
                if f.var("x", j, s) in true:
                    slot_of[j] = s
                    break
        return slot_of

    if downward and hint is not None:
        # From the hint's breaks downwards (schedules with many breaks, where climbing from
        # "no break at all" takes a core per break): `optimal` only when proven.
        busy_of: dict[int, list[bool]] = defaultdict(lambda: [False] * prep.n_slots)
        for j in meetings:
            for p in prep.part[j]:
                busy_of[p][hint[j]] = True
        start = sum(session_breaks(b, seq) for b in busy_of.values() for seq in prep.sequences)
        found, k, proven = _downward(
            clauses.hard,
            [e for _p, e in gap_ends],
            f.pool,
            budget,
            phases,
            start,
            stop,
            slots,
            on_better,
        )
        return MaxSatOutcome(found, k if proven else 0, proven)

    # From the lower bound: first, is there a schedule without any break? One plain SAT
    # call with every gap end false as a fact is several times faster than the same
    # question as RC2's first call under assumptions (CaDiCaL simplifies with facts), and
    # on dense forums the answer is often yes, which ends the search.
    zero = Solver(name=SAT_SOLVER, bootstrap_with=clauses.hard)
    try:
        for _p, e in gap_ends:
            zero.add_clause([-e])
        if phases:
            zero.set_phases(phases)
        answer = None
        while answer is None:
            if stop is not None and stop.is_set():
                return MaxSatOutcome(None, 0, False, interrupted=True)
            left = budget - int((zero.accum_stats() or {}).get("conflicts", 0))
            if left <= 0:
                return MaxSatOutcome(None, 0, False)
            zero.conf_budget(left if stop is None else min(left, SLICE))
            answer = zero.solve_limited()
        if answer:
            return MaxSatOutcome(slots(zero.get_model()), 0, True)
        budget -= int((zero.accum_stats() or {}).get("conflicts", 0))
    finally:
        zero.delete()
    if not gap_ends:
        return MaxSatOutcome(None, 0, False, infeasible=True)
    if on_bound is not None:
        on_bound(1)
    if linear:
        return _linear(
            clauses.hard, [e for _p, e in gap_ends], f.pool, budget, phases, on_bound, stop, slots
        )

    rc2 = _Budgeted(clauses, budget, on_bound, stop)
    rc2.reported = 1
    try:
        if phases:
            rc2.oracle.set_phases(phases)
        try:
            model = rc2.compute()
        except _OutOfBudget:
            return MaxSatOutcome(None, max(1, int(rc2.cost)), False, interrupted=rc2.stopped)
        if model is None:
            return MaxSatOutcome(None, 0, False, infeasible=True)
        return MaxSatOutcome(slots(model), int(rc2.cost), True)
    finally:
        rc2.delete()


def _child(conn: Connection, prep: Prepared, meetings: list[int], options: dict[str, Any]) -> None:
    """In the child process: solve, sending each new lower bound, then the outcome."""
    outcome = min_breaks(
        prep,
        meetings,
        on_bound=lambda b: conn.send(("bound", b)),
        on_better=lambda slot_of: conn.send(("better", slot_of)),
        **options,
    )
    conn.send(("done", outcome))
    conn.close()


class MaxSatProcess:
    """`min_breaks` in a child process (CaDiCaL holds the interpreter lock while it runs).

    `bound` is the best lower bound proven so far (kept when the child is stopped early);
    `outcome()` waits for the result until `stop` is set, then kills the child."""

    def __init__(self, prep: Prepared, meetings: list[int], **options: Any) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child_end = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_child, args=(child_end, prep, list(meetings), options), daemon=True
        )
        self._process.start()
        child_end.close()
        self.bound = 0
        # The best schedule a downward search has sent so far (kept when it is stopped).
        self.better: dict[int, int] | None = None
        self._outcome: MaxSatOutcome | None = None

    def _drain(self, timeout: float) -> None:
        while self._outcome is None and self._conn.poll(timeout):
            try:
                kind, value = self._conn.recv()
            except EOFError:
                # The child died without an answer (killed from outside, out of memory).
                self._outcome = MaxSatOutcome(self.better, self.bound, False, interrupted=True)
                break
            if kind == "bound":
                self.bound = max(self.bound, int(value))
            elif kind == "better":
                self.better = value
            else:
                self._outcome = value
            timeout = 0

    def done(self) -> bool:
        self._drain(0)
        return self._outcome is not None

    def outcome(self, stop: threading.Event | None = None) -> MaxSatOutcome:
        """Wait for the child's outcome; when `stop` is set first, kill it."""
        while not self.done():
            if stop is not None and stop.is_set():
                self.cancel()
                break
            self._drain(0.1)
        assert self._outcome is not None
        return self._outcome

    def cancel(self) -> None:
        if self._outcome is None:
            self._drain(0)
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._conn.close()
        if self._outcome is None:
            self._outcome = MaxSatOutcome(self.better, self.bound, False, interrupted=True)


def _linear(
    hard: list[list[int]],
    softs: list[int],
    pool: IDPool,
    budget: int,
    phases: list[int],
    on_bound: Callable[[int], None] | None,
    stop: threading.Event | None,
    slots: Callable[[list[int]], dict[int, int]],
) -> MaxSatOutcome:
    """Upwards from the bound: at most k breaks, as a fact, for k = 1, 2, ... (the first k
    that is satisfiable is the optimum; each unsatisfiable one raises the bound)."""
    k = 1
    solver, total = _counting_solver(hard, softs, pool, k + 1, phases)
    try:
        while True:
            if stop is not None and stop.is_set():
                return MaxSatOutcome(None, k, False, interrupted=True)
            left = budget - int((solver.accum_stats() or {}).get("conflicts", 0))
            if left <= 0:
                return MaxSatOutcome(None, k, False)
            if k + 1 > total.ubound:
                before = len(total.cnf.clauses)
                total.increase(ubound=k + 1, top_id=max(pool.top, total.top_id))
                pool.occupy(pool.top + 1, total.top_id)
                solver.append_formula(total.cnf.clauses[before:])
            solver.conf_budget(left if stop is None else min(left, SLICE))
            answer = solver.solve_limited(assumptions=[-total.rhs[k]])
            if answer is None:
                continue
            if answer:
                return MaxSatOutcome(slots(solver.get_model()), k, True)
            k += 1
            if on_bound is not None:
                on_bound(k)
    finally:
        solver.delete()
        total.delete()


def _counting_solver(
    hard: list[list[int]], softs: list[int], pool: IDPool, ubound: int, phases: list[int]
) -> tuple[Any, Any]:
    """A SAT solver holding `hard` and a totalizer counting the true `softs` up to `ubound`
    (its `rhs[k]` false means "at most k"), started from `phases` when given."""
    from pysat.card import ITotalizer

    total = ITotalizer(lits=softs, ubound=ubound, top_id=pool.top)
    pool.occupy(pool.top + 1, total.top_id)
    solver = Solver(name=SAT_SOLVER, bootstrap_with=hard)
    solver.append_formula(total.cnf.clauses)
    if phases:
        solver.set_phases(phases)
    return solver, total


def _downward(
    hard: list[list[int]],
    softs: list[int],
    pool: IDPool,
    budget: int,
    phases: list[int],
    start: int,
    stop: threading.Event | None,
    slots: Callable[[list[int]], dict[int, int]],
    on_better: Callable[[dict[int, int]], None] | None = None,
) -> tuple[dict[int, int] | None, int, bool]:
    """Downwards from a known schedule with `start` breaks: at most k - 1 breaks, as a fact
    of a totalizer, while that is satisfiable; each answer is a better schedule, and the
    SAT solver's polarities follow it. Returns the best schedule found (None when none was
    better than the start), its breaks and whether it is proven optimal."""
    best: dict[int, int] | None = None
    k = start
    if k <= 0:
        return None, k, True
    solver, total = _counting_solver(hard, softs, pool, k, phases)
    try:
        while k > 0:
            if stop is not None and stop.is_set():
                return best, k, False
            left = budget - int((solver.accum_stats() or {}).get("conflicts", 0))
            if left <= 0:
                return best, k, False
            solver.conf_budget(left if stop is None else min(left, SLICE))
            # At most k - 1 of the soft literals true.
            answer = solver.solve_limited(assumptions=[-total.rhs[k - 1]])
            if answer is None:
                continue
            if not answer:
                return best, k, True
            model = solver.get_model()
            true = {lit for lit in model if lit > 0}
            k = sum(1 for e in softs if e in true)
            best = slots(model)
            if on_better is not None:
                on_better(best)
            solver.set_phases([lit for lit in model if abs(lit) <= pool.top])
        return best, 0, True
    finally:
        solver.delete()
        total.delete()
