"""Cold start: what the events pages would otherwise load inside a visitor's first request
(#17 item 8) is loaded when a process starts instead: the embedding model and each open
event's recommendation index (the participant marketplace), WeasyPrint with its fonts (the
agenda, badge and table PDFs), and the calendar and QR libraries.

The steps are registered with `liaison.common.warmup` (see `EventsConfig.ready`), which
gunicorn's `post_worker_init` hook (deploy/gunicorn.conf.py) and `liaison worker` run before
serving. `bench/events_cold_start.py` measures the first visits with and without it.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger("liaison.warmup")

# Events whose marketplace is in use: their indexes are built at start-up.
OPEN = ("registration", "requests", "scheduled", "running")


def warm_up(*, indexes: bool = True) -> dict[str, float]:
    """Load the heavy parts once; returns the seconds each took (for the log and the bench)."""
    took: dict[str, float] = {}

    def step(name: str, fn: object) -> None:
        start = time.perf_counter()
        try:
            fn()  # type: ignore[operator]
        except Exception:  # a warm-up failure must never stop a process from serving
            log.exception("warm-up step %s failed", name)
        took[name] = time.perf_counter() - start

    step("pdf", _pdf)
    step("calendar", _calendar)
    step("embedder", _embedder)
    if indexes:
        step("indexes", _indexes)
    log.info("warmed up", extra={"seconds": {k: round(v, 3) for k, v in took.items()}})
    return took


def pdf_and_calendar() -> None:
    _pdf()
    _calendar()


def marketplace() -> None:
    _embedder()
    _indexes()


def _pdf() -> None:
    # WeasyPrint's import and its first layout (font discovery through fontconfig) are what
    # made the first agenda PDF slow; a one-line document in every script we print does both.
    from weasyprint import HTML

    HTML(string='<html><body style="font-family: sans-serif"><p>Liaison 联络 ליאזון</p></body></html>').write_pdf()


def _calendar() -> None:
    import icalendar  # noqa: F401
    import segno

    segno.make("liaison").png_data_uri()


def _embedder() -> None:
    from liaison.common import embedding

    embedding.embedder().embed_passages(["warm up"])


def _indexes() -> None:
    from liaison.events.models import Event
    from liaison.events.recommend import warm

    for event in Event.objects.filter(status__in=OPEN):
        warm(event)
