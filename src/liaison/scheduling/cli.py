"""`liaison schedule ...`: solve and verify instances from the command line.

    liaison schedule solve INSTANCE.json [--time-limit SECONDS] [--seed N] [--progress]
    liaison schedule verify INSTANCE.json RESULT.json

`solve` prints the result document of `formats/b2b-instance.md`; a malformed instance
prints `{"status": "error", "message": ...}` and exits with 2. `verify` prints the
verifier's findings and exits with 0 when the result is valid, 1 when it breaks a rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from liaison.scheduling.io import (
    InstanceError,
    load_instance,
    load_json,
    parse_result,
    result_to_dict,
)
from liaison.scheduling.solver import solve
from liaison.scheduling.verify import verify

EXIT_INVALID = 1
EXIT_ERROR = 2


def _print(doc: dict[str, Any]) -> None:
    json.dump(doc, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


def _error(message: str) -> int:
    _print({"status": "error", "message": message})
    return EXIT_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="liaison schedule", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p_solve = commands.add_parser("solve", help="schedule an instance and print the result")
    p_solve.add_argument("instance")
    p_solve.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS")
    p_solve.add_argument("--seed", type=int, default=0)
    p_solve.add_argument(
        "--progress", action="store_true", help="report progress on standard error"
    )
    p_verify = commands.add_parser("verify", help="check a result against its instance")
    p_verify.add_argument("instance")
    p_verify.add_argument("result")
    return parser


def main(argv: list[str]) -> int:
    """Entry point called by `liaison.cli` with the arguments after `schedule`."""
    args = _parser().parse_args(argv)
    if args.command == "solve":
        if args.time_limit <= 0:
            return _error("--time-limit must be positive")
        try:
            instance = load_instance(args.instance)
        except InstanceError as exc:
            return _error(str(exc))

        def progress(fraction: float, message: str) -> None:
            print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

        result = solve(
            instance,
            time_limit=args.time_limit,
            seed=args.seed,
            progress=progress if args.progress else None,
        )
        _print(result_to_dict(result))
        return 0
    try:
        instance = load_instance(args.instance)
        result = parse_result(load_json(args.result))
    except InstanceError as exc:
        return _error(str(exc))
    verdict = verify(instance, result)
    o = verdict.objective
    _print(
        {
            "valid": verdict.valid,
            "violations": verdict.violations,
            "objective": {
                "scheduled": o.scheduled,
                "priority": o.priority,
                "moved": o.moved,
                "breaks": o.breaks,
            },
        }
    )
    return 0 if verdict.valid else EXIT_INVALID
