"""Typed values the scheduler takes and returns: an instance (slots, tables, participants,
interpreters, meetings) and a result (assignments, unscheduled meetings, objective, bound).

They mirror `formats/b2b-instance.md` one to one, so the Django events app can build an
`Instance` from its rows and call `liaison.scheduling.solve` without going through JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["optimal", "feasible", "infeasible", "error"]
BreaksMode = Literal["session", "day"]


@dataclass(frozen=True)
class Slot:
    """A time slot; `session` groups consecutive slots (a morning, an afternoon)."""

    id: str
    session: str
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class Participant:
    """A person or firm who meets; `table` is an exhibitor's own table, if any."""

    id: str
    unavailable: frozenset[str] = frozenset()
    table: str | None = None
    max_meetings: int | None = None


@dataclass(frozen=True)
class Interpreter:
    """Someone who bridges any two of `languages` in a meeting."""

    id: str
    languages: frozenset[str] = frozenset()
    unavailable: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Placement:
    """Where a published schedule had placed a meeting."""

    slot: str
    table: str | None = None


@dataclass(frozen=True)
class Meeting:
    """An accepted 1:1 meeting between two distinct participants."""

    id: str
    participants: tuple[str, str]
    priority: int = 1
    session: str | None = None
    languages: tuple[str, str] | None = None
    previous: Placement | None = None


@dataclass(frozen=True)
class Instance:
    """Everything the scheduler needs; slots are in time order.

    `breaks` says over what breaks are counted: each session ("session", the default), or
    the sessions of one calendar day as one sequence ("day": the day is the date that
    begins each slot's `start`, so every slot needs one). `max_break_spread`, when set,
    is a hard rule: no participant has more than that many breaks more than another.
    """

    name: str
    slots: tuple[Slot, ...]
    tables: tuple[str, ...]
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    interpreters: tuple[Interpreter, ...] = ()
    breaks: BreaksMode = "session"
    max_break_spread: int | None = None


@dataclass(frozen=True)
class Assignment:
    """A scheduled meeting: its slot, its table and, when it needs one, its interpreter."""

    meeting: str
    slot: str
    table: str
    interpreter: str | None = None


@dataclass(frozen=True)
class Unscheduled:
    """A meeting left out of the schedule, with the reason in plain words."""

    meeting: str
    reason: str


@dataclass(frozen=True)
class Objective:
    """The lexicographic objective: priority (max), then moved (min), then breaks (min)."""

    scheduled: int
    priority: int
    moved: int
    breaks: int


@dataclass(frozen=True)
class Bound:
    """Proven bounds: an upper bound on priority and a lower bound on breaks (or None).

    The breaks bound holds among schedules at least as good on priority and moves as the
    one returned (the objective is lexicographic).
    """

    priority: int | None = None
    breaks: int | None = None


@dataclass
class Result:
    """What `solve` returns and `liaison schedule solve` prints."""

    status: Status
    assignments: list[Assignment] = field(default_factory=list)
    unscheduled: list[Unscheduled] = field(default_factory=list)
    objective: Objective | None = None
    bound: Bound | None = None
    seconds: float = 0.0
    message: str | None = None
    # The most breaks of any participant minus the fewest (fairness), None on errors.
    break_spread: int | None = None
    # True when the wall-clock limit, not the solver's own (deterministic) budget or a
    # proof of optimality, ended the search: a longer limit might find a better schedule,
    # and another run with the same seed may differ.
    time_limited: bool = False
