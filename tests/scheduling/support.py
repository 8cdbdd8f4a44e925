"""Builders for small scheduling instances, so each test states only what matters to it."""

from __future__ import annotations

from liaison.scheduling import (
    Instance,
    Interpreter,
    Meeting,
    Participant,
    Placement,
    Slot,
)
from liaison.scheduling.model import BreaksMode


def slots(*sessions: int, prefix: str = "s", days: tuple[str, ...] = ()) -> tuple[Slot, ...]:
    """Slots for sessions of the given lengths: slots(3, 2) -> a1 a2 a3 | b1 b2.

    `days` gives each session's date (its slots then have a `start`), for "breaks": "day".
    """
    out = []
    for k, n in enumerate(sessions):
        name = chr(ord("a") + k)
        day = days[k] if days else ""
        out.extend(
            Slot(
                f"{name}{i + 1}",
                f"{prefix}-{name}",
                start=f"{day}T{8 + 5 * k + i:02d}:00" if day else "",
            )
            for i in range(n)
        )
    return tuple(out)


def people(*ids: str, **options: dict[str, object]) -> tuple[Participant, ...]:
    """Participants by id; options[id] gives unavailable/table/max_meetings for one of them."""
    out = []
    for pid in ids:
        opt = options.get(pid, {})
        out.append(
            Participant(
                pid,
                unavailable=frozenset(opt.get("unavailable", ())),  # type: ignore[call-overload]
                table=opt.get("table"),  # type: ignore[arg-type]
                max_meetings=opt.get("max_meetings"),  # type: ignore[arg-type]
            )
        )
    return tuple(out)


def meeting(
    mid: str,
    a: str,
    b: str,
    priority: int = 1,
    *,
    session: str | None = None,
    languages: tuple[str, str] | None = None,
    previous: str | None = None,
) -> Meeting:
    return Meeting(
        mid,
        (a, b),
        priority,
        session,
        languages,
        None if previous is None else Placement(previous),
    )


def instance(
    slot_list: tuple[Slot, ...],
    participants: tuple[Participant, ...],
    meetings: list[Meeting],
    *,
    tables: int = 10,
    interpreters: tuple[Interpreter, ...] = (),
    breaks: BreaksMode = "session",
) -> Instance:
    return Instance(
        name="test",
        slots=slot_list,
        tables=tuple(f"T{i + 1}" for i in range(tables)),
        participants=participants,
        meetings=tuple(meetings),
        interpreters=interpreters,
        breaks=breaks,
    )
