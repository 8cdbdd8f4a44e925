"""Adapter between the events app's rows and the scheduler engine (`liaison.scheduling`).

`build_instance` turns an event into an `Instance` (ids: `s<pk>` slots, `t<pk>` tables,
`r<pk>` registrations, `i<pk>` interpreters, `m<pk>` meetings); this module owns that
encoding in both directions (`slot_code` … and `slot_pk` …), and reads the engine's answers
back in rows' terms (`current_result`, `explain`). A registration is
unavailable in the sessions none of its attendees can attend (`Registration.unavailable_session_ids`);
only confirmed interpreters take part (an offer waits for the host office). Locked meetings are held in
place by the adapter, since the engine has no notion of a fixed meeting: their two sides
are marked busy in that slot, and a pair of placeholder participants occupies the table
(and the interpreter is marked busy) so nothing else can take it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from liaison.events.models import Event, Interpreter, Meeting, Registration, Slot, Table
from liaison.scheduling import Assignment, Instance, Participant, Placement, Result, Unscheduled
from liaison.scheduling import Interpreter as SInterpreter
from liaison.scheduling import Meeting as SMeeting
from liaison.scheduling import Slot as SSlot

ACTIVE = (Meeting.Status.ACCEPTED, Meeting.Status.SCHEDULED, Meeting.Status.UNSCHEDULED)


# The id encoding, both directions ------------------------------------------------------


def slot_code(pk: int) -> str:
    return f"s{pk}"


def table_code(pk: int) -> str:
    return f"t{pk}"


def registration_code(pk: int) -> str:
    return f"r{pk}"


def interpreter_code(pk: int) -> str:
    return f"i{pk}"


def meeting_code(pk: int) -> str:
    return f"m{pk}"


def hold_code(meeting: str) -> str:
    """The placeholder meeting that holds a locked meeting (`meeting` is its code) in place."""
    return f"hold-{meeting}"


def _pk(code: str, prefix: str) -> int:
    number = code[len(prefix):]
    if not code.startswith(prefix) or not number.isdigit():
        raise ValueError(f"not a {prefix!r} scheduler id: {code!r}")
    return int(number)


def slot_pk(code: str) -> int:
    return _pk(code, "s")


def table_pk(code: str) -> int:
    return _pk(code, "t")


def interpreter_pk(code: str | None) -> int | None:
    return _pk(code, "i") if code else None


def meeting_pk(code: str) -> int:
    return _pk(code, "m")


@dataclass
class Rows:
    """The event's rows, loaded once, by scheduler id."""

    slots: dict[str, Slot] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    registrations: dict[str, Registration] = field(default_factory=dict)
    interpreters: dict[str, Interpreter] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)

    def label(self, code: str) -> str:
        """A scheduler id in words (for messages)."""
        for mapping in (self.registrations, self.tables, self.interpreters):
            if code in mapping:
                return str(mapping[code])
        if code in self.slots:
            s = self.slots[code]
            return s.starts_at.astimezone(s.session.event.tz).strftime("%Y-%m-%d %H:%M")
        if code in self.meetings:
            return str(self.meetings[code])
        return code


def load_rows(event: Event) -> Rows:
    rows = Rows()
    for s in Slot.objects.filter(session__event=event).select_related("session__event"):
        rows.slots[slot_code(s.pk)] = s
    for t in event.tables.all():
        rows.tables[table_code(t.pk)] = t
    for r in (
        event.registrations.filter(waitlisted=False).select_related("organization")
        .prefetch_related("attendees__unavailable_sessions", "unavailable_sessions")
    ):
        rows.registrations[registration_code(r.pk)] = r
    for i in event.interpreters.filter(status=Interpreter.Status.CONFIRMED).prefetch_related(
        "unavailable_sessions"
    ):
        rows.interpreters[interpreter_code(i.pk)] = i
    for m in event.meetings.filter(status__in=ACTIVE).select_related(
        "slot", "table", "interpreter", "published_slot"
    ):
        rows.meetings[meeting_code(m.pk)] = m
    return rows


def _unavailable(rows: Rows, session_ids: set[int]) -> set[str]:
    return {code for code, s in rows.slots.items() if s.session_id in session_ids}


def language_pair(a: set[str], b: set[str], interpreters: list[set[str]]) -> list[str]:
    """[] when the two sides share a language (or one side's languages are unknown), else the
    pair to bridge: the one most interpreters cover (ties: alphabetical)."""
    if not a or not b or a & b:
        return []
    counts: Counter[tuple[str, str]] = Counter()
    for la in sorted(a):
        for lb in sorted(b):
            counts[(la, lb)] = sum(1 for langs in interpreters if la in langs and lb in langs)
    (la, lb), _n = max(sorted(counts.items()), key=lambda kv: kv[1])
    return sorted([la, lb])


def build_instance(event: Event, rows: Rows, *, hold_locked: bool = True, replan: bool = False) -> Instance:
    """The scheduler's view of the event. `replan` passes published placements as `previous`."""
    slot_ids = list(rows.slots)
    busy: dict[str, set[str]] = {code: set() for code in rows.registrations}
    interp_busy: dict[str, set[str]] = {code: set() for code in rows.interpreters}
    extra_participants: list[Participant] = []
    meetings: list[SMeeting] = []
    interp_langs = [set(i.languages) for i in rows.interpreters.values()]
    total_priority = sum(m.priority for m in rows.meetings.values()) + 1
    for code, m in rows.meetings.items():
        a, b = registration_code(m.a_id), registration_code(m.b_id)
        if hold_locked and m.locked and m.slot_id and m.table_id:
            s, t = slot_code(m.slot_id), table_code(m.table_id)
            busy[a].add(s)
            busy[b].add(s)
            if m.interpreter_id:
                interp_busy[interpreter_code(m.interpreter_id)].add(s)
            others = frozenset(x for x in slot_ids if x != s)
            hold = hold_code(code)
            extra_participants += [
                Participant(id=f"{hold}-a", unavailable=others, table=t),
                Participant(id=f"{hold}-b", unavailable=others),
            ]
            meetings.append(SMeeting(id=hold, participants=(f"{hold}-a", f"{hold}-b"),
                                     priority=total_priority))
            continue
        pair = language_pair(
            rows.registrations[a].languages(), rows.registrations[b].languages(), interp_langs
        )
        m.languages = pair
        previous = None
        if replan and m.published_slot_id:
            previous = Placement(slot=slot_code(m.published_slot_id),
                                 table=table_code(m.table_id) if m.table_id else None)
        meetings.append(SMeeting(
            id=code, participants=(a, b), priority=m.priority,
            languages=(pair[0], pair[1]) if pair else None, previous=previous,
        ))
    participants = [
        Participant(
            id=code,
            unavailable=frozenset(_unavailable(rows, r.unavailable_session_ids()) | busy[code]),
            table=table_code(r.own_table_id) if r.own_table_id else None,
            max_meetings=meeting_cap(event, r),
        )
        for code, r in rows.registrations.items()
    ]
    interpreters = [
        SInterpreter(
            id=code, languages=frozenset(i.languages),
            unavailable=frozenset(_unavailable(rows, {s.pk for s in i.unavailable_sessions.all()}) | interp_busy[code]),
        )
        for code, i in rows.interpreters.items()
    ]
    slots = [
        # On the event's clock: "one programme per day" counts the slots of one local date.
        SSlot(id=code, session=f"n{s.session_id}", start=s.starts_at.astimezone(event.tz).isoformat(),
              end=s.ends_at.astimezone(event.tz).isoformat())
        for code, s in rows.slots.items()
    ]
    return Instance(
        name=f"event-{event.pk}", slots=tuple(slots), tables=tuple(rows.tables),
        participants=tuple(participants + extra_participants), meetings=tuple(meetings),
        interpreters=tuple(interpreters), breaks="day" if event.breaks == Event.Breaks.DAY else "session",
    )


def meeting_cap(event: Event, registration: Registration) -> int | None:
    """The most meetings the firm gets: its own cap or the event's, the lower of the two."""
    caps = [c for c in (registration.max_meetings, event.meeting_cap) if c]
    return min(caps) if caps else None


def current_result(rows: Rows, override: dict[str, Assignment]) -> Result:
    """The schedule as it stands, as an engine `Result` (for the verifier), with the
    assignments in `override` (meeting code -> assignment) in place of the stored ones."""
    assignments, unscheduled = [], []
    for code, m in rows.meetings.items():
        if code in override:
            assignments.append(override[code])
        elif m.status == Meeting.Status.SCHEDULED and m.slot_id and m.table_id:
            assignments.append(Assignment(
                meeting=code, slot=slot_code(m.slot_id), table=table_code(m.table_id),
                interpreter=interpreter_code(m.interpreter_id) if m.interpreter_id else None))
        else:
            unscheduled.append(Unscheduled(meeting=code, reason="not placed"))
    return Result(status="feasible", assignments=assignments, unscheduled=unscheduled)


def explain(rows: Rows, violation: str) -> str:
    """An engine message with its scheduler ids replaced by names and times."""
    codes = (set(rows.slots) | set(rows.tables) | set(rows.registrations) | set(rows.interpreters)
             | set(rows.meetings))
    out = []
    for w in violation.split():
        core = w.strip("'\"[],():")
        out.append(w.replace(core, rows.label(core)) if core and core in codes else w)
    return " ".join(out)
