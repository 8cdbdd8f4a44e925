"""The lexicographic optimum of a B2B instance, proven by CP-SAT with no time pressure.

    .venv/bin/python bench/scheduling_optimum.py INSTANCE.json [RESULT.json] [--seconds S]
    .venv/bin/python bench/scheduling_optimum.py --dense [NAME ...]

`--dense` proves the optima of the generated dense-forum family (bench/scheduling_dense.py)
and records them in bench/scheduling_dense.json beside each instance's seed.

Three levels, each solved on the whole model and then fixed for the next, as the format's
objective orders them:

1. the highest total priority;
2. at that priority, the fewest moved meetings (instances with `previous` placements);
3. at both, the fewest breaks.

Each level prints its best value and CP-SAT's proven bound; "optimal" when they meet. A
result document of `liaison schedule solve` (RESULT.json) is used as the warm start and
printed beside, so one sees how far a time-limited run is from the optimum, and whether a
goal on breaks can be met at all by a schedule that respects the objective's order.

`--extra-moves N` lets level 3 move N meetings more than the fewest (a goal that allows
"impossible moves + 5" may tempt one to trade moves for breaks; this shows what that buys).

Level 3 runs one CP-SAT worker with linearization level 2 (its LP relaxation proves much
better break bounds on these models than the default portfolio on two cores). When every
meeting fits (the meetings are then settled by level 1), level 3 is core-guided MaxSAT
instead (RC2, the solver's own model in liaison/scheduling/maxsat.py, with no budget),
which proves the optima of dense forums where CP-SAT's bound stays at 0. Minutes per
instance, not seconds: this is a measuring tool, not the product's solver.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from ortools.sat.python import cp_model  # noqa: E402

from liaison.scheduling.io import (  # noqa: E402
    load_instance,
    load_json,
    parse_instance,
    parse_result,
)
from liaison.scheduling.maxsat import min_breaks  # noqa: E402
from liaison.scheduling.prepare import Prepared, prepare  # noqa: E402
from liaison.scheduling.solver import (  # noqa: E402
    _add_breaks,
    _build,
    _hint,
    _lex_key,
    _read,
    _Sub,
)


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.started = time.perf_counter()

    def on_solution_callback(self) -> None:
        print(
            f"    {self.label}: {self.objective_value:.0f} (bound {self.best_objective_bound:.0f})"
            f" at {time.perf_counter() - self.started:.0f} s",
            flush=True,
        )


def _fmt(value: float | None) -> str:
    return "none found" if value is None else f"{value:.0f}"


def _level(
    prep: Prepared,
    sub: _Sub,
    cur: dict[int, int],
    title: str,
    objective: cp_model.LinearExprT,
    *,
    maximize: bool,
    seconds: float,
    workers: int,
    lp_level: int,
) -> tuple[float | None, float, dict[int, int]]:
    """Optimise one level from `cur`; its value, proven bound and the better schedule."""
    started = time.perf_counter()
    sub.model.clear_objective()
    _hint(prep, sub, cur)
    (sub.model.maximize if maximize else sub.model.minimize)(objective)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.linearization_level = lp_level
    status = solver.solve(sub.model, _Progress(title.split(" ")[1]))
    name = "optimal" if status == cp_model.OPTIMAL else solver.status_name(status).lower()
    value = solver.objective_value if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
    bound = solver.best_objective_bound
    print(
        f"{title}: {_fmt(value)}, bound {bound:.0f}, {name}, {time.perf_counter() - started:.0f} s"
    )
    if value is not None:
        found = _read(sub, solver)
        if _lex_key(prep, found) < _lex_key(prep, cur):
            cur = found
    return value, bound, cur


def lexicographic_optimum(
    prep: Prepared, start: dict[int, int], seconds: float, extra_moves: int = 0
) -> dict[str, Any]:
    """Prove the three levels in turn; returns what was proven (for the dense record)."""
    allowed = {j: prep.cand[j] for j in prep.schedulable}
    sub = _build(prep, allowed, {}, with_breaks=False)
    cur = dict(start)
    value, _bound, cur = _level(
        prep,
        sub,
        cur,
        "1. priority",
        sub.priority,
        maximize=True,
        seconds=seconds,
        workers=2,
        lp_level=1,
    )
    best_priority = int(round(value)) if value is not None else -_lex_key(prep, cur)[0]
    sub.model.add(sub.priority >= best_priority)

    if sub.moved_bound:
        title = f"2. moved at priority {best_priority}"
        value, _bound, cur = _level(
            prep,
            sub,
            cur,
            title,
            sub.moved,
            maximize=False,
            seconds=seconds,
            workers=2,
            lp_level=1,
        )
        fewest = int(round(value)) if value is not None else _lex_key(prep, cur)[1]
        sub.model.add(sub.moved <= fewest + extra_moves)

    proven: dict[str, Any] = {"priority": best_priority}
    if len(cur) == len(prep.schedulable) and not sub.moved_bound and not extra_moves:
        # Every meeting fits: only their slots are left, and MaxSAT proves the fewest breaks.
        started = time.perf_counter()
        found = min_breaks(prep, sorted(cur), moved_limit=None, max_spread=None, seconds=1e9)
        took = time.perf_counter() - started
        assert found.optimal and found.slot_of is not None
        print(f"3. breaks at that priority (MaxSAT): {found.lower_bound}, optimal, {took:.0f} s")
        return {**proven, "breaks": found.lower_bound, "breaks_seconds": round(took, 1)}
    _add_breaks(prep, sub)
    moved = f"moved + {extra_moves}" if extra_moves else "moved"
    _value, bound, cur = _level(
        prep,
        sub,
        cur,
        f"3. breaks at that priority and {moved}",
        sub.breaks,
        maximize=False,
        seconds=seconds,
        workers=1,
        lp_level=2,
    )
    print(
        f"   => no schedule with priority {best_priority}"
        + (" and the fewest moves" if sub.moved_bound and not extra_moves else "")
        + (f" and at most {extra_moves} moves more than the fewest" if extra_moves else "")
        + f" has fewer than {bound:.0f} breaks"
    )
    return {**proven, "breaks_lower_bound": round(bound)}


def prove_dense(names: list[str], seconds: float) -> None:
    """Prove the optima of the dense family and record them beside the seeds."""
    sys.path.insert(0, str(REPO / "bench"))
    from scheduling_dense import RECORD, generate

    record = json.loads(RECORD.read_text(encoding="utf-8"))
    for entry in record["instances"]:
        if names and entry["name"] not in names:
            continue
        instance = parse_instance(generate(entry["shape"], entry["seed"]))
        prep = prepare(instance)
        print(f"== {entry['name']}: {len(instance.meetings)} meetings", flush=True)
        started = time.perf_counter()
        proven = lexicographic_optimum(prep, {}, seconds)
        entry["optimum"] = {"priority": proven["priority"], "breaks": proven["breaks"]}
        entry["proof_seconds"] = round(time.perf_counter() - started, 1)
        RECORD.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path, nargs="?")
    parser.add_argument("result", type=Path, nargs="?", help="a solve result, the warm start")
    parser.add_argument("--seconds", type=float, default=600, help="CP-SAT limit per level")
    parser.add_argument(
        "--extra-moves", type=int, default=0, help="moves allowed beyond the fewest in level 3"
    )
    parser.add_argument("--dense", nargs="*", help="prove the dense family (these names)")
    args = parser.parse_args()
    if args.dense is not None:
        prove_dense(args.dense, args.seconds)
        return 0
    if args.instance is None:
        parser.error("INSTANCE is required (or --dense)")
    instance = load_instance(args.instance)
    prep = prepare(instance)
    start: dict[int, int] = {}
    if args.result:
        result = parse_result(load_json(args.result))
        meeting = {m.id: j for j, m in enumerate(instance.meetings)}
        slot = {s.id: i for i, s in enumerate(instance.slots)}
        start = {meeting[a.meeting]: slot[a.slot] for a in result.assignments}
        key = _lex_key(prep, start)
        print(f"{args.result.name}: priority {-key[0]}, moved {key[1]}, breaks {key[2]}")
    lexicographic_optimum(prep, start, args.seconds, args.extra_moves)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
