"""Index-based view of an instance shared by the greedy placer and the solver.

`prepare` numbers slots, participants, tables and interpreters, finds for each meeting the
slots it may use and its pinned table (an exhibitor's own table), and sets aside the
meetings that cannot take place at all with the reason in plain words. `assign_resources`
turns a slot per meeting into concrete tables and interpreters (a bipartite matching per
slot), which is exact whenever the slot choice respects the aggregated capacities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from liaison.scheduling.model import Assignment, Instance

NO_TABLES = "the event has no tables"


@dataclass
class Prepared:
    """Integer-indexed instance data; meeting j is `instance.meetings[j]`."""

    instance: Instance
    n_slots: int
    slot_session: list[int]
    sessions: list[list[int]]
    n_participants: int
    n_tables: int
    cap: list[int | None]
    part: list[tuple[int, int]]
    priority: list[int]
    pinned: list[int]  # own table index, -1 when the meeting may use any table
    ltype: list[int]  # language-pair type index, -1 when no interpreter is needed
    types: list[frozenset[str]]
    type_interpreters: list[list[int]]
    interp_available: list[list[bool]]  # [interpreter][slot]
    cand: list[list[int]]
    previous: list[int]  # previous slot index, -1 when none
    previous_table: list[int]
    # Breaks are counted over each sequence of slots: the sessions, or with "breaks": "day"
    # the days. A block is a union of sessions that no sequence crosses: the neighbourhood
    # search re-solves within blocks, so that two blocks solved at once share no break.
    sequences: list[list[int]] = field(default_factory=list)
    slot_block: list[int] = field(default_factory=list)
    n_blocks: int = 0
    reasons: dict[int, str] = field(default_factory=dict)
    shared_tables: set[int] = field(default_factory=set)  # own tables of 2+ participants
    owned_tables: set[int] = field(default_factory=set)

    @property
    def schedulable(self) -> list[int]:
        return [j for j in range(len(self.part)) if j not in self.reasons]


def prepare(instance: Instance) -> Prepared:
    """Index the instance and pre-filter meetings that can never be scheduled."""
    slot_index = {s.id: i for i, s in enumerate(instance.slots)}
    session_index: dict[str, int] = {}
    sessions: list[list[int]] = []
    slot_session = []
    for i, s in enumerate(instance.slots):
        if s.session not in session_index:
            session_index[s.session] = len(sessions)
            sessions.append([])
        sessions[session_index[s.session]].append(i)
        slot_session.append(session_index[s.session])
    n_slots = len(instance.slots)
    table_index = {t: i for i, t in enumerate(instance.tables)}
    pindex = {p.id: i for i, p in enumerate(instance.participants)}
    participants = instance.participants
    owners: dict[int, int] = defaultdict(int)
    for p in participants:
        if p.table is not None:
            owners[table_index[p.table]] += 1

    interp_available = [
        [s.id not in it.unavailable for s in instance.slots] for it in instance.interpreters
    ]
    types: list[frozenset[str]] = []
    type_index: dict[frozenset[str], int] = {}
    type_interpreters: list[list[int]] = []

    prep = Prepared(
        instance=instance,
        n_slots=n_slots,
        slot_session=slot_session,
        sessions=sessions,
        n_participants=len(participants),
        n_tables=len(instance.tables),
        cap=[p.max_meetings for p in participants],
        part=[],
        priority=[],
        pinned=[],
        ltype=[],
        types=types,
        type_interpreters=type_interpreters,
        interp_available=interp_available,
        cand=[],
        previous=[],
        previous_table=[],
        shared_tables={t for t, n in owners.items() if n > 1},
        owned_tables=set(owners),
    )
    _sequences_and_blocks(prep)
    for j, m in enumerate(instance.meetings):
        a, b = pindex[m.participants[0]], pindex[m.participants[1]]
        pa, pb = participants[a], participants[b]
        prep.part.append((a, b))
        prep.priority.append(m.priority)
        prep.previous.append(slot_index[m.previous.slot] if m.previous is not None else -1)
        prep.previous_table.append(
            table_index[m.previous.table]
            if m.previous is not None and m.previous.table is not None
            else -1
        )
        reason: str | None = None
        pinned = -1
        if pa.table is not None and pb.table is not None and pa.table != pb.table:
            reason = "participants have different own tables"
        elif pa.table is not None or pb.table is not None:
            pinned = table_index[pa.table or pb.table or ""]
        prep.pinned.append(pinned)

        lt = -1
        if m.languages is not None and m.languages[0] != m.languages[1]:
            key = frozenset(m.languages)
            if key not in type_index:
                type_index[key] = len(types)
                types.append(key)
                type_interpreters.append(
                    [i for i, it in enumerate(instance.interpreters) if key <= it.languages]
                )
            lt = type_index[key]
            if reason is None and not type_interpreters[lt]:
                reason = f"no interpreter speaks both {m.languages[0]} and {m.languages[1]}"
        prep.ltype.append(lt)

        cand: list[int] = []
        if reason is None:
            for pid, p in ((m.participants[0], pa), (m.participants[1], pb)):
                if p.max_meetings == 0:
                    reason = f"participant {pid} has max_meetings 0"
                    break
        if reason is None and prep.n_tables == 0:
            reason = NO_TABLES
        if reason is None:
            if m.session is not None and m.session not in session_index:
                reason = f"session {m.session} has no slots"
            else:
                pool = (
                    sessions[session_index[m.session]]
                    if m.session is not None
                    else list(range(n_slots))
                )
                both = [
                    s
                    for s in pool
                    if instance.slots[s].id not in pa.unavailable
                    and instance.slots[s].id not in pb.unavailable
                ]
                if lt >= 0:
                    cand = [
                        s
                        for s in both
                        if any(interp_available[i][s] for i in type_interpreters[lt])
                    ]
                else:
                    cand = both
                if not cand:
                    where = f" in session {m.session}" if m.session is not None else ""
                    if not both:
                        reason = f"no common available slot{where}"
                    else:
                        reason = (
                            f"no slot{where} where both participants and an interpreter for "
                            f"{m.languages[0]}-{m.languages[1]} are available"  # type: ignore[index]
                        )
        if reason is not None:
            prep.reasons[j] = reason
            cand = []
        prep.cand.append(cand)
    return prep


def _sequences_and_blocks(prep: Prepared) -> None:
    if prep.instance.breaks == "day":
        day_index: dict[str, int] = {}
        for i, slot in enumerate(prep.instance.slots):
            day = slot.start[:10]
            if day not in day_index:
                day_index[day] = len(prep.sequences)
                prep.sequences.append([])
            prep.sequences[day_index[day]].append(i)
    else:
        prep.sequences = [list(session) for session in prep.sessions]
    # Blocks: sessions joined whenever one sequence holds slots of both (union-find).
    parent = list(range(len(prep.sessions)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for seq in prep.sequences:
        first = find(prep.slot_session[seq[0]])
        for k in seq[1:]:
            parent[find(prep.slot_session[k])] = first
    roots: dict[int, int] = {}
    for si in range(len(prep.sessions)):
        roots.setdefault(find(si), len(roots))
    prep.n_blocks = len(roots)
    prep.slot_block = [roots[find(prep.slot_session[k])] for k in range(prep.n_slots)]


def _match_interpreters(
    prep: Prepared, slot: int, meetings: list[int], prefer: dict[int, int] | None = None
) -> dict[int, int]:
    """Maximum bipartite matching of language meetings to interpreters free in `slot`."""
    owner: dict[int, int] = {}  # interpreter -> meeting
    match: dict[int, int] = {}

    def augment(j: int, seen: set[int]) -> bool:
        for i in prep.type_interpreters[prep.ltype[j]]:
            if not prep.interp_available[i][slot] or i in seen:
                continue
            seen.add(i)
            if i not in owner or augment(owner[i], seen):
                owner[i] = j
                match[j] = i
                return True
        return False

    for j in meetings:
        augment(j, set())
    return match


def assign_resources(prep: Prepared, slot_of: dict[int, int]) -> tuple[list[Assignment], list[int]]:
    """Give every placed meeting a table and, when needed, an interpreter.

    Returns the assignments (in meeting order) and the meetings that could get no table or
    interpreter; those are only possible when the slot choice broke a capacity, and the
    caller leaves them unscheduled.
    """
    inst = prep.instance
    by_slot: dict[int, list[int]] = defaultdict(list)
    for j in sorted(slot_of):
        by_slot[slot_of[j]].append(j)
    table_of: dict[int, int] = {}
    interp_of: dict[int, int] = {}
    dropped: list[int] = []
    for s, js in by_slot.items():
        used: set[int] = set()
        # Pinned meetings first: they have no choice of table.
        for j in js:
            t = prep.pinned[j]
            if t >= 0:
                if t in used:
                    dropped.append(j)
                else:
                    used.add(t)
                    table_of[j] = t
        # Others prefer tables nobody owns, so an exhibitor's stand is borrowed only when
        # the general tables are all taken.
        free = sorted(
            (t for t in range(prep.n_tables) if t not in used),
            key=lambda t: (t in prep.owned_tables, t),
        )
        free_set = set(free)
        rest = [j for j in js if prep.pinned[j] < 0]
        # Keep a re-planned meeting at its published table when that table is still free.
        for j in rest:
            t = prep.previous_table[j]
            if prep.previous[j] == s and t >= 0 and t in free_set:
                free_set.discard(t)
                table_of[j] = t
        it = iter(t for t in free if t in free_set)
        for j in rest:
            if j in table_of:
                continue
            t = next(it, -1)
            if t < 0:
                dropped.append(j)
            else:
                table_of[j] = t
        lang = [j for j in js if prep.ltype[j] >= 0 and j in table_of]
        if lang:
            match = _match_interpreters(prep, s, lang)
            for j in lang:
                if j in match:
                    interp_of[j] = match[j]
                else:
                    dropped.append(j)
                    del table_of[j]
    assignments = []
    for j in sorted(table_of):
        interp = interp_of.get(j)
        assignments.append(
            Assignment(
                meeting=inst.meetings[j].id,
                slot=inst.slots[slot_of[j]].id,
                table=inst.tables[table_of[j]],
                interpreter=None if interp is None else inst.interpreters[interp].id,
            )
        )
    return assignments, sorted(dropped)
