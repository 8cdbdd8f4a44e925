"""Malformed instances are refused with a message naming the field and the id at fault."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from liaison.scheduling import InstanceError, parse_instance
from liaison.scheduling.cli import main

VALID: dict[str, Any] = {
    "name": "t",
    "slots": [
        {"id": "s1", "session": "am", "start": "2026-05-10T09:00", "end": "2026-05-10T09:30"},
        {"id": "s2", "session": "am"},
    ],
    "tables": ["T1", "T2"],
    "participants": [{"id": "a", "table": "T1"}, {"id": "b", "unavailable": ["s1"]}, {"id": "c"}],
    "interpreters": [{"id": "i1", "languages": ["zh", "he"]}],
    "meetings": [
        {"id": "m1", "participants": ["a", "b"], "priority": 2, "languages": ["zh", "he"]},
        {"id": "m2", "participants": ["b", "c"], "previous": {"slot": "s2", "table": "T2"}},
    ],
}


def broken(change: Any) -> dict[str, Any]:
    doc = copy.deepcopy(VALID)
    change(doc)
    return doc


def message(doc: Any) -> str:
    with pytest.raises(InstanceError) as caught:
        parse_instance(doc)
    return str(caught.value)


def test_valid_instance_is_accepted() -> None:
    inst = parse_instance(VALID)
    assert [m.id for m in inst.meetings] == ["m1", "m2"]
    assert inst.meetings[0].languages == ("zh", "he")
    assert inst.meetings[1].priority == 1


def test_unknown_participant_is_named() -> None:
    doc = broken(lambda d: d["meetings"][1].update(participants=["b", "zz"]))
    assert message(doc) == "meetings[1].participants of meeting 'm2' names unknown participant 'zz'"


def test_meeting_of_a_participant_with_itself_is_refused() -> None:
    doc = broken(lambda d: d["meetings"][0].update(participants=["a", "a"]))
    assert message(doc) == (
        "meetings[0].participants of meeting 'm1': participant 'a' cannot meet with itself"
    )


def test_meeting_needs_exactly_two_participants() -> None:
    doc = broken(lambda d: d["meetings"][0].update(participants=["a", "b", "c"]))
    assert "meeting 'm1'" in message(doc) and "exactly two participants" in message(doc)


def test_unknown_slot_in_unavailability_is_named() -> None:
    doc = broken(lambda d: d["participants"][1].update(unavailable=["s9"]))
    assert message(doc) == ("participants[1].unavailable (participant 'b') names unknown slot 's9'")


def test_unknown_previous_slot_is_named() -> None:
    doc = broken(lambda d: d["meetings"][1].update(previous={"slot": "s7"}))
    assert message(doc) == "meetings[1].previous.slot of meeting 'm2' names unknown slot 's7'"


def test_unknown_own_table_is_named() -> None:
    doc = broken(lambda d: d["participants"][0].update(table="T9"))
    assert message(doc) == "participants[0].table of participant 'a' names unknown table 'T9'"


@pytest.mark.parametrize(
    ("where", "what"),
    [
        ("slots", "slot"),
        ("participants", "participant"),
        ("meetings", "meeting"),
        ("interpreters", "interpreter"),
    ],
)
def test_duplicate_ids_are_refused(where: str, what: str) -> None:
    doc = broken(lambda d: d[where].append(copy.deepcopy(d[where][0])))
    first_id = VALID[where][0]["id"]
    assert message(doc) == f"duplicate {what} id {first_id!r}"


def test_duplicate_table_is_refused() -> None:
    assert message(broken(lambda d: d["tables"].append("T1"))) == "duplicate table id 'T1'"


@pytest.mark.parametrize("priority", [0, -3, 1.5, "high", True, None])
def test_bad_priority_is_refused(priority: Any) -> None:
    doc = broken(lambda d: d["meetings"][0].update(priority=priority))
    assert message(doc) == (
        f"meetings[0].priority of meeting 'm1' must be a positive integer, got {json.dumps(priority)}"
    )


def test_negative_max_meetings_is_refused() -> None:
    doc = broken(lambda d: d["participants"][2].update(max_meetings=-1))
    assert message(doc) == (
        "participants[2].max_meetings of participant 'c' must be a non-negative integer, got -1"
    )


def test_missing_meetings_list_is_refused() -> None:
    doc = broken(lambda d: d.pop("meetings"))
    assert message(doc) == "meetings must be a list, got null"


def test_languages_must_be_a_pair() -> None:
    doc = broken(lambda d: d["meetings"][0].update(languages=["zh"]))
    assert message(doc) == "meetings[0].languages of meeting 'm1' must list exactly two languages"


def test_languages_must_differ() -> None:
    doc = broken(lambda d: d["meetings"][0].update(languages=["zh", "zh"]))
    assert message(doc) == (
        "meetings[0].languages of meeting 'm1' must name two different languages, got 'zh' twice"
    )


def test_breaks_must_be_session_or_day() -> None:
    doc = broken(lambda d: d.update(breaks="week"))
    assert message(doc) == 'breaks must be "session" or "day", got "week"'


def test_breaks_by_day_needs_every_slot_dated() -> None:
    doc = broken(lambda d: d.update(breaks="day"))
    assert message(doc) == (
        "slots[1].start of slot 's2' must begin with a date (YYYY-MM-DD) when breaks is \"day\", "
        'got ""'
    )
    doc["slots"][1]["start"] = "2026-05-10T09:30"
    assert parse_instance(doc).breaks == "day"
    assert parse_instance(VALID).breaks == "session"


@pytest.mark.parametrize("spread", [-1, 1.5, "2", True])
def test_max_break_spread_must_be_a_non_negative_integer(spread: Any) -> None:
    doc = broken(lambda d: d.update(max_break_spread=spread))
    assert (
        message(doc) == f"max_break_spread must be a non-negative integer, got {json.dumps(spread)}"
    )
    assert parse_instance(broken(lambda d: d.update(max_break_spread=0))).max_break_spread == 0


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def test_cli_reports_malformed_json_as_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"slots": [', encoding="utf-8")
    code, out = run_cli(["solve", str(path)], capsys)
    assert code == 2
    assert out["status"] == "error"
    assert out["message"].startswith(f"malformed JSON in {path}: ")


def test_cli_reports_an_invalid_instance_as_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(broken(lambda d: d["meetings"][0].update(participants=["a", "x"]))))
    code, out = run_cli(["solve", str(path), "--time-limit", "2"], capsys)
    assert code == 2
    assert out == {
        "status": "error",
        "message": "meetings[0].participants of meeting 'm1' names unknown participant 'x'",
    }


def test_cli_reports_a_missing_file_as_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli(["solve", str(tmp_path / "none.json")], capsys)
    assert code == 2 and out["status"] == "error"
    assert "cannot read" in out["message"]
