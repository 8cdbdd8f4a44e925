"""The meeting scheduler: `solve(instance, time_limit=..., seed=..., progress=...)`.

Method (docs/scheduling.md has the longer story):

* `prepare` sets aside meetings that can never take place, with the reason;
* `greedy` gives a compact feasible start (first-fit is also tried; the better one wins);
* the LP relaxation (`bound.py`, GLOP) bounds priority;
* a CP-SAT model over "meeting j in slot s" booleans with aggregated capacities: tables per
  slot, own tables, interpreters per slot by Hall's condition over language pairs (exact,
  so a concrete table and interpreter always exist afterwards);
* small models get whole-model phases: maximise W*priority - moved (lexicographic by the
  weight), then, on the smallest, minimise breaks with both held;
* then, on every instance, large-neighbourhood search (`_Search`) for the time left.

Runs are deterministic for a given seed: every CP-SAT call is single-threaded with a
deterministic time budget derived from the time limit (the two cores run two such calls
side by side), and the search stops on a deterministic work budget; the wall clock only
cuts in as a safety net.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from liaison.scheduling.bound import lp_priority_bound
from liaison.scheduling.firstfit import first_fit
from liaison.scheduling.greedy import greedy, session_breaks
from liaison.scheduling.model import Bound, Instance, Objective, Result, Unscheduled
from liaison.scheduling.prepare import Prepared, assign_resources, prepare
from liaison.scheduling.verify import breaks_by_participant, objective_of

if TYPE_CHECKING:
    from liaison.scheduling.maxsat import MaxSatOutcome

Progress = Callable[[float, str], None]

# Above this many (meeting, slot) pairs the whole-model phases do not converge in a
# minute on two cores; large-neighbourhood search over sessions takes over.
FULL_MODEL_LIMIT = 30_000
# Up to this many (meeting, slot) pairs, breaks get a whole-model attempt first (which can
# prove optimality on small events); above it, only neighbourhood search.
WHOLE_BREAKS_LIMIT = 3_000
# When every meeting fits, MaxSAT (RC2) looks for the fewest breaks up to this many
# (meeting, slot) pairs, with this share of the time limit as its deterministic budget.
MAXSAT_LIMIT = 40_000
MAXSAT_SHARE = 0.9
# When the LP bound says every meeting may fit, MaxSAT has the cores alone for this share of
# the limit before the CP-SAT phases start beside it. At 0.5 the neighbourhood search took
# half the cores from MaxSAT's children from 26 s on, and dense2-h-2 reached its optimum at
# 51.4 s of 52 (the search's own schedule then had 31 breaks, against MaxSAT's 2); at 0.75
# it did at 36.7 s. The search is the fallback when MaxSAT proves nothing in time.
MAXSAT_FIRST = 0.75
# Below this many (meeting, slot) pairs MaxSAT runs in a thread of the solver's process;
# above, in two child processes (CaDiCaL holds the interpreter lock while it solves).
MAXSAT_CHILD_PAIRS = 1_000
# Deterministic time units granted per wall-clock second of budget. On these models CP-SAT
# takes 2-3 wall seconds per deterministic unit (measured on two cores), so the wall limit
# rarely binds first; when it does, the run is still valid but no longer reproducible.
DTIME_PER_SECOND = 0.25
# Deterministic work units (CP-SAT deterministic time plus a model-size charge) the
# neighbourhood search gets per wall-clock second left; the wall clock is only a safety net.
# On a quiet two-core machine this budget ends at about three quarters of the limit; on a
# loaded one the clock ends the search first (the result says so).
LNS_WORK_PER_SECOND = 0.45
# Work charged per neighbourhood solve on top of its deterministic time (setup, LP start).
CALL_OVERHEAD = 0.04
# After this many whole-day steps without gain in priority or moves, only one step in
# STALE_EVERY is a whole-day one (they use one core; session steps use both).
STALE_STEPS = 40
STALE_EVERY = 4
# Steps across sessions (once polishing proved every session optimal for the meetings it
# holds) free this many times the adaptive neighbourhood size, and at least CROSS_MIN
# meetings: what is left to gain there lies in which session holds which meeting, which
# small clusters rarely change. On replan-m (seed 0) this takes the search from 147 breaks
# to 140 (the proven optimum is 138); sizes 80 and 300 did worse (143-148, 147).
CROSS_SCALE = 3.0
CROSS_MIN = 150.0
# Polishing (`_polish`): with the meetings of each block (session, or day) held in it, the
# fewest breaks inside the block by SAT, downwards from the current schedule; a block is
# solved on its own (nothing else uses its slots, no break spans two blocks). Before the
# neighbourhood search and after it, each with this share of the limit on two cores.
POLISH_START = 0.1
POLISH_END = 0.1
# Blocks with more (meeting, slot) pairs than this are left to the neighbourhood search.
POLISH_BLOCK_LIMIT = 20_000
# Above this many (meeting, slot) pairs in all, polishing runs in child processes (two at
# a time; CaDiCaL holds the interpreter lock), below in this thread.
POLISH_CHILD_PAIRS = 1_000
# Above this many (meeting, slot) pairs the LP bound takes too long to be worth it.
LP_BOUND_LIMIT = 200_000
# Up to this many language pairs, Hall's condition is posted for every subset of pairs.
HALL_ALL_SUBSETS = 10


class _Halt:
    """The CP-SAT solves running now, stopped at once when MaxSAT has proven an optimum."""

    def __init__(self) -> None:
        self.fired = threading.Event()
        self._lock = threading.Lock()
        self._running: set[cp_model.CpSolver] = set()

    def fire(self) -> None:
        with self._lock:
            self.fired.set()
            for solver in self._running:
                solver.stop_search()

    def solve(self, solver: cp_model.CpSolver, model: cp_model.CpModel) -> cp_model.CpSolverStatus:
        with self._lock:
            if self.fired.is_set():
                # Halted already: a solve without time, so that its response exists.
                solver.parameters.max_time_in_seconds = 0.0
                solver.parameters.max_deterministic_time = 0.0
            self._running.add(solver)
        try:
            return solver.solve(model)
        finally:
            with self._lock:
                self._running.discard(solver)


NO_HALT = _Halt()


@dataclass
class _Sub:
    """A CP-SAT model over some free meetings, everything else held where it is."""

    model: cp_model.CpModel
    x: dict[int, list[tuple[int, cp_model.IntVar]]]
    priority: cp_model.LinearExpr | int = 0
    moved: cp_model.LinearExpr | int = 0
    breaks: cp_model.LinearExpr | int = 0
    break_vars: list[tuple[cp_model.IntVar, int, int]] = field(default_factory=list)
    start_vars: list[tuple[cp_model.IntVar, int, int]] = field(default_factory=list)
    breaks_bound: int = 0  # largest possible value of `breaks`
    moved_bound: int = 0
    by_ps: dict[tuple[int, int], list[cp_model.IntVar]] = field(default_factory=dict)
    fixed_busy: set[tuple[int, int]] = field(default_factory=set)


def _build(
    prep: Prepared,
    allowed: dict[int, list[int]],
    fixed: dict[int, int],
    *,
    with_breaks: bool,
) -> _Sub:
    """Model the free meetings `allowed` (meeting -> slots) around the `fixed` placements."""
    model = cp_model.CpModel()
    n_slots = prep.n_slots
    fixed_busy: set[tuple[int, int]] = set()
    fixed_count: dict[int, int] = defaultdict(int)
    fixed_tables = [0] * n_slots
    fixed_own: set[tuple[int, int]] = set()
    fixed_types: list[dict[int, int]] = [defaultdict(int) for _ in range(n_slots)]
    for j, s in fixed.items():
        for p in prep.part[j]:
            fixed_busy.add((p, s))
            fixed_count[p] += 1
        fixed_tables[s] += 1
        if prep.pinned[j] >= 0:
            fixed_own.add((prep.pinned[j], s))
        if prep.ltype[j] >= 0:
            fixed_types[s][prep.ltype[j]] += 1

    x: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    by_ps: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_slot: list[list[cp_model.IntVar]] = [[] for _ in range(n_slots)]
    by_own: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_type: list[dict[int, list[cp_model.IntVar]]] = [defaultdict(list) for _ in range(n_slots)]
    by_p: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    prio_terms: list[tuple[cp_model.IntVar, int]] = []
    moved_terms: list[cp_model.IntVar] = []
    for j in sorted(allowed):
        a, b = prep.part[j]
        t = prep.pinned[j]
        pairs = []
        for s in allowed[j]:
            if (a, s) in fixed_busy or (b, s) in fixed_busy:
                continue
            if t >= 0 and (t, s) in fixed_own:
                continue
            v = model.new_bool_var(f"x{j}_{s}")
            pairs.append((s, v))
            by_ps[(a, s)].append(v)
            by_ps[(b, s)].append(v)
            by_slot[s].append(v)
            by_p[a].append(v)
            by_p[b].append(v)
            if t >= 0 and t in prep.shared_tables:
                by_own[(t, s)].append(v)
            if prep.ltype[j] >= 0:
                by_type[s][prep.ltype[j]].append(v)
            prio_terms.append((v, prep.priority[j]))
            if prep.previous[j] >= 0 and prep.previous[j] != s:
                moved_terms.append(v)
        if not pairs:
            continue
        x[j] = pairs
        if len(pairs) > 1:
            model.add_at_most_one(v for _, v in pairs)
    for vs in by_ps.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    for s in range(n_slots):
        room = prep.n_tables - fixed_tables[s]
        if len(by_slot[s]) > room:
            model.add(sum(by_slot[s]) <= room)
    for vs in by_own.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    for p, vs in by_p.items():
        cap = prep.cap[p]
        if cap is not None and len(vs) > cap - fixed_count[p]:
            model.add(sum(vs) <= cap - fixed_count[p])
    if prep.types:
        _add_interpreter_capacity(prep, model, by_type, fixed_types)

    sub = _Sub(model=model, x=x)
    sub.priority = sum(c * v for v, c in prio_terms) if prio_terms else 0
    sub.moved = sum(moved_terms) if moved_terms else 0
    sub.moved_bound = len({j for j in x if prep.previous[j] >= 0})
    sub.by_ps = dict(by_ps)
    sub.fixed_busy = fixed_busy
    if with_breaks:
        _add_breaks(prep, sub)
    return sub


def _add_interpreter_capacity(
    prep: Prepared,
    model: cp_model.CpModel,
    by_type: list[dict[int, list[cp_model.IntVar]]],
    fixed_types: list[dict[int, int]],
) -> None:
    """Hall's condition per slot: for every set of language pairs, the meetings needing one of
    them fit the interpreters speaking one of them (exact, since meetings of one pair are
    interchangeable)."""
    for s in range(prep.n_slots):
        if not by_type[s]:
            continue
        # Pairs held by fixed meetings count too: they share interpreters with free ones.
        present = sorted(set(by_type[s]) | {k for k, n in fixed_types[s].items() if n})
        if len(present) <= HALL_ALL_SUBSETS:
            subsets = [c for r in range(1, len(present) + 1) for c in combinations(present, r)]
        else:
            subsets = [(k,) for k in present] + [tuple(present)]
        for subset in subsets:
            capable = {
                i for k in subset for i in prep.type_interpreters[k] if prep.interp_available[i][s]
            }
            fixed = sum(fixed_types[s].get(k, 0) for k in subset)
            vs = [v for k in subset for v in by_type[s].get(k, ())]
            if vs and len(vs) + fixed > len(capable):
                model.add(sum(vs) <= len(capable) - fixed)


def _add_breaks(prep: Prepared, sub: _Sub) -> None:
    """Breaks per participant and sequence (session or day) = starts of busy runs - 1, >= 0."""
    model = sub.model
    by_ps, fixed_busy = sub.by_ps, sub.fixed_busy
    participants = sorted({p for (p, _s) in by_ps})
    terms = []
    limit = prep.instance.max_break_spread
    for p in participants:
        mine: list[cp_model.IntVar] = []
        held = 0  # breaks in sequences where all of p's meetings are held
        for si, slots in enumerate(prep.sequences):
            if not any((p, s) in by_ps for s in slots):
                if limit is not None:
                    busy_p = [(p, s) in fixed_busy for s in range(prep.n_slots)]
                    held += session_breaks(busy_p, slots)
                continue
            busy: list[cp_model.LinearExpr | int] = []
            for s in slots:
                if (p, s) in fixed_busy:
                    busy.append(1)
                elif (p, s) in by_ps:
                    busy.append(sum(by_ps[(p, s)]))
                else:
                    busy.append(0)
            starts: list[cp_model.IntVar | int] = []
            for k, s in enumerate(slots):
                now = busy[k]
                before = busy[k - 1] if k > 0 else 0
                if isinstance(now, int) and now == 0:
                    continue
                if isinstance(now, int) and isinstance(before, int):
                    starts.append(1 if now and not before else 0)
                    continue
                st = model.new_bool_var(f"st{p}_{s}")
                model.add(st >= now - before)
                sub.start_vars.append((st, p, s))
                starts.append(st)
            br = model.new_int_var(0, len(slots) // 2, f"br{p}_{slots[0]}")
            model.add(br >= sum(starts) - 1)
            sub.break_vars.append((br, p, si))
            sub.breaks_bound += len(slots) // 2
            terms.append(br)
            mine.append(br)
        if limit is not None:
            # Fairness: at most `limit` breaks each, which is the spread rule whenever
            # someone has none (anyone with at most one meeting, for a start).
            model.add(sum(mine) + held <= limit)
    sub.breaks = sum(terms) if terms else 0


def _hint(prep: Prepared, sub: _Sub, slot_of: dict[int, int]) -> None:
    """Warm start: the current schedule, including the break variables it implies."""
    sub.model.clear_hints()
    busy = [[False] * prep.n_slots for _ in range(prep.n_participants)]
    for j, s in slot_of.items():
        for p in prep.part[j]:
            busy[p][s] = True
    for j, pairs in sub.x.items():
        for s, v in pairs:
            sub.model.add_hint(v, slot_of.get(j) == s)
    pos = {}
    for slots in prep.sequences:
        for k, s in enumerate(slots):
            pos[s] = (slots, k)
    for st, p, s in sub.start_vars:
        slots, k = pos[s]
        sub.model.add_hint(st, busy[p][s] and not (k > 0 and busy[p][slots[k - 1]]))
    for br, p, si in sub.break_vars:
        sub.model.add_hint(br, session_breaks(busy[p], prep.sequences[si]))


@dataclass
class _Run:
    """The better of two CP-SAT runs: its status, solution reader and the tighter bound."""

    status: cp_model.CpSolverStatus | int
    solver: cp_model.CpSolver
    bound: float
    dtime: float = 0.0  # deterministic time used (the larger of the two runs)

    @property
    def has_solution(self) -> bool:
        return self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _solve_pair(
    model: cp_model.CpModel,
    *,
    maximize: bool,
    seed: int,
    seconds: float,
    clock: _Clock,
    pool: ThreadPoolExecutor,
    halt: _Halt = NO_HALT,
) -> _Run:
    """Solve with two single-threaded CP-SAT runs (one per core, different settings).

    A single-threaded run stopped by a deterministic time budget is reproducible, and so is
    picking the better of two (ties go to the first). CP-SAT's multi-threaded portfolio is
    not reproducible, and its deterministic interleaved mode proved much weaker here.
    """

    wall = max(0.05, clock.left() - 0.3)
    cut = [False]
    solvers = [cp_model.CpSolver(), cp_model.CpSolver()]
    # When the first run proves its optimum, the second is stopped: the first wins ties,
    # so the second could not change the result (nor, below, the work charged for it).
    first_done = threading.Event()
    first_lock = threading.Lock()

    def run(k: int) -> _Run:
        solver = solvers[k]
        prm = solver.parameters
        prm.num_workers = 1
        prm.random_seed = seed + k
        if k == 1:
            # The second run leans harder on the LP relaxation: better bounds, other paths.
            prm.linearization_level = 2
        # The deterministic budget comes from the time limit alone (never from the clock),
        # so it is the same on every run; the wall cap is only a safety net.
        prm.max_deterministic_time = max(0.05, seconds * DTIME_PER_SECOND)
        prm.max_time_in_seconds = max(0.05, wall)
        with first_lock:
            if k == 1 and first_done.is_set():
                prm.max_time_in_seconds = prm.max_deterministic_time = 0.0
        status = halt.solve(solver, model)
        if k == 0 and status == cp_model.OPTIMAL:
            with first_lock:
                first_done.set()
                solvers[1].stop_search()
        if (
            solver.deterministic_time < prm.max_deterministic_time * 0.99
            and status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
            and not halt.fired.is_set()
            and not (k == 1 and first_done.is_set())
        ):
            cut[0] = True
        return _Run(status, solver, solver.best_objective_bound, solver.deterministic_time)

    runs = list(pool.map(run, [0, 1]))
    if cut[0]:
        clock.cut = True
    if runs[0].status == cp_model.OPTIMAL:
        # The first run's optimum is the result whatever the second did before it was
        # stopped; so is the work charged (the second's depends on when it was stopped).
        first = runs[0]
        return _Run(first.status, first.solver, first.bound, first.dtime)
    sign = -1.0 if maximize else 1.0
    bound = (min if maximize else max)(r.bound for r in runs)
    if halt.fired.is_set():
        # Halted (MaxSAT proved the optimum): a run stopped before it began proves nothing.
        bound = math.inf if maximize else -math.inf
    with_value = [r for r in runs if r.has_solution]
    best = min(with_value, key=lambda r: sign * r.solver.objective_value) if with_value else runs[0]
    status = cp_model.OPTIMAL if any(r.status == cp_model.OPTIMAL for r in runs) else best.status
    return _Run(status, best.solver, bound, max(r.dtime for r in runs))


def _read(sub: _Sub, solver: cp_model.CpSolver) -> dict[int, int]:
    out = {}
    for j, pairs in sub.x.items():
        for s, v in pairs:
            if solver.boolean_value(v):
                out[j] = s
                break
    return out


def _moved(prep: Prepared, slot_of: dict[int, int]) -> int:
    return sum(1 for j, s in slot_of.items() if prep.previous[j] >= 0 and prep.previous[j] != s)


def _lex_key(prep: Prepared, slot_of: dict[int, int]) -> tuple[int, int, int]:
    """Sort key: higher priority, then fewer moved, then fewer breaks is better.

    With `max_break_spread`, a schedule whose spread is above it comes after every fair
    one (the rule is hard; leaving meetings out always restores it).
    """
    prio = sum(prep.priority[j] for j in slot_of)
    per = _participant_breaks(prep, slot_of)
    unfair = _excess(prep, per) * (sum(prep.priority) + 1)
    return (unfair - prio, _moved(prep, slot_of), sum(per))


def _excess(prep: Prepared, per: list[int]) -> int:
    """How far the break spread is above `max_break_spread` (0 when fair or unset)."""
    limit = prep.instance.max_break_spread
    if limit is None or not per:
        return 0
    return max(0, max(per) - min(per) - limit)


def _participant_breaks(prep: Prepared, slot_of: dict[int, int]) -> list[int]:
    busy = [[False] * prep.n_slots for _ in range(prep.n_participants)]
    for j, s in slot_of.items():
        for p in prep.part[j]:
            busy[p][s] = True
    return [
        sum(session_breaks(busy[p], slots) for slots in prep.sequences)
        for p in range(prep.n_participants)
    ]


def _priority(prep: Prepared, slot_of: dict[int, int]) -> int:
    return sum(prep.priority[j] for j in slot_of)


def _total_breaks(prep: Prepared, slot_of: dict[int, int]) -> int:
    return sum(_participant_breaks(prep, slot_of))


class _Clock:
    """Wall clock of one `solve` call, and the progress callback."""

    def __init__(self, limit: float, progress: Progress | None) -> None:
        self.t0 = time.monotonic()
        self.limit = limit
        self.progress = progress
        # Set when the wall clock, not the deterministic budget, ended a solver step.
        self.cut = False

    def elapsed(self) -> float:
        return time.monotonic() - self.t0

    def left(self) -> float:
        return max(0.0, self.limit - self.elapsed())

    def report(self, message: str) -> None:
        if self.progress is not None:
            self.progress(min(1.0, self.elapsed() / self.limit), message)


def _index_result(prep: Prepared, result: Result) -> dict[int, int]:
    meeting_index = {m.id: j for j, m in enumerate(prep.instance.meetings)}
    slot_index = {sl.id: i for i, sl in enumerate(prep.instance.slots)}
    return {meeting_index[a.meeting]: slot_index[a.slot] for a in result.assignments}


@dataclass
class _Outcome:
    slot_of: dict[int, int]
    proven: bool = False
    priority_bound: int | None = None
    breaks_bound: int | None = None
    lex_proven: bool = False  # priority and moved meetings proven optimal
    spent: float = 0.0  # seconds of the limit the whole-model phases used, deterministically


def _whole_model(
    prep: Prepared,
    cur: dict[int, int],
    out: _Outcome,
    clock: _Clock,
    seed: int,
    pool: ThreadPoolExecutor,
    halt: _Halt = NO_HALT,
) -> dict[int, int]:
    """Lexicographic phases on the whole model; sets `out.proven` when all are optimal."""
    allowed = {j: prep.cand[j] for j in prep.schedulable}
    # With a fairness rule, breaks constrain which meetings fit, so they are modelled from
    # the start.
    fair = prep.instance.max_break_spread is not None
    sub = _build(prep, allowed, {}, with_breaks=fair)
    has_previous = sub.moved_bound > 0
    priority_done = out.priority_bound is not None and out.priority_bound == -_lex_key(prep, cur)[0]
    proven = priority_done and not has_previous
    if not proven:
        clock.report("maximising priority")
        _hint(prep, sub, cur)
        # Moves break ties between equal priorities; the weight keeps the order lexicographic.
        w = sub.moved_bound + 1
        sub.model.maximize(w * sub.priority - sub.moved)
        run = _solve_pair(
            sub.model,
            maximize=True,
            seed=seed,
            seconds=clock.limit * 0.3,
            clock=clock,
            pool=pool,
            halt=halt,
        )
        out.spent += run.dtime / DTIME_PER_SECOND
        proven = run.status == cp_model.OPTIMAL
        if run.has_solution:
            found = _read(sub, run.solver)
            if _lex_key(prep, found) <= _lex_key(prep, cur):
                cur = found
        if run.has_solution and math.isfinite(run.bound):
            bound = int((run.bound + sub.moved_bound) // w)
            out.priority_bound = (
                bound if out.priority_bound is None else min(out.priority_bound, bound)
            )
    sub.model.add(sub.priority >= sum(prep.priority[j] for j in cur))
    if has_previous:
        sub.model.add(sub.moved <= _moved(prep, cur))

    out.lex_proven = proven
    if _meetings_settled(prep, cur) and sum(len(v) for v in allowed.values()) <= MAXSAT_LIMIT:
        # Every meeting fits: MaxSAT takes the breaks from here (see `_phases`).
        return cur
    if sum(len(v) for v in allowed.values()) > WHOLE_BREAKS_LIMIT:
        # Too big for the whole-model breaks phase to even reach its warm start in time;
        # the neighbourhood search does better with every second.
        return cur
    clock.report("minimising breaks")
    if not fair:
        _add_breaks(prep, sub)
    _hint(prep, sub, cur)
    sub.model.minimize(sub.breaks)
    run = _solve_pair(
        sub.model,
        maximize=False,
        seed=seed,
        seconds=clock.limit * 0.2,
        clock=clock,
        pool=pool,
        halt=halt,
    )
    out.spent += run.dtime / DTIME_PER_SECOND
    if run.has_solution:
        found = _read(sub, run.solver)
        if _lex_key(prep, found) <= _lex_key(prep, cur):
            cur = found
        if math.isfinite(run.bound):
            out.breaks_bound = max(0, math.ceil(run.bound - 1e-6))
    out.proven = proven and run.status == cp_model.OPTIMAL
    return cur


def _meetings_settled(prep: Prepared, slot_of: dict[int, int]) -> bool:
    """Whether every schedulable meeting is placed: then any schedule at the best priority
    holds exactly these meetings, and only their slots are left to choose."""
    fair = _excess(prep, _participant_breaks(prep, slot_of)) == 0
    return fair and len(slot_of) == len(prep.schedulable)


def _maxsat_phase(
    prep: Prepared, cur: dict[int, int], seconds: float, stop: threading.Event, halt: _Halt
) -> MaxSatOutcome:
    """MaxSAT in two child processes until one ends it or `stop` is set; an optimum halts
    the CP-SAT solves running meanwhile (their schedules can only tie with it).

    Both first ask for a schedule without breaks, one with no starting polarities and one
    from the current schedule's (the time to the answer varies several-fold with them,
    2.4-16.9 CPU seconds on the same day); when there is none, the first searches upwards
    ("at most k breaks" as a fact, k = 1, 2, ...), the second by RC2's cores. The first to
    finish wins."""
    from liaison.scheduling.maxsat import MaxSatOutcome, MaxSatProcess, min_breaks

    options: dict[str, Any] = {
        "moved_limit": _moved(prep, cur) if any(j >= 0 for j in prep.previous) else None,
        "max_spread": prep.instance.max_break_spread,
        "seconds": seconds,
    }
    children: list[MaxSatProcess] = []
    if sum(len(prep.cand[j]) for j in prep.schedulable) >= MAXSAT_CHILD_PAIRS:
        try:
            children = [
                MaxSatProcess(prep, prep.schedulable, hint=None, linear=True, **options),
                MaxSatProcess(prep, prep.schedulable, hint=cur, **options),
            ]
        except (OSError, AssertionError):
            # No child processes here (a daemonic worker, no resources): in this thread.
            for child in children:
                child.cancel()
            children = []
    if not children:
        # Small (starting processes would cost more than the search), or no processes.
        found = min_breaks(prep, prep.schedulable, hint=cur, stop=stop, **options)
        if found.optimal:
            halt.fire()
        return found
    try:
        while not stop.is_set():
            ended = [c.outcome() for c in children if c.done()]
            decisive = [o for o in ended if o.optimal or o.infeasible]
            if decisive:
                if decisive[0].optimal:
                    halt.fire()
                return decisive[0]
            if len(ended) == len(children):
                break  # both budgets spent
            stop.wait(0.05)
        bound = max(c.bound for c in children)
        ended = [c.outcome() for c in children if c.done()]
        bound = max([bound] + [o.lower_bound for o in ended])
        return MaxSatOutcome(None, bound, False, interrupted=len(ended) < len(children))
    finally:
        for child in children:
            child.cancel()


def _polish(
    prep: Prepared,
    cur: dict[int, int],
    seconds: float,
    clock: _Clock,
    reserve: float,
    wall: float | None = None,
) -> tuple[dict[int, int], bool]:
    """Fewer breaks without changing which block (session or day) holds each meeting: per
    block, SAT downwards from the current breaks (`maxsat.min_breaks(downward=True)`), with
    the block's moves capped at today's. The budget is in SAT conflicts (worth `seconds`
    on each of two cores, shared among the blocks by their breaks), so the schedule does
    not depend on the clock; the wall clock only stops children that would overrun the
    limit, or its own `wall` seconds (the block then keeps its slots). Also says whether
    every block was proven at its best."""
    from liaison.scheduling.maxsat import MaxSatProcess, min_breaks

    busy = [[False] * prep.n_slots for _ in range(prep.n_participants)]
    for j, s in cur.items():
        for p in prep.part[j]:
            busy[p][s] = True
    block_breaks: dict[int, int] = defaultdict(int)
    for slots in prep.sequences:
        block = prep.slot_block[slots[0]]
        block_breaks[block] += sum(session_breaks(busy[p], slots) for p in range(len(busy)))
    has_previous = any(j >= 0 for j in prep.previous)
    jobs = []
    for block in sorted(block_breaks, key=lambda b: (-block_breaks[b], b)):
        if not block_breaks[block]:
            continue
        meetings = sorted(j for j, s in cur.items() if prep.slot_block[s] == block)
        allowed = {j: [s for s in prep.cand[j] if prep.slot_block[s] == block] for j in meetings}
        if sum(map(len, allowed.values())) > POLISH_BLOCK_LIMIT:
            continue
        moved = sum(1 for j in meetings if prep.previous[j] >= 0 and prep.previous[j] != cur[j])
        jobs.append((block, meetings, allowed, moved))
    if not jobs:
        return cur, False
    skipped = len(jobs) < sum(1 for b in block_breaks if block_breaks[b])
    total = sum(block_breaks[b] for b, *_ in jobs)
    share = {b: 2 * seconds * block_breaks[b] / total for b, *_ in jobs}
    outcomes: dict[int, MaxSatOutcome] = {}
    pairs = sum(len(a) for _b, _m, allowed, _mv in jobs for a in allowed.values())

    def options(block: int, allowed: dict[int, list[int]], moved: int) -> dict[str, Any]:
        return {
            "moved_limit": moved if has_previous else None,
            "max_spread": None,
            "seconds": share[block],
            "hint": cur,
            "allowed": allowed,
            "downward": True,
        }

    if pairs < POLISH_CHILD_PAIRS:
        for block, meetings, allowed, moved in jobs:
            outcomes[block] = min_breaks(prep, meetings, **options(block, allowed, moved))
    else:
        deadline = clock.elapsed() + wall if wall is not None else math.inf
        waiting = list(jobs)
        running: list[tuple[int, MaxSatProcess]] = []
        try:
            while waiting or running:
                while waiting and len(running) < 2:
                    block, meetings, allowed, moved = waiting.pop(0)
                    running.append(
                        (block, MaxSatProcess(prep, meetings, **options(block, allowed, moved)))
                    )
                if clock.left() <= reserve or clock.elapsed() >= deadline:
                    clock.cut = True
                    break
                for block, child in list(running):
                    if child.done():
                        outcomes[block] = child.outcome()
                        running.remove((block, child))
                time.sleep(0.02)
        finally:
            for block, child in running:
                # Stopped by the clock: the best schedule it sent so far still counts.
                child.cancel()
                outcomes[block] = child.outcome()
    out = dict(cur)
    for block in sorted(outcomes):
        found = outcomes[block].slot_of
        if found is not None:
            out.update(found)
    # Each block's change can only lower breaks at the same priority and moves; the check
    # keeps a defect from ever making the schedule worse.
    if _lex_key(prep, out) > _lex_key(prep, cur):
        return cur, False
    proven = not skipped and all(
        block in outcomes and outcomes[block].optimal for block, *_ in jobs
    )
    return out, proven


def _phases(
    prep: Prepared, start: dict[int, int], clock: _Clock, seed: int, priority_bound: int | None
) -> _Outcome:
    """Whole-model phases when the model is small enough, then neighbourhood search.

    When every meeting fits, core-guided MaxSAT looks for the fewest breaks on a thread of
    its own while the neighbourhood search runs; an optimum it proves ends the search.
    """
    cur = dict(start)
    out = _Outcome(slot_of=cur, priority_bound=priority_bound)
    size = sum(len(prep.cand[j]) for j in prep.schedulable)
    stop = threading.Event()
    halt = _Halt()
    has_previous = any(j >= 0 for j in prep.previous)
    total = sum(prep.priority[j] for j in prep.schedulable)
    # When the LP bound leaves room for every meeting, MaxSAT tries to place them all with
    # the fewest breaks from the start, beside the priority phase: on dense days, finding
    # a placement of all of them is itself the hard part.
    all_may_fit = (
        not has_previous
        and priority_bound is not None
        and priority_bound >= total
        and size <= MAXSAT_LIMIT
    )
    with ThreadPoolExecutor(max_workers=2) as pool, ThreadPoolExecutor(max_workers=1) as side:
        maxsat: Future[MaxSatOutcome] | None = None
        if all_may_fit and _total_breaks(prep, cur) + total - _priority(prep, cur) > 0:
            clock.report("minimising breaks (MaxSAT)")
            maxsat = side.submit(
                _maxsat_phase, prep, dict(cur), clock.limit * MAXSAT_SHARE, stop, halt
            )
        if maxsat is not None and size >= MAXSAT_CHILD_PAIRS:
            # On a dense day MaxSAT is the likely winner: give it the cores for a while
            # before the CP-SAT phases compete with it.
            futures_wait([maxsat], timeout=max(0.0, clock.limit * MAXSAT_FIRST - clock.elapsed()))
        if size <= FULL_MODEL_LIMIT and not halt.fired.is_set():
            cur = _whole_model(prep, cur, out, clock, seed, pool, halt)
            if out.proven:
                stop.set()
                if maxsat is not None:
                    maxsat.result()
                out.slot_of = cur
                return out
        if (
            maxsat is None
            and _meetings_settled(prep, cur)
            and size <= MAXSAT_LIMIT
            and _total_breaks(prep, cur)
        ):
            clock.report("minimising breaks (MaxSAT)")
            seconds = max(0.0, clock.limit * MAXSAT_SHARE - out.spent)
            maxsat = side.submit(_maxsat_phase, prep, dict(cur), seconds, stop, halt)
        # Keep time to turn the schedule into a result, and do not start a step that the
        # last one suggests would overrun the limit.
        reserve = 0.3 + 5e-5 * len(prep.part)
        polish = maxsat is None and prep.instance.max_break_spread is None
        sessions_done = False
        if polish and size <= FULL_MODEL_LIMIT and _total_breaks(prep, cur):
            # On models small enough for the whole-model phases, polishing is cheap and
            # leaves the search to move meetings between blocks; on larger ones the search
            # needs all its time for priority first.
            clock.report("polishing breaks per session")
            # On a loaded machine, the clock must not let it eat the search's time.
            seconds = clock.limit * POLISH_START
            cur, sessions_done = _polish(prep, cur, seconds, clock, reserve, wall=seconds)
            out.spent += clock.limit * POLISH_START
        clock.report("improving the schedule")
        search = _Search(prep, cur, seed, out.priority_bound, halt)
        search.cross = sessions_done
        # What is left of the limit after the phases, measured in deterministic units so
        # that the same seed always gets the same amount of search.
        # The last polish's wall time is kept free, but not taken from the search's
        # deterministic budget: on a quiet machine that budget ends earlier anyway.
        end_share = clock.limit * POLISH_END if polish else 0.0
        budget = max(0.0, clock.limit * 0.97 - out.spent) * LNS_WORK_PER_SECOND
        last = 0.0
        while search.work < budget and not search.done:
            if maxsat is not None and maxsat.done() and maxsat.result().optimal:
                break  # its schedule is optimal; whatever the search has is discarded
            if clock.left() <= reserve + last + end_share:
                clock.cut = True
                break
            began = clock.elapsed()
            before = search.key
            search.step(pool, max(0.05, clock.left() - reserve))
            last = clock.elapsed() - began
            if search.steps % 10 == 0 or search.key < before:
                k = search.key
                clock.report(f"improving: priority {-k[0]}, moved {k[1]}, breaks {k[2]}")
        clock.cut = clock.cut or search.cut
        cur = search.cur
        if polish and _total_breaks(prep, cur):
            clock.report("polishing breaks per session")
            cur, _ = _polish(prep, cur, end_share, clock, reserve)
            k = _lex_key(prep, cur)
            clock.report(f"polished: priority {-k[0]}, moved {k[1]}, breaks {k[2]}")
        if maxsat is not None:
            if search.done:
                stop.set()  # no break left: nothing to prove
            else:
                # Wait for MaxSAT's own (deterministic) budget, but not past the limit.
                _wait(maxsat, clock, reserve, stop)
            found = maxsat.result()
            better = found.slot_of is not None and (
                _lex_key(prep, found.slot_of) <= _lex_key(prep, cur)
            )
            if found.optimal and found.slot_of is not None and better:
                cur = found.slot_of
            if len(cur) == len(prep.schedulable):
                # MaxSAT's bound holds among schedules of every meeting: the best priority.
                out.breaks_bound = max(out.breaks_bound or 0, found.lower_bound)
            clock.cut = clock.cut or (found.interrupted and not search.done)
            if found.optimal and found.slot_of is not None:
                k = _lex_key(prep, cur)
                clock.report(f"MaxSAT optimum: priority {-k[0]}, moved {k[1]}, breaks {k[2]}")
        if _meetings_settled(prep, cur) and not any(j >= 0 for j in prep.previous):
            # Every meeting is placed, so priority is at its best; no moves to count.
            out.lex_proven = True
    out.slot_of = cur
    if out.breaks_bound is None:
        # Nothing better proven: no schedule has fewer than no breaks.
        out.breaks_bound = 0
    if out.breaks_bound is not None:
        # The search may have closed the gap the whole-model phase left open.
        breaks = _total_breaks(prep, cur)
        out.breaks_bound = min(out.breaks_bound, breaks)
        out.proven = out.lex_proven and out.breaks_bound == breaks
    return out


def _wait(
    future: Future[MaxSatOutcome], clock: _Clock, reserve: float, stop: threading.Event
) -> None:
    """Wait for `future`; when the wall clock is about to end, tell it to stop."""
    while not future.done():
        left = clock.left() - reserve
        if left <= 0:
            stop.set()
            break
        try:
            future.result(timeout=min(0.2, left))
        except TimeoutError:
            continue
    future.result()


@dataclass
class _Neighbourhood:
    """The meetings a step re-solves, each with the slots it may take."""

    allowed: dict[int, list[int]]


class _Search:
    """Deterministic large-neighbourhood search around a current schedule.

    Each step re-solves, with CP-SAT on one core, the meetings of a cluster of participants
    (grown along the meeting graph from someone with breaks, or from an unscheduled
    meeting) inside a window of blocks (sessions, or with "breaks": "day" the sessions of
    a day), everything else held fixed; the lexicographic objective becomes one weighted
    sum inside the neighbourhood. Two neighbourhoods in different blocks run at once (one
    per core); they cannot conflict, since only the first may add meetings (caps are
    global), every other rule is per slot and no break spans two blocks.
    Steps alternate with whole-day neighbourhoods around an unscheduled meeting (or a moved
    one that could go back), where a scheduled meeting may give way to it.
    """

    def __init__(
        self,
        prep: Prepared,
        start: dict[int, int],
        seed: int,
        priority_bound: int | None,
        halt: _Halt = NO_HALT,
    ) -> None:
        self.prep = prep
        self.halt = halt
        self.rng = random.Random(seed)
        self.seed = seed
        self.cur = dict(start)
        self.key = _lex_key(prep, self.cur)
        self.priority_bound = priority_bound
        self.size = 40.0  # target number of free meetings, adapted to solve difficulty
        self.steps = 0
        self.work = 0.0
        self.cut = False  # a solve was ended by the wall clock, not its deterministic budget
        self.stale_lex = 0  # whole-day steps since priority or moves last improved
        # Set when polishing proved every session optimal for the meetings it holds: one
        # step in four then frees a cluster across sessions.
        self.cross = False
        self.by_participant: list[list[int]] = [[] for _ in range(prep.n_participants)]
        for j in prep.schedulable:
            for p in prep.part[j]:
                self.by_participant[p].append(j)

    @property
    def done(self) -> bool:
        return self.key[2] == 0 and (self.key[1] == 0) and self._priority_done()

    def _priority_done(self) -> bool:
        return self.priority_bound is not None and -self.key[0] >= self.priority_bound

    def _busy(self) -> list[list[bool]]:
        busy = [[False] * self.prep.n_slots for _ in range(self.prep.n_participants)]
        for j, s in self.cur.items():
            for p in self.prep.part[j]:
                busy[p][s] = True
        return busy

    @property
    def _cross_size(self) -> float:
        return max(self.size * CROSS_SCALE, CROSS_MIN)

    def _cluster(
        self,
        seeds: list[int],
        window: frozenset[int],
        with_unscheduled: bool,
        size: float | None = None,
    ) -> _Neighbourhood:
        """Meetings of participants reached from `seeds` along the meeting graph, up to
        `size` (the adaptive size by default), with their slots inside `window`."""
        prep, cur = self.prep, self.cur
        session_of = prep.slot_block
        allowed: dict[int, list[int]] = {}
        seen: set[int] = set()
        queue = list(seeds)
        target = int(self.size if size is None else size)
        while queue and len(allowed) < target:
            p = queue.pop(0)
            if p in seen:
                continue
            seen.add(p)
            partners = []
            for j in self.by_participant[p]:
                if j in allowed:
                    continue
                if j in cur:
                    if session_of[cur[j]] not in window:
                        continue
                elif not with_unscheduled:
                    continue
                slots = [s for s in prep.cand[j] if session_of[s] in window]
                if not slots:
                    continue
                allowed[j] = slots
                a, b = prep.part[j]
                partners.append(b if a == p else a)
            self.rng.shuffle(partners)
            queue.extend(partners)
        return _Neighbourhood(allowed)

    def _solve(
        self, nb: _Neighbourhood, seed: int, dtime: float, wall: float
    ) -> tuple[dict[int, int] | None, bool, float]:
        """The free meetings' new slots (None when CP-SAT found nothing), optimality, work."""
        prep = self.prep
        fixed = {j: s for j, s in self.cur.items() if j not in nb.allowed}
        sub = _build(prep, nb.allowed, fixed, with_breaks=True)
        w_moved = sub.breaks_bound + 1
        w_priority = w_moved * (sub.moved_bound + 1)
        sub.model.maximize(w_priority * sub.priority - w_moved * sub.moved - sub.breaks)
        _hint(prep, sub, self.cur)
        solver = cp_model.CpSolver()
        prm = solver.parameters
        prm.num_workers = 1
        prm.random_seed = seed
        prm.max_deterministic_time = dtime
        prm.max_time_in_seconds = wall
        # On neighbourhoods this small, presolve costs far more wall time than it saves
        # (and is not counted in deterministic time, which would skew the work budget).
        prm.cp_model_presolve = False
        status = self.halt.solve(solver, sub.model)
        if (
            status != cp_model.OPTIMAL
            and solver.deterministic_time < dtime * 0.99
            and not self.halt.fired.is_set()
        ):
            self.cut = True
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, False, solver.deterministic_time
        return _read(sub, solver), status == cp_model.OPTIMAL, solver.deterministic_time

    def step(self, pool: ThreadPoolExecutor, wall_left: float) -> None:
        prep, rng = self.prep, self.rng
        self.steps += 1
        n_sessions = prep.n_blocks
        unscheduled = [j for j in prep.schedulable if j not in self.cur]
        neighbourhoods: list[_Neighbourhood] = []
        cross = False
        # Meetings away from a published slot they could still use: whole-day
        # neighbourhoods around them can bring them back (priority permitting).
        movable = [
            j
            for j, sl in self.cur.items()
            if prep.previous[j] >= 0 and prep.previous[j] != sl and prep.previous[j] in prep.cand[j]
        ]
        # Around an unscheduled meeting, a whole day may also trade a scheduled meeting for
        # it: more priority while below the bound, and at the bound, the same priority with
        # fewer breaks (a meeting that splits two people's days gives way to one that fits).
        whole_day = (
            (bool(unscheduled) or bool(movable))
            and (self.stale_lex < STALE_STEPS or self.steps % STALE_EVERY == 0)
            and self.steps % 2 == 0
        )
        if whole_day:
            if unscheduled and (not movable or self.steps % 4 == 0):
                weights = [prep.priority[j] for j in unscheduled]
                j = rng.choices(unscheduled, weights=weights)[0]
            else:
                j = movable[rng.randrange(len(movable))]
            neighbourhoods.append(
                self._cluster(list(prep.part[j]), frozenset(range(n_sessions)), True)
            )
        elif self.cross and n_sessions > 1 and self.steps % 4 == 1:
            # Sessions already at their best for the meetings they hold: someone's breaks
            # may go only by moving meetings to another session.
            busy = self._busy()
            people = [
                p
                for p in range(prep.n_participants)
                if any(session_breaks(busy[p], slots) for slots in prep.sequences)
            ] or list(range(prep.n_participants))
            seed_p = people[rng.randrange(len(people))]
            cross = True
            neighbourhoods.append(
                self._cluster([seed_p], frozenset(range(n_sessions)), True, self._cross_size)
            )
        else:
            busy = self._busy()
            with_breaks: dict[int, list[int]] = defaultdict(list)
            for p in range(prep.n_participants):
                for slots in prep.sequences:
                    if session_breaks(busy[p], slots):
                        with_breaks[prep.slot_block[slots[0]]].append(p)
            sessions = sorted(with_breaks) or list(range(n_sessions))
            rng.shuffle(sessions)
            for k, si in enumerate(sessions[:2]):
                people = with_breaks.get(si) or list(range(prep.n_participants))
                seed_p = people[rng.randrange(len(people))]
                neighbourhoods.append(self._cluster([seed_p], frozenset([si]), k == 0))
        dtime = 0.1 + 0.002 * (self._cross_size if cross else self.size)
        futures = [
            pool.submit(self._solve, nb, self.seed + self.steps * 7 + k, dtime, max(0.1, wall_left))
            for k, nb in enumerate(neighbourhoods)
        ]
        results = [f.result() for f in futures]
        before = self.key
        for nb, (found, optimal, used) in zip(neighbourhoods, results, strict=True):
            # Each CP-SAT call has a fixed cost its deterministic time leaves out, and
            # building models and keys costs real time too; charging both as work keeps
            # the stopping point reproducible and inside the limit.
            self.work += (
                used
                + CALL_OVERHEAD
                + 2e-6 * (len(prep.part) + 4 * sum(map(len, nb.allowed.values())))
            )
            if found is not None:
                merged = {j: s for j, s in self.cur.items() if j not in nb.allowed}
                merged.update(found)
                key = _lex_key(prep, merged)
                if key <= self.key:
                    self.cur, self.key = merged, key
            if not cross:  # cross-session steps are sized apart
                self.size = min(2000.0, self.size * 1.1) if optimal else max(12.0, self.size * 0.9)
        if whole_day:
            self.stale_lex = 0 if self.key[:2] < before[:2] else self.stale_lex + 1


def _why_unscheduled(prep: Prepared, slot_of: dict[int, int]) -> dict[int, str]:
    """A plain reason for every schedulable meeting left out of `slot_of`."""
    count: dict[int, int] = defaultdict(int)
    for k in slot_of:
        for p in prep.part[k]:
            count[p] += 1
    out = dict(prep.reasons)
    for j in prep.schedulable:
        if j in slot_of:
            continue
        out[j] = "every slot where both participants can meet is taken by other meetings"
        for p in prep.part[j]:
            cap = prep.cap[p]
            if cap is not None and count[p] >= cap:
                out[j] = (
                    f"participant {prep.instance.participants[p].id} has reached max_meetings {cap}"
                )
                break
    return out


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    progress: Progress | None = None,
) -> Result:
    """Schedule the instance's meetings within `time_limit` seconds on two cores.

    The same instance and seed give the same schedule (unless the wall clock, a safety net,
    cuts a run short on a much slower machine). `progress(fraction, message)` is called
    between solver steps, for a progress bar.
    """
    if time_limit <= 0:
        raise ValueError("time_limit must be positive")
    clock = _Clock(time_limit, progress)
    prep = prepare(instance)
    clock.report("checked the meetings")
    start = greedy(prep)
    ff = _index_result(prep, first_fit(instance))
    if _lex_key(prep, ff) < _lex_key(prep, start):
        start = ff
    size = sum(len(prep.cand[j]) for j in prep.schedulable)
    priority_bound = None
    if size <= LP_BOUND_LIMIT:
        clock.report("computing the LP bound")
        priority_bound = lp_priority_bound(prep, seconds=max(0.5, clock.left() * 0.2))
    if not prep.schedulable:
        outcome = _Outcome(slot_of={}, proven=True, priority_bound=0, breaks_bound=0)
    else:
        outcome = _phases(prep, start, clock, seed, priority_bound)
    assignments, dropped = assign_resources(prep, outcome.slot_of)
    slot_of = {j: s for j, s in outcome.slot_of.items() if j not in set(dropped)}
    placed = {a.meeting for a in assignments}
    why = _why_unscheduled(prep, slot_of)
    unscheduled = [
        Unscheduled(m.id, why[j]) for j, m in enumerate(instance.meetings) if m.id not in placed
    ]
    objective: Objective = objective_of(instance, assignments)
    per = breaks_by_participant(instance, assignments)
    proven = outcome.proven and not dropped
    clock.report("done")
    message = None
    if clock.cut:
        message = (
            "the time limit ended the search before its deterministic budget; the schedule "
            "is valid but another run with the same seed may differ"
        )
    return Result(
        status="optimal" if proven else "feasible",
        assignments=assignments,
        unscheduled=unscheduled,
        objective=objective,
        bound=Bound(priority=outcome.priority_bound, breaks=outcome.breaks_bound),
        seconds=clock.elapsed(),
        message=message,
        break_spread=max(per.values()) - min(per.values()) if per else 0,
        time_limited=clock.cut,
    )
