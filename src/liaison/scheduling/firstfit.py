"""First-fit placement, the way common event tools schedule: meetings by priority (ties in
input order) into the earliest slot where both participants, a table and (when needed) an
interpreter are free; a meeting without an own table takes the first free table, even an
exhibitor's stand. The benchmark compares against it; the solver does not use it.
"""

from __future__ import annotations

from liaison.scheduling.model import Assignment, Instance, Result, Unscheduled
from liaison.scheduling.prepare import prepare
from liaison.scheduling.verify import objective_of


def first_fit(instance: Instance) -> Result:
    """Place meetings first-fit and return the (always feasible) result."""
    prep = prepare(instance)
    busy = [[False] * prep.n_slots for _ in range(prep.n_participants)]
    count = [0] * prep.n_participants
    table_busy = [[False] * prep.n_tables for _ in range(prep.n_slots)]
    interp_busy: set[tuple[int, int]] = set()
    assignments: list[Assignment] = []
    placed: set[int] = set()
    for j in sorted(prep.schedulable, key=lambda j: -prep.priority[j]):
        a, b = prep.part[j]
        caps = (prep.cap[a], prep.cap[b])
        if (caps[0] is not None and count[a] >= caps[0]) or (
            caps[1] is not None and count[b] >= caps[1]
        ):
            continue
        for s in prep.cand[j]:
            if busy[a][s] or busy[b][s]:
                continue
            if prep.pinned[j] >= 0:
                t = -1 if table_busy[s][prep.pinned[j]] else prep.pinned[j]
            else:
                t = next((t for t in range(prep.n_tables) if not table_busy[s][t]), -1)
            if t < 0:
                continue
            interp = -1
            if prep.ltype[j] >= 0:
                interp = next(
                    (
                        i
                        for i in prep.type_interpreters[prep.ltype[j]]
                        if prep.interp_available[i][s] and (i, s) not in interp_busy
                    ),
                    -1,
                )
                if interp < 0:
                    continue
                interp_busy.add((interp, s))
            busy[a][s] = busy[b][s] = table_busy[s][t] = True
            count[a] += 1
            count[b] += 1
            placed.add(j)
            assignments.append(
                Assignment(
                    instance.meetings[j].id,
                    instance.slots[s].id,
                    instance.tables[t],
                    None if interp < 0 else instance.interpreters[interp].id,
                )
            )
            break
    unscheduled = [
        Unscheduled(m.id, prep.reasons.get(j, "no free slot left (first-fit)"))
        for j, m in enumerate(instance.meetings)
        if j not in placed
    ]
    return Result(
        status="feasible",
        assignments=assignments,
        unscheduled=unscheduled,
        objective=objective_of(instance, assignments),
    )
