"""Dense business forums for the scheduler's benchmark, generated from a seed (issue #18).

    .venv/bin/python bench/scheduling_dense.py [OUT_DIR]      # writes every instance

The shape of the published B2B benchmark (Bofill et al., JAIR 74 (2022), Table 1), whose
real instances we may not ship:

* "one session" (`dense1-*`): one session of 8-10 slots, 42-60 participants, 125-237
  meetings, 16-27 tables, several participants meeting in every slot;
* "two sessions" (`dense2-*`): a morning of 12-13 slots and an afternoon of 8-10 on one
  day, 70-78 participants, 154-302 meetings, 12-22 tables, most meetings requested for the
  morning, a few participants with forbidden slots.

Breaks are counted over the whole day (`"breaks": "day"`), as the literature does. Every
meeting has priority 1 and fits: the generator first plants a schedule slot by slot (a
random matching of participants per slot, the "full" participants in every slot, popular
participants more often), then keeps only its meetings, session requests consistent with
it, and forbidden slots where the planted schedule leaves the participant free. So the
optimum schedules every meeting, and the planted schedule bounds its breaks from above;
the optimum breaks are proven offline (bench/scheduling_optimum.py) and recorded in
bench/scheduling_dense.json with the seed.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RECORD = REPO / "bench" / "scheduling_dense.json"


@dataclass(frozen=True)
class Shape:
    """One size of the family: slots per session, people, meetings, tables."""

    sessions: tuple[int, ...]  # slots per session (one day)
    participants: int
    meetings: int
    tables: int
    full: int  # participants planted in every slot of the first session
    morning_share: float = 1.0  # share of meetings planted in the first session
    morning_requested: float = 0.0  # share of those that must stay in the morning
    forbidding: float = 0.0  # share of participants with forbidden slots
    # Share of participants who cannot attend one slot inside their planted day (its meeting
    # is dropped): their day may have to split, so the optimum may need a few breaks, as the
    # real forums' do (0-6).
    holes: float = 0.0


SHAPES: dict[str, Shape] = {
    "dense1-s": Shape((9,), 42, 125, 16, full=8),
    "dense1-m": Shape((10,), 50, 180, 21, full=16),
    "dense1-l": Shape((10,), 60, 237, 27, full=27),
    "dense2-s": Shape(
        (12, 8), 70, 154, 12, full=4, morning_share=0.8, morning_requested=0.85, forbidding=0.1
    ),
    "dense2-m": Shape(
        (13, 9), 74, 230, 16, full=6, morning_share=0.8, morning_requested=0.85, forbidding=0.1
    ),
    "dense2-l": Shape(
        (13, 10), 78, 302, 22, full=8, morning_share=0.75, morning_requested=0.85, forbidding=0.1
    ),
    "dense1-h": Shape((10,), 50, 180, 21, full=16, holes=0.2),
    "dense2-h": Shape(
        (13, 9),
        74,
        230,
        16,
        full=6,
        morning_share=0.8,
        morning_requested=0.85,
        forbidding=0.1,
        holes=0.15,
    ),
}


def _degrees(shape: Shape, rng: random.Random, length: int) -> list[int]:
    """Meetings per participant: the full ones in every slot of the first session, the
    others skewed (a few popular, many with two to four), summing to twice the meetings."""
    n = shape.participants
    full_length = shape.sessions[0]
    degrees = [full_length] * shape.full + [2] * (n - shape.full)
    left = 2 * shape.meetings - sum(degrees)
    weight = [rng.lognormvariate(0.0, 0.8) for _ in range(n)]
    while left > 0:
        p = rng.choices(range(shape.full, n), weights=weight[shape.full :])[0]
        if degrees[p] < length - 2:
            degrees[p] += 1
            left -= 1
    return degrees


def _plant(shape: Shape, rng: random.Random) -> list[list[tuple[int, int]]]:
    """A planted schedule: per slot, the pairs meeting there (each pair meets once).

    Each participant gets an interval of consecutive slots as long as its meetings, placed
    where the fewest are busy (morning first when there are two sessions); each slot then
    pairs the participants whose interval covers it, with partners not met before, up to
    the tables. Whoever finds no partner has a hole there, so the planted schedule has a
    few breaks and the optimum at most as many.
    """
    n = shape.participants
    length = sum(shape.sessions)
    morning = shape.sessions[0]
    degrees = _degrees(shape, rng, length)
    load = [0] * length
    interval: list[tuple[int, int]] = [(0, 0)] * n
    for p in sorted(range(n), key=lambda q: (-degrees[q], rng.random())):
        d = degrees[p]
        starts = list(range(length - d + 1))
        if len(shape.sessions) > 1 and rng.random() < shape.morning_share:
            # Most people come for the morning: their day starts in it.
            starts = [t for t in starts if t < morning - d // 2] or starts
        rng.shuffle(starts)
        t = min(starts, key=lambda t: max(load[t : t + d]))
        interval[p] = (t, t + d)
        for s in range(t, t + d):
            load[s] += 1
    met: set[tuple[int, int]] = set()
    plan: list[list[tuple[int, int]]] = []
    for s in range(length):
        active = [p for p in range(n) if interval[p][0] <= s < interval[p][1]]
        rng.shuffle(active)
        # The longest intervals first: they are the hardest to pair later.
        active.sort(key=lambda p: -degrees[p])
        free = set(active)
        pairs: list[tuple[int, int]] = []
        for p in active:
            if p not in free or len(pairs) >= shape.tables:
                continue
            options = [q for q in free if q != p and (min(p, q), max(p, q)) not in met]
            if not options:
                continue
            q = options[rng.randrange(len(options))]
            free.discard(p)
            free.discard(q)
            met.add((min(p, q), max(p, q)))
            pairs.append((p, q))
        plan.append(pairs)
    return plan


def generate(name: str, seed: int) -> dict[str, Any]:
    """The instance document of shape `name` for `seed` (deterministic)."""
    shape = SHAPES[name]
    rng = random.Random(f"{name}/{seed}")
    plan = _plant(shape, rng)
    session_names = ["am", "pm", "late"][: len(shape.sessions)]
    slots: list[dict[str, str]] = []
    session_of: list[str] = []
    for k, (session, length) in enumerate(zip(session_names, shape.sessions, strict=True)):
        first_hour = 9 if k == 0 else 14
        for i in range(length):
            minutes = first_hour * 60 + 20 * i
            start = f"2026-06-01T{minutes // 60:02d}:{minutes % 60:02d}"
            end_minutes = minutes + 20
            end = f"2026-06-01T{end_minutes // 60:02d}:{end_minutes % 60:02d}"
            slots.append(
                {"id": f"{session}{i + 1:02d}", "session": session, "start": start, "end": end}
            )
            session_of.append(session)
    busy: dict[int, set[int]] = {p: set() for p in range(shape.participants)}
    meetings: list[dict[str, Any]] = []
    for s, pairs in enumerate(plan):
        for a, b in pairs:
            busy[a].add(s)
            busy[b].add(s)
            meeting: dict[str, Any] = {"participants": [f"p{a:02d}", f"p{b:02d}"], "_slot": s}
            if (
                len(shape.sessions) > 1
                and session_of[s] == session_names[0]
                and rng.random() < shape.morning_requested
            ):
                meeting["session"] = session_names[0]
            meetings.append(meeting)
    holed: dict[int, int] = {}
    if shape.holes:
        for p in range(shape.participants):
            mine = sorted(busy[p])
            if len(mine) >= 3 and rng.random() < shape.holes:
                s = mine[rng.randrange(1, len(mine) - 1)]
                holed[p] = s
                who = f"p{p:02d}"
                gone = [m for m in meetings if m["_slot"] == s and who in m["participants"]]
                for m in gone:
                    meetings.remove(m)
                    for q in m["participants"]:
                        busy[int(q[1:])].discard(s)
    for m in meetings:
        del m["_slot"]
    # Meetings in a shuffled order with plain ids, so nothing betrays the planted slots.
    rng.shuffle(meetings)
    for k, meeting in enumerate(meetings):
        meeting["id"] = f"m{k + 1:03d}"
    participants: list[dict[str, Any]] = []
    for p in range(shape.participants):
        entry: dict[str, Any] = {"id": f"p{p:02d}"}
        forbidden = []
        if rng.random() < shape.forbidding:
            idle = [s for s in range(len(slots)) if s not in busy[p] and s != holed.get(p)]
            forbidden = sorted(rng.sample(idle, min(len(idle), rng.randint(1, 4))))
        if p in holed:
            forbidden = sorted([*forbidden, holed[p]])
        if forbidden:
            entry["unavailable"] = [slots[s]["id"] for s in forbidden]
        participants.append(entry)
    return {
        "name": f"{name}-{seed}",
        "breaks": "day",
        "slots": slots,
        "tables": [f"T{t + 1:02d}" for t in range(shape.tables)],
        "participants": participants,
        "meetings": [
            {"id": m["id"], **{k: v for k, v in m.items() if k != "id"}} for m in meetings
        ],
    }


def recorded() -> list[dict[str, Any]]:
    """The family's instances with their proven optima (bench/scheduling_dense.json)."""
    return list(json.loads(RECORD.read_text(encoding="utf-8"))["instances"])


def write_all(directory: Path) -> list[Path]:
    """Generate every recorded instance into `directory`; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for entry in recorded():
        doc = generate(entry["shape"], entry["seed"])
        path = directory / f"{doc['name']}.json"
        path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "bench" / "out" / "dense"
    for path in write_all(out):
        print(path)
