"""Reading and writing the JSON documents of `formats/b2b-instance.md`.

`parse_instance` checks a decoded instance document and turns it into an `Instance`; every
problem raises `InstanceError` with a message that names the field and the id at fault.
`result_to_dict` / `parse_result` convert results both ways (the verifier reads results).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

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


class InstanceError(ValueError):
    """A malformed instance or result document; the message names the field and id."""


# With "breaks": "day", a slot's day is the date that begins its `start`.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_int(value: Any) -> bool:
    # bool is a subclass of int in Python; `true` is not a priority.
    return isinstance(value, int) and not isinstance(value, bool)


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where} must be a non-empty string, got {json.dumps(value)}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InstanceError(f"{where} must be a list, got {json.dumps(value)}")
    return value


def _obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InstanceError(f"{where} must be an object, got {json.dumps(value)}")
    return value


def _unique(ids: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise InstanceError(f"duplicate {what} id {ident!r}")
        seen.add(ident)


def _slot_refs(value: Any, where: str, slot_ids: set[str]) -> frozenset[str]:
    refs = _list(value, where)
    out = set()
    for ref in refs:
        ref = _str(ref, where + "[]")
        if ref not in slot_ids:
            raise InstanceError(f"{where} names unknown slot {ref!r}")
        out.add(ref)
    return frozenset(out)


def parse_instance(doc: Any) -> Instance:
    """Validate a decoded instance document and return the typed `Instance`."""
    root = _obj(doc, "instance")
    name = root.get("name", "")
    if not isinstance(name, str):
        raise InstanceError("name must be a string")

    slots: list[Slot] = []
    for i, raw in enumerate(_list(root.get("slots"), "slots")):
        s = _obj(raw, f"slots[{i}]")
        sid = _str(s.get("id"), f"slots[{i}].id")
        session = _str(s.get("session"), f"slots[{i}].session (slot {sid!r})")
        start = s.get("start", "")
        end = s.get("end", "")
        if not isinstance(start, str) or not isinstance(end, str):
            raise InstanceError(f"slots[{i}].start/end of slot {sid!r} must be strings")
        slots.append(Slot(sid, session, start, end))
    _unique((s.id for s in slots), "slot")
    breaks = root.get("breaks", "session")
    if breaks not in ("session", "day"):
        raise InstanceError(f'breaks must be "session" or "day", got {json.dumps(breaks)}')
    if breaks == "day":
        for i, slot in enumerate(slots):
            if not _DATE.match(slot.start):
                raise InstanceError(
                    f"slots[{i}].start of slot {slot.id!r} must begin with a date (YYYY-MM-DD) "
                    f'when breaks is "day", got {json.dumps(slot.start)}'
                )
    slot_ids = {s.id for s in slots}

    tables = tuple(
        _str(t, f"tables[{i}]") for i, t in enumerate(_list(root.get("tables", []), "tables"))
    )
    _unique(tables, "table")
    table_ids = set(tables)

    participants: list[Participant] = []
    for i, raw in enumerate(_list(root.get("participants"), "participants")):
        p = _obj(raw, f"participants[{i}]")
        pid = _str(p.get("id"), f"participants[{i}].id")
        unavailable = _slot_refs(
            p.get("unavailable", []),
            f"participants[{i}].unavailable (participant {pid!r})",
            slot_ids,
        )
        table = p.get("table")
        if table is not None:
            table = _str(table, f"participants[{i}].table (participant {pid!r})")
            if table not in table_ids:
                raise InstanceError(
                    f"participants[{i}].table of participant {pid!r} names unknown table {table!r}"
                )
        cap = p.get("max_meetings")
        if cap is not None and (not _is_int(cap) or cap < 0):
            raise InstanceError(
                f"participants[{i}].max_meetings of participant {pid!r} must be a "
                f"non-negative integer, got {json.dumps(cap)}"
            )
        participants.append(Participant(pid, unavailable, table, cap))
    _unique((p.id for p in participants), "participant")
    participant_ids = {p.id for p in participants}

    interpreters: list[Interpreter] = []
    for i, raw in enumerate(_list(root.get("interpreters", []), "interpreters")):
        it = _obj(raw, f"interpreters[{i}]")
        iid = _str(it.get("id"), f"interpreters[{i}].id")
        langs = frozenset(
            _str(lang, f"interpreters[{i}].languages[] (interpreter {iid!r})")
            for lang in _list(it.get("languages", []), f"interpreters[{i}].languages")
        )
        unavailable = _slot_refs(
            it.get("unavailable", []),
            f"interpreters[{i}].unavailable (interpreter {iid!r})",
            slot_ids,
        )
        interpreters.append(Interpreter(iid, langs, unavailable))
    _unique((it.id for it in interpreters), "interpreter")

    meetings: list[Meeting] = []
    for i, raw in enumerate(_list(root.get("meetings"), "meetings")):
        m = _obj(raw, f"meetings[{i}]")
        mid = _str(m.get("id"), f"meetings[{i}].id")
        where = f"meetings[{i}] (meeting {mid!r})"
        pair = _list(m.get("participants"), f"meetings[{i}].participants (meeting {mid!r})")
        if len(pair) != 2:
            raise InstanceError(f"{where}.participants must list exactly two participants")
        a = _str(pair[0], f"{where}.participants[0]")
        b = _str(pair[1], f"{where}.participants[1]")
        for pid in (a, b):
            if pid not in participant_ids:
                raise InstanceError(
                    f"meetings[{i}].participants of meeting {mid!r} names unknown participant {pid!r}"
                )
        if a == b:
            raise InstanceError(
                f"meetings[{i}].participants of meeting {mid!r}: participant {a!r} "
                "cannot meet with itself"
            )
        priority = m.get("priority", 1)
        if not _is_int(priority) or priority < 1:
            raise InstanceError(
                f"meetings[{i}].priority of meeting {mid!r} must be a positive integer, "
                f"got {json.dumps(priority)}"
            )
        raw_session = m.get("session")
        meeting_session = None if raw_session is None else _str(raw_session, f"{where}.session")
        languages = m.get("languages")
        if languages is not None:
            langs_list = _list(languages, f"meetings[{i}].languages (meeting {mid!r})")
            if len(langs_list) != 2:
                raise InstanceError(
                    f"meetings[{i}].languages of meeting {mid!r} must list exactly two languages"
                )
            languages = (
                _str(langs_list[0], f"{where}.languages[0]"),
                _str(langs_list[1], f"{where}.languages[1]"),
            )
            if languages[0] == languages[1]:
                raise InstanceError(
                    f"meetings[{i}].languages of meeting {mid!r} must name two different "
                    f"languages, got {languages[0]!r} twice"
                )
        previous = m.get("previous")
        if previous is not None:
            prev = _obj(previous, f"meetings[{i}].previous (meeting {mid!r})")
            pslot = _str(prev.get("slot"), f"{where}.previous.slot")
            if pslot not in slot_ids:
                raise InstanceError(
                    f"meetings[{i}].previous.slot of meeting {mid!r} names unknown slot {pslot!r}"
                )
            ptable = prev.get("table")
            if ptable is not None:
                ptable = _str(ptable, f"{where}.previous.table")
                if ptable not in table_ids:
                    raise InstanceError(
                        f"meetings[{i}].previous.table of meeting {mid!r} names unknown "
                        f"table {ptable!r}"
                    )
            previous = Placement(pslot, ptable)
        meetings.append(Meeting(mid, (a, b), priority, meeting_session, languages, previous))
    _unique((m.id for m in meetings), "meeting")

    spread = root.get("max_break_spread")
    if spread is not None and (not _is_int(spread) or spread < 0):
        raise InstanceError(
            f"max_break_spread must be a non-negative integer, got {json.dumps(spread)}"
        )
    return Instance(
        name=name,
        slots=tuple(slots),
        tables=tables,
        participants=tuple(participants),
        meetings=tuple(meetings),
        interpreters=tuple(interpreters),
        breaks=breaks,
        max_break_spread=spread,
    )


def load_json(path: str | Path) -> Any:
    """Read a JSON file; a missing file or bad JSON raises `InstanceError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InstanceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(
            f"malformed JSON in {path}: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance file."""
    return parse_instance(load_json(path))


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    """The JSON document of an instance (optional fields only when set)."""
    participants = []
    for p in instance.participants:
        d: dict[str, Any] = {"id": p.id}
        if p.unavailable:
            d["unavailable"] = [s.id for s in instance.slots if s.id in p.unavailable]
        if p.table is not None:
            d["table"] = p.table
        if p.max_meetings is not None:
            d["max_meetings"] = p.max_meetings
        participants.append(d)
    meetings = []
    for m in instance.meetings:
        md: dict[str, Any] = {"id": m.id, "participants": list(m.participants)}
        if m.priority != 1:
            md["priority"] = m.priority
        if m.session is not None:
            md["session"] = m.session
        if m.languages is not None:
            md["languages"] = list(m.languages)
        if m.previous is not None:
            prev: dict[str, Any] = {"slot": m.previous.slot}
            if m.previous.table is not None:
                prev["table"] = m.previous.table
            md["previous"] = prev
        meetings.append(md)
    doc: dict[str, Any] = {
        "name": instance.name,
        "slots": [
            {"id": s.id, "session": s.session, "start": s.start, "end": s.end}
            for s in instance.slots
        ],
        "tables": list(instance.tables),
        "participants": participants,
    }
    if instance.breaks != "session":
        doc["breaks"] = instance.breaks
    if instance.max_break_spread is not None:
        doc["max_break_spread"] = instance.max_break_spread
    if instance.interpreters:
        doc["interpreters"] = [
            {
                "id": it.id,
                "languages": sorted(it.languages),
                "unavailable": [s.id for s in instance.slots if s.id in it.unavailable],
            }
            for it in instance.interpreters
        ]
    doc["meetings"] = meetings
    return doc


def result_to_dict(result: Result) -> dict[str, Any]:
    """The JSON result document printed by `liaison schedule solve`."""
    doc: dict[str, Any] = {
        "status": result.status,
        "assignments": [
            {"meeting": a.meeting, "slot": a.slot, "table": a.table, "interpreter": a.interpreter}
            for a in result.assignments
        ],
        "unscheduled": [{"meeting": u.meeting, "reason": u.reason} for u in result.unscheduled],
        "objective": None
        if result.objective is None
        else {
            "scheduled": result.objective.scheduled,
            "priority": result.objective.priority,
            "moved": result.objective.moved,
            "breaks": result.objective.breaks,
        },
        "bound": None
        if result.bound is None
        else {"priority": result.bound.priority, "breaks": result.bound.breaks},
        "seconds": round(result.seconds, 3),
    }
    if result.break_spread is not None:
        doc["break_spread"] = result.break_spread
    if result.status != "error":
        doc["time_limited"] = result.time_limited
    if result.message is not None:
        doc["message"] = result.message
    return doc


def parse_result(doc: Any) -> Result:
    """Read a result document (as printed by `solve`) back into a `Result`."""
    root = _obj(doc, "result")
    status = root.get("status")
    if status not in ("optimal", "feasible", "infeasible", "error"):
        raise InstanceError(
            f"result status must be optimal|feasible|infeasible|error, got {status!r}"
        )
    assignments = []
    for i, raw in enumerate(_list(root.get("assignments", []), "assignments")):
        a = _obj(raw, f"assignments[{i}]")
        interp = a.get("interpreter")
        assignments.append(
            Assignment(
                meeting=_str(a.get("meeting"), f"assignments[{i}].meeting"),
                slot=_str(a.get("slot"), f"assignments[{i}].slot"),
                table=_str(a.get("table"), f"assignments[{i}].table"),
                interpreter=None
                if interp is None
                else _str(interp, f"assignments[{i}].interpreter"),
            )
        )
    unscheduled = []
    for i, raw in enumerate(_list(root.get("unscheduled", []), "unscheduled")):
        u = _obj(raw, f"unscheduled[{i}]")
        reason = u.get("reason", "")
        unscheduled.append(
            Unscheduled(
                _str(u.get("meeting"), f"unscheduled[{i}].meeting"),
                reason if isinstance(reason, str) else str(reason),
            )
        )
    objective = None
    obj = root.get("objective")
    if obj is not None:
        o = _obj(obj, "objective")
        values = {}
        for key in ("scheduled", "priority", "moved", "breaks"):
            if not _is_int(o.get(key)):
                raise InstanceError(f"objective.{key} must be an integer")
            values[key] = o[key]
        objective = Objective(**values)
    bound = None
    raw_bound = root.get("bound")
    if raw_bound is not None:
        b = _obj(raw_bound, "bound")
        bound = Bound(b.get("priority"), b.get("breaks"))
    seconds = root.get("seconds", 0.0)
    spread = root.get("break_spread")
    if spread is not None and not _is_int(spread):
        raise InstanceError("break_spread must be an integer")
    time_limited = root.get("time_limited", False)
    if not isinstance(time_limited, bool):
        raise InstanceError("time_limited must be true or false")
    return Result(
        status=status,
        assignments=assignments,
        unscheduled=unscheduled,
        objective=objective,
        bound=bound,
        seconds=float(seconds) if isinstance(seconds, int | float) else 0.0,
        message=root.get("message"),
        break_spread=spread,
        time_limited=time_limited,
    )
