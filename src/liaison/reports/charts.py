"""Charts of a report as SVG, drawn on the server with matplotlib.

Text stays text (`svg.fonttype = "none"`), so the browser and WeasyPrint shape Chinese and
lay out Hebrew right to left with the fonts named here; the same SVG goes into the page and
into the PDF. Every chart has the same numbers as a table beside it (tables.py).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache  # noqa: E402
from django.utils.translation import get_language  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from liaison.reports.kpis import SERIES, Report  # noqa: E402

FONTS = ["Noto Sans", "Noto Sans CJK SC", "Noto Sans Hebrew", "DejaVu Sans"]
COLOURS = ["#1f5f8b", "#d9822b", "#3a8f5c", "#8e44ad", "#c0392b", "#7f8c8d"]

matplotlib.rcParams.update({
    "svg.fonttype": "none",
    "svg.hashsalt": "liaison",  # stable ids: the same report gives the same SVG
    "font.family": FONTS,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
})


_COUNTER = itertools.count(1)


def _svg(fig: Figure, title: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    # Several charts share one page: give each its own ids.
    prefix = f"c{next(_COUNTER)}-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)
    # A title for screen readers; the numbers are in the table beside the chart.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(title)}" ', 1)
    return svg


def _attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _figure(width: float = 6.4, height: float = 3.0) -> tuple[Figure, Any]:
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def cached(draw: Callable[[Report, str], str], report: Report, title: str) -> str:
    """A chart is a pure function of the figures it shows: reuse the SVG while they are the
    same (drawing is the slow part of a dashboard, the queries are not)."""
    data = (draw.__name__, title, get_language(), report.months, report.series,
            [(str(s["label"]), s["value"], s["rate"]) for s in report.funnel],
            [(s["label"], s["opportunities_published"], s["interests"]) for s in report.sectors[:10]],
            [(str(f["from"]), str(f["to"]), f["interests"], f["outcomes_won"]) for f in report.flows[:40]])
    key = "reports-chart-" + hashlib.sha256(repr(data).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = draw(report, title)
        cache.set(key, svg, 24 * 3600)
    return str(svg)


def time_series(report: Report, title: str) -> str:
    fig, ax = _figure()
    labels = [m.strftime("%Y-%m") for m in report.months]
    for i, (key, label) in enumerate(SERIES):
        ax.plot(range(len(labels)), report.series[key], label=str(label), color=COLOURS[i],
                marker="o", markersize=2.5, linewidth=1.4)
    step = max(1, len(labels) // 12)
    ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")
    ax.set_title(title)
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    return _svg(fig, title)


def funnel_chart(report: Report, title: str) -> str:
    fig, ax = _figure(height=2.4)
    steps = list(reversed(report.funnel))
    values = [s["value"] for s in steps]
    ax.barh(range(len(steps)), values, color=COLOURS[0])
    ax.set_yticks(range(len(steps)), [str(s["label"]) for s in steps])
    for i, s in enumerate(steps):
        note = f" {s['value']}" + (f" ({s['rate']} %)" if s["rate"] is not None else "")
        ax.text(s["value"], i, note, va="center", fontsize=7)
    ax.set_title(title)
    ax.set_xlim(0, max(values + [1]) * 1.3)
    return _svg(fig, title)


def sector_chart(report: Report, title: str) -> str:
    rows = report.sectors[:10][::-1]
    fig, ax = _figure(height=max(1.6, 0.28 * len(rows) + 0.8))
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], [r["opportunities_published"] for r in rows], height=0.4,
            color=COLOURS[0], label=str(SERIES[0][1]))
    ax.barh([i - 0.2 for i in y], [r["interests"] for r in rows], height=0.4,
            color=COLOURS[1], label=str(SERIES[1][1]))
    ax.set_yticks(list(y), [r["label"] for r in rows])
    ax.legend(fontsize=7, frameon=False)
    ax.set_title(title)
    return _svg(fig, title)


def flow_chart(report: Report, title: str) -> str:
    """A matrix of cooperation: expressions of interest from one ecosystem (rows) to another
    (columns), shaded by number, with won outcomes in brackets."""
    flows = report.flows[:40]
    sources = sorted({str(f["from"]) for f in flows})
    targets = sorted({str(f["to"]) for f in flows})
    fig, ax = _figure(width=6.4, height=max(1.8, 0.32 * len(sources) + 1.2))
    grid = [[0 for _t in targets] for _s in sources]
    for f in flows:
        grid[sources.index(str(f["from"]))][targets.index(str(f["to"]))] = f["interests"]
    if sources and targets:
        ax.imshow(grid, cmap="Blues", aspect="auto")
        for f in flows:
            r, c = sources.index(str(f["from"])), targets.index(str(f["to"]))
            ax.text(c, r, f"{f['interests']}" + (f"\n({f['outcomes_won']})" if f["outcomes_won"] else ""),
                    ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(targets)), targets, rotation=45, ha="right")
    ax.set_yticks(range(len(sources)), sources)
    ax.set_title(title)
    return _svg(fig, title)
