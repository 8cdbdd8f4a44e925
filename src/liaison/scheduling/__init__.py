"""The meeting scheduler: places accepted 1:1 meetings into slots, tables and interpreters.

Plain Python (no Django; a lint contract enforces it). The Django events app builds an
`Instance` from its rows and calls `solve(instance, time_limit=..., seed=..., progress=...)`;
`verify` checks any result independently. `io` reads and writes the JSON format of
`formats/b2b-instance.md`, `cli` is `liaison schedule solve|verify`.
"""

from typing import TYPE_CHECKING, Any

from liaison.scheduling.io import InstanceError, load_instance, parse_instance
from liaison.scheduling.model import (
    Assignment,
    Bound,
    Instance,
    Interpreter,
    Meeting,
    Objective,
    Participant,
    Placement,
    Result,
    Slot,
    Unscheduled,
)
from liaison.scheduling.verify import Verdict, verify

if TYPE_CHECKING:
    from liaison.scheduling.solver import solve


def __getattr__(name: str) -> Any:
    # `solve` loads OR-Tools (and pandas with it), about a second: only when first used, so
    # that a web process does not pay for it on start-up.
    if name == "solve":
        from liaison.scheduling.solver import solve

        return solve
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Assignment",
    "Bound",
    "Instance",
    "InstanceError",
    "Interpreter",
    "Meeting",
    "Objective",
    "Participant",
    "Placement",
    "Result",
    "Slot",
    "Unscheduled",
    "Verdict",
    "load_instance",
    "parse_instance",
    "solve",
    "verify",
]
