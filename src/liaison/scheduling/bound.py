"""The linear-programming upper bound on scheduled priority.

The LP relaxation of the meeting-in-slot model (each meeting at most once, a participant at
most once per slot, tables per slot, shared own tables, caps, interpreters by Hall's
condition over language pairs), solved with GLOP. No schedule can exceed it; the solver
reports it in `bound.priority` and stops searching for priority once it is reached.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

from ortools.linear_solver import pywraplp

from liaison.scheduling.prepare import Prepared

HALL_ALL_SUBSETS = 10


def lp_priority_bound(prep: Prepared, seconds: float = 30.0) -> int | None:
    """Floor of the LP optimum, or None when GLOP does not finish within `seconds`."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:
        return None
    lp.SetTimeLimit(int(seconds * 1000))
    inf = lp.infinity()
    rows_ps: dict[tuple[int, int], pywraplp.Constraint] = {}
    rows_slot = [lp.Constraint(-inf, prep.n_tables) for _ in range(prep.n_slots)]
    rows_own: dict[tuple[int, int], pywraplp.Constraint] = {}
    rows_cap: dict[int, pywraplp.Constraint] = {}
    by_type: list[dict[int, list[pywraplp.Variable]]] = [
        defaultdict(list) for _ in range(prep.n_slots)
    ]
    objective = lp.Objective()
    for j in prep.schedulable:
        row_m = lp.Constraint(-inf, 1.0)
        for s in prep.cand[j]:
            v = lp.NumVar(0.0, 1.0, "")
            objective.SetCoefficient(v, prep.priority[j])
            row_m.SetCoefficient(v, 1.0)
            rows_slot[s].SetCoefficient(v, 1.0)
            for p in prep.part[j]:
                row = rows_ps.get((p, s))
                if row is None:
                    row = rows_ps[(p, s)] = lp.Constraint(-inf, 1.0)
                row.SetCoefficient(v, 1.0)
                cap = prep.cap[p]
                if cap is not None:
                    crow = rows_cap.get(p)
                    if crow is None:
                        crow = rows_cap[p] = lp.Constraint(-inf, float(cap))
                    crow.SetCoefficient(v, 1.0)
            t = prep.pinned[j]
            if t >= 0 and t in prep.shared_tables:
                orow = rows_own.get((t, s))
                if orow is None:
                    orow = rows_own[(t, s)] = lp.Constraint(-inf, 1.0)
                orow.SetCoefficient(v, 1.0)
            if prep.ltype[j] >= 0:
                by_type[s][prep.ltype[j]].append(v)
    for s in range(prep.n_slots):
        present = sorted(by_type[s])
        if len(present) <= HALL_ALL_SUBSETS:
            subsets = [c for r in range(1, len(present) + 1) for c in combinations(present, r)]
        else:
            subsets = [(k,) for k in present]
        for subset in subsets:
            capable = {
                i for k in subset for i in prep.type_interpreters[k] if prep.interp_available[i][s]
            }
            row = lp.Constraint(-inf, float(len(capable)))
            for k in subset:
                for v in by_type[s][k]:
                    row.SetCoefficient(v, 1.0)
    objective.SetMaximization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return math.floor(objective.Value() + 1e-6)
