"""`liaison schedule solve|verify` on the shipped example and on tampered results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from liaison.scheduling.cli import main

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "liaison" / "scheduling"
EXAMPLE = PACKAGE / "examples" / "tel-aviv-delegation.json"


def schema(name: str) -> dict[str, Any]:
    return json.loads((PACKAGE / "schema" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["solve", str(EXAMPLE), "--time-limit", "10", "--seed", "3"])
    assert code == 0
    path = tmp_path_factory.mktemp("result") / "result.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, json.loads(out.getvalue())


def test_example_instance_follows_the_schema() -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema("b2b-instance.schema.json"))


def test_schema_refuses_a_meeting_without_two_participants() -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["meetings"][0]["participants"] = ["zp-lenovo"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema("b2b-instance.schema.json"))


def test_schema_knows_breaks_by_day_and_wants_dated_slots() -> None:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["breaks"] = "day"
    jsonschema.validate(doc, schema("b2b-instance.schema.json"))
    doc["slots"][0]["start"] = "09:00"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema("b2b-instance.schema.json"))


def test_solve_prints_a_result_that_follows_the_schema(solved: tuple[Path, dict[str, Any]]) -> None:
    _path, result = solved
    jsonschema.validate(result, schema("b2b-result.schema.json"))
    assert result["status"] == "optimal"
    assert result["objective"] == {"scheduled": 17, "priority": 31, "moved": 0, "breaks": 0}
    assert result["bound"] == {"priority": 31, "breaks": 0}
    assert result["time_limited"] is False  # proven optimal, long before the limit
    assert result["unscheduled"] == [
        {"meeting": "m01", "reason": "participants have different own tables"}
    ]


def test_verify_accepts_the_solver_result(
    solved: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _result = solved
    code = main(["verify", str(EXAMPLE), str(path)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out == {
        "valid": True,
        "violations": [],
        "objective": {"scheduled": 17, "priority": 31, "moved": 0, "breaks": 0},
    }


def test_verify_rejects_a_double_booked_participant(
    solved: tuple[Path, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _path, result = solved
    by_meeting = {a["meeting"]: a for a in result["assignments"]}
    # m02 and m04 are both zp-lenovo's: put them in the same slot.
    by_meeting["m04"]["slot"] = by_meeting["m02"]["slot"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(result), encoding="utf-8")
    code = main(["verify", str(EXAMPLE), str(bad)])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    slot = by_meeting["m02"]["slot"]
    assert (
        f"participant 'zp-lenovo' is double-booked in slot '{slot}': ['m02', 'm04']"
        in out["violations"]
    )
