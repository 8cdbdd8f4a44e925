"""Logs as one JSON object per line, each with the request id (or the task id) it belongs to.

`JsonFormatter` is the formatter of the console handler when `LIAISON_LOG_FORMAT=json` (the
default outside DEBUG); `RequestLogMiddleware` (`liaison.common.middleware`) sets the request
id and writes one line per request; the worker writes one line per task
(`log_task_started`/`log_task_finished`, connected in `CommonConfig.ready`).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from typing import Any

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# Attributes every LogRecord has: anything else passed with `extra=` goes into the line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        rid = request_id.get()
        if rid:
            line["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to records for the text format."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


task_log = logging.getLogger("liaison.tasks")


def log_task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    request_id.set(f"task-{task_result.id}")
    task_log.info("task started", extra={"task_id": str(task_result.id),
                                         "task": task_result.task.module_path,
                                         "attempt": len(getattr(task_result, "worker_ids", []) or [])})


def log_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    started, finished = task_result.started_at, task_result.finished_at
    seconds = (finished - started).total_seconds() if started and finished else None
    status = str(getattr(task_result.status, "value", task_result.status))
    errors = [e.exception_class_path for e in task_result.errors]
    level = logging.INFO if status == "SUCCESSFUL" else logging.ERROR
    task_log.log(level, "task finished", extra={"task_id": str(task_result.id),
                                               "task": task_result.task.module_path,
                                               "status": status, "seconds": seconds,
                                               "errors": errors})
    request_id.set("")
