"""A compact greedy placement: the solver's starting point (warm start) on every instance.

Meetings go in by priority (the most constrained first among equals); each takes, among
the slots where it fits, its published slot if it had one, else the slot that adds the
fewest breaks to the two participants' days, else the earliest. Capacities are the
aggregated ones the solver uses (tables per slot, own tables, interpreters by Hall's
condition), so `prepare.assign_resources` can always realise the result.
"""

from __future__ import annotations

from liaison.scheduling.prepare import Prepared


def session_breaks(busy: list[bool], slots: list[int]) -> int:
    """Breaks of one participant in one sequence (a session, or a day): busy runs minus one."""
    runs = 0
    prev = False
    for s in slots:
        if busy[s] and not prev:
            runs += 1
        prev = busy[s]
    return max(0, runs - 1)


def added_breaks(busy: list[bool], slots: list[int], pos: int) -> int:
    """How many breaks placing a meeting at `slots[pos]` adds (-1, 0 or +1)."""
    first = last = -1
    for k, s in enumerate(slots):
        if busy[s]:
            if first < 0:
                first = k
            last = k
    if first < 0:
        return 0
    left = pos > 0 and busy[slots[pos - 1]]
    right = pos + 1 < len(slots) and busy[slots[pos + 1]]
    if first < pos < last:
        # Inside a gap: closing it removes a break, touching one side changes nothing.
        return -1 if left and right else (0 if left or right else 1)
    return 0 if left or right else 1


class Occupancy:
    """Who and what is busy in each slot under the aggregated capacities."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.busy = [[False] * prep.n_slots for _ in range(prep.n_participants)]
        self.count = [0] * prep.n_participants
        self.tables = [0] * prep.n_slots
        self.own: set[tuple[int, int]] = set()
        self.lang: list[list[int]] = [[] for _ in range(prep.n_slots)]

    def interpreters_fit(self, j: int, s: int) -> bool:
        """Whether the language meetings of slot s plus j still have distinct interpreters."""
        prep = self.prep
        owner: dict[int, int] = {}

        def augment(m: int, seen: set[int]) -> bool:
            for i in prep.type_interpreters[prep.ltype[m]]:
                if prep.interp_available[i][s] and i not in seen:
                    seen.add(i)
                    if i not in owner or augment(owner[i], seen):
                        owner[i] = m
                        return True
            return False

        return all(augment(m, set()) for m in [*self.lang[s], j])

    def fits(self, j: int, s: int) -> bool:
        prep = self.prep
        a, b = prep.part[j]
        if self.busy[a][s] or self.busy[b][s] or self.tables[s] >= prep.n_tables:
            return False
        if prep.pinned[j] >= 0 and (prep.pinned[j], s) in self.own:
            return False
        return not (prep.ltype[j] >= 0 and not self.interpreters_fit(j, s))

    def under_cap(self, j: int) -> bool:
        prep = self.prep
        for p in prep.part[j]:
            cap = prep.cap[p]
            if cap is not None and self.count[p] >= cap:
                return False
        return True

    def place(self, j: int, s: int) -> None:
        prep = self.prep
        for p in prep.part[j]:
            self.busy[p][s] = True
            self.count[p] += 1
        self.tables[s] += 1
        if prep.pinned[j] >= 0:
            self.own.add((prep.pinned[j], s))
        if prep.ltype[j] >= 0:
            self.lang[s].append(j)


def greedy(prep: Prepared) -> dict[int, int]:
    """Return a feasible slot per placed meeting (meeting index -> slot index)."""
    occ = Occupancy(prep)
    pos_in_sequence = [0] * prep.n_slots
    sequence_of = [0] * prep.n_slots
    for q, slots in enumerate(prep.sequences):
        for k, s in enumerate(slots):
            pos_in_sequence[s] = k
            sequence_of[s] = q
    order = sorted(prep.schedulable, key=lambda j: (-prep.priority[j], len(prep.cand[j]), j))
    slot_of: dict[int, int] = {}
    # Re-planning: first keep every published meeting whose slot still works, so late
    # changes move as few meetings as possible; the rest is placed around them.
    for j in order:
        s = prep.previous[j]
        if s >= 0 and s in prep.cand[j] and occ.under_cap(j) and occ.fits(j, s):
            occ.place(j, s)
            slot_of[j] = s
    for j in order:
        if j in slot_of:
            continue
        if not occ.under_cap(j):
            continue
        a, b = prep.part[j]
        best: tuple[int, int, int] | None = None
        best_s = -1
        for s in prep.cand[j]:
            if not occ.fits(j, s):
                continue
            slots = prep.sequences[sequence_of[s]]
            k = pos_in_sequence[s]
            cost = added_breaks(occ.busy[a], slots, k) + added_breaks(occ.busy[b], slots, k)
            key = (0 if prep.previous[j] == s else 1, cost, s)
            if best is None or key < best:
                best, best_s = key, s
        if best_s >= 0:
            occ.place(j, best_s)
            slot_of[j] = best_s
    return slot_of
