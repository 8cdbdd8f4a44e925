"""Charts of a report as SVG, drawn on the server with matplotlib.

Two drawings of each chart. For the page, text stays text (`svg.fonttype = "none"`), so
the browser shapes Chinese and lays out Hebrew with the fonts named here; labels of a
right-to-left language are embedded as right-to-left text (Unicode RLE … PDF) and the
browser's bidi algorithm orders them. For print (`printed=True`: the PDF) text is drawn as
outlines, laid out by matplotlib itself (libraqm: the Unicode bidi algorithm, which honours
the same embedding, and shaping): WeasyPrint draws SVG text letter by letter, left to
right, which printed every Hebrew label backwards. Every chart has the same numbers as a
table beside it (tables.py), which is where the PDF's words can be read back from.

matplotlib is imported on the first drawing, not with this module (a page whose charts are
all cached never loads it), with its configuration and font cache under the project's var
directory: `warm_up()` builds that cache once, at `migrate`, instead of in a first request.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import re
import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, get_language_bidi

from liaison.reports.kpis import SERIES, Report

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONTS = ["Noto Sans", "Noto Sans CJK SC", "Noto Sans Hebrew", "DejaVu Sans"]
COLOURS = ["#1f5f8b", "#d9822b", "#3a8f5c", "#8e44ad", "#c0392b", "#7f8c8d"]
_ready = False
# One thread at a time imports matplotlib (a page's four chart requests arrive together; two
# threads importing it at once fail with a circular import) and draws (its font objects are
# shared between figures and not thread-safe). Drawing is rare: charts are cached.
_lock = threading.RLock()
# Set while a chart is drawn for print (see the module's docstring).
_printed: ContextVar[bool] = ContextVar("printed", default=False)


def warm_up() -> None:
    """Import matplotlib with the project's settings (and build its font cache if missing)."""
    with _lock:
        _import_matplotlib()


def _import_matplotlib() -> None:
    global _ready
    if _ready:
        return
    os.environ.setdefault("MPLCONFIGDIR", str(settings.VAR_DIR / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({
        "svg.fonttype": "none",
        "svg.hashsalt": "liaison",  # stable ids: the same report gives the same SVG
        "font.family": FONTS,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    from matplotlib import font_manager

    font_manager.findfont(FONTS[0])
    _ready = True


def bidi(text: str) -> str:
    """A label as the current language reads it: right-to-left embedded in Hebrew."""
    return f"\u202b{text}\u202c" if get_language_bidi() else text


_COUNTER = itertools.count(1)


def _svg(fig: Figure, title: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    # For print, text as outlines, in the order matplotlib's bidi layout gave its glyphs.
    with matplotlib.rc_context({"svg.fonttype": "path" if _printed.get() else "none"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    # Several charts share one page: give each its own ids.
    prefix = f"c{next(_COUNTER)}-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)
    # A title for screen readers; the numbers are in the table beside the chart. matplotlib
    # placed every text by its left or right end: a right-to-left page must not swap them
    # (the words inside a label still read right to left, see `bidi`).
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(title)}" direction="ltr" ', 1)
    return svg


def _attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _figure(width: float = 6.4, height: float = 3.0) -> tuple[Figure, Any]:
    warm_up()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _key(draw: Callable[[Report, str], str], report: Report, title: str, printed: bool = False) -> str:
    data = (draw.__name__, title, get_language(), printed, report.months, report.series,
            [(str(s["label"]), s["value"], s["rate"]) for s in report.funnel],
            [(s["label"], s["opportunities_published"], s["interests"]) for s in report.sectors[:10]],
            [(str(f["from"]), str(f["to"]), f["interests"], f["outcomes_won"]) for f in report.flows[:FLOWS]])
    return "reports-chart-" + hashlib.sha256(repr(data).encode()).hexdigest()


def page_key(draw: Callable[[Report, str], str], report: Report, title: str) -> str:
    """The cache key of the chart a page shows (`drawn`)."""
    return _key(draw, report, title)


def drawn(key: str) -> bool:
    """Whether the chart of `page_key` is drawn (its SVG is not read)."""
    return bool(cache.has_key(key))


def peek(draw: Callable[[Report, str], str], report: Report, title: str) -> str | None:
    """The chart's SVG if already drawn for these figures, else None (nothing is drawn)."""
    svg = cache.get(_key(draw, report, title))
    return None if svg is None else str(svg)


def cached(draw: Callable[[Report, str], str], report: Report, title: str, *, printed: bool = False) -> str:
    """A chart is a pure function of the figures it shows: reuse the SVG while they are the
    same (drawing is the slow part of a dashboard). `printed`: the drawing for a PDF."""
    key = _key(draw, report, title, printed)
    svg = cache.get(key)
    if svg is None:
        with _lock:
            token = _printed.set(printed)
            try:
                svg = draw(report, title)
            finally:
                _printed.reset(token)
        cache.set(key, svg, 24 * 3600)
    return str(svg)


def time_series(report: Report, title: str) -> str:
    fig, ax = _figure()
    labels = [m.strftime("%Y-%m") for m in report.months]
    for i, (key, label) in enumerate(SERIES):
        ax.plot(range(len(labels)), report.series[key], label=bidi(str(label)), color=COLOURS[i],
                marker="o", markersize=2.5, linewidth=1.4)
    step = max(1, len(labels) // 12)
    ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")
    ax.set_title(bidi(title))
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    return _svg(fig, title)


def funnel_chart(report: Report, title: str) -> str:
    fig, ax = _figure(height=2.4)
    steps = list(reversed(report.funnel))
    values = [s["value"] for s in steps]
    ax.barh(range(len(steps)), values, color=COLOURS[0])
    ax.set_yticks(range(len(steps)), [bidi(str(s["label"])) for s in steps])
    for i, s in enumerate(steps):
        note = f" {s['value']}" + (f" ({s['rate']} %)" if s["rate"] is not None else "")
        ax.text(s["value"], i, note, va="center", fontsize=7)
    ax.set_title(bidi(title))
    ax.set_xlim(0, max(values + [1]) * 1.3)
    return _svg(fig, title)


def sector_chart(report: Report, title: str) -> str:
    rows = report.sectors[:10][::-1]
    fig, ax = _figure(height=max(1.6, 0.28 * len(rows) + 0.8))
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], [r["opportunities_published"] for r in rows], height=0.4,
            color=COLOURS[0], label=bidi(str(SERIES[0][1])))
    ax.barh([i - 0.2 for i in y], [r["interests"] for r in rows], height=0.4,
            color=COLOURS[1], label=bidi(str(SERIES[1][1])))
    ax.set_yticks(list(y), [bidi(r["label"]) for r in rows])
    ax.legend(fontsize=7, frameon=False)
    ax.set_title(bidi(title))
    return _svg(fig, title)


FLOWS = 14  # the largest flows drawn; the table lists every one


def flow_chart(report: Report, title: str) -> str:
    """Where cooperation flows: ecosystems that express interest (one side) and those that
    receive it (the other side), each a bar as tall as its total, joined by bands as wide as
    the number of expressions of interest from one to the other; a band's darker core is the
    share that led to a signed outcome. Bands from the home park and to it take two colours.
    Right-to-left languages read it from right to left."""
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path

    flows = [f for f in report.flows if f["interests"]][:FLOWS]
    fig, ax = _figure(width=6.4, height=max(2.4, 0.3 * len(flows) + 1.4))
    ax.set_axis_off()
    ax.set_title(bidi(title))
    if not flows:
        ax.text(0.5, 0.5, bidi(str(_no_flow())), ha="center", va="center")
        return _svg(fig, title)
    rtl = get_language_bidi()
    left_x, right_x, bar = (0.72, 0.28, 0.025) if rtl else (0.28, 0.72, 0.025)

    def stack(side: str) -> dict[Any, tuple[float, float, int]]:
        totals: dict[Any, int] = {}
        for f in flows:
            totals[f[side]] = totals.get(f[side], 0) + f["interests"]
        order = sorted(totals, key=lambda e: (-totals[e], str(e)))
        gap = 0.04 if len(order) > 1 else 0.0
        scale = (1 - gap * (len(order) - 1)) / sum(totals.values())
        out, top = {}, 1.0
        for e in order:
            height = totals[e] * scale
            out[e] = (top - height, top, totals[e])
            top -= height + gap
        return out

    sources, targets = stack("from"), stack("to")
    used = {e: bottom_top[1] for e, bottom_top in sources.items()}
    used_in = {e: bottom_top[1] for e, bottom_top in targets.items()}
    scale = (sources[flows[0]["from"]][1] - sources[flows[0]["from"]][0]) / sources[flows[0]["from"]][2]
    colours = {"outbound": COLOURS[0], "inbound": COLOURS[1], "other": COLOURS[5]}
    x0 = left_x + (bar if not rtl else -bar) / 2
    x1 = right_x - (bar if not rtl else -bar) / 2
    mid = (x0 + x1) / 2
    for f in flows:
        width = f["interests"] * scale
        a_top = used[f["from"]]
        b_top = used_in[f["to"]]
        used[f["from"]] -= width
        used_in[f["to"]] -= width
        for share, alpha in ((1.0, 0.35), (f["outcomes_won"] / f["interests"], 0.8)):
            w = min(width, width * share)
            if w <= 0:
                continue
            a0, b0 = a_top - (width - w) / 2, b_top - (width - w) / 2
            verts = [(x0, a0), (mid, a0), (mid, b0), (x1, b0), (x1, b0 - w), (mid, b0 - w),
                     (mid, a0 - w), (x0, a0 - w), (x0, a0)]
            codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO,
                     Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.CLOSEPOLY]
            ax.add_patch(PathPatch(Path(verts, codes), facecolor=colours[f.get("direction", "other")],
                                   edgecolor="none", alpha=alpha))
    for nodes, x, outward in ((sources, left_x, -1 if not rtl else 1), (targets, right_x, 1 if not rtl else -1)):
        for e, (bottom, top, total) in nodes.items():
            ax.add_patch(Rectangle((x - bar / 2, bottom), bar, top - bottom, facecolor="#333333"))
            ax.text(x + outward * (bar / 2 + 0.01), (bottom + top) / 2, bidi(f"{e} · {total}"),
                    ha="left" if outward > 0 else "right", va="center", fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    from matplotlib.patches import Patch

    legend = [Patch(facecolor=colours[k], alpha=0.5, label=bidi(str(label)))
              for k, label in _direction_labels() if any(f.get("direction") == k for f in flows)]
    legend.append(Patch(facecolor="#555555", alpha=0.8, label=bidi(str(_won_label()))))
    ax.legend(handles=legend, fontsize=7, frameon=False, loc="upper center",
              bbox_to_anchor=(0.5, 0.0), ncol=len(legend))
    return _svg(fig, title)


def _direction_labels() -> list[tuple[str, Any]]:
    from django.utils.translation import gettext as _

    return [("outbound", _("from the home park")), ("inbound", _("to the home park")),
            ("other", _("between partner ecosystems"))]


def _won_label() -> str:
    from django.utils.translation import gettext as _

    return _("of which led to a signed outcome")


def _no_flow() -> str:
    from django.utils.translation import gettext as _

    return _("No expression of interest in this period.")
