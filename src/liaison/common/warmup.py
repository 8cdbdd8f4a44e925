"""Start-up warm-up: apps register what their pages or tasks would otherwise load in a first
request (a model, an index, a library that takes seconds to import), and each process runs
it once before serving: gunicorn's `post_worker_init` hook (`deploy/gunicorn.conf.py`) for
web processes, `liaison worker` for the task worker. Registered from `AppConfig.ready()`, so
`common` knows none of the apps."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("liaison.warmup")


@dataclass(frozen=True)
class Step:
    name: str
    fn: Callable[[], object]
    web: bool
    worker: bool


_steps: list[Step] = []


def register(name: str, fn: Callable[[], object], *, web: bool = True, worker: bool = True) -> None:
    if all(s.name != name for s in _steps):
        _steps.append(Step(name, fn, web, worker))


def run(process: str = "web") -> list[str]:
    """Run the steps for this kind of process ("web" or "worker"); a failing step is logged
    and never stops the process from serving. Returns the names run."""
    done = []
    for step in _steps:
        if (process == "web" and not step.web) or (process == "worker" and not step.worker):
            continue
        try:
            step.fn()
        except Exception:
            log.exception("warm-up step %s failed", step.name)
        done.append(step.name)
    return done
