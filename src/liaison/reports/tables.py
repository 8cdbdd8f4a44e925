"""The tables of a report, exactly as the page, the CSV and XLSX exports and the PDF show them.

One function builds them, so every front shows the same numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from liaison.reports.kpis import FIGURES, SERIES, Report
from liaison.reports.models import OutcomeStage


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _value_header(report: Report) -> str:
    return _("value signed (%(currency)s)") % {"currency": report.base_currency}


def figure_headers(report: Report) -> list[str]:
    return [_value_header(report) if k == "value_won" else str(label) for k, label in FIGURES]


def report_tables(report: Report) -> list[Table]:
    tables = []
    offices = Table("offices", _("Offices"), [_("office"), *figure_headers(report)], [])
    for office in report.offices:
        row = report.rows[office.pk]
        offices.rows.append([office.name, *[row[k] for k, _l in FIGURES]])
    if len(report.offices) > 1:
        offices.rows.append([_("network total"), *[report.total[k] for k, _l in FIGURES]])
    tables.append(offices)
    tables.append(Table("funnel", _("From match to signed outcome"),
                        [_("step"), _("number"), _("conversion from the step before (%)")],
                        [[str(s["label"]), s["value"], "" if s["rate"] is None else s["rate"]]
                         for s in report.funnel]))
    tables.append(Table("months", _("By month"), [_("month"), *[str(label) for _k, label in SERIES]],
                        [[m.strftime("%Y-%m"), *[report.series[k][i] for k, _l in SERIES]]
                         for i, m in enumerate(report.months)]))
    tables.append(Table("kinds", _("Outcomes by kind and stage"),
                        [_("kind"), *[str(label) for _v, label in OutcomeStage.choices], _("total")],
                        [[str(k["label"]), *[k[s] for s in OutcomeStage.values], k["total"]]
                         for k in report.kinds if k["total"]]))
    tables.append(Table("sectors", _("By sector"),
                        [_("sector"), _("opportunities published"), _("expressions of interest"),
                         _("outcomes signed or completed")],
                        [[s["label"], s["opportunities_published"], s["interests"], s["outcomes_won"]]
                         for s in report.sectors]))
    tables.append(Table("flows", _("Between ecosystems"),
                        [_("from"), _("to"), _("expressions of interest"),
                         _("outcomes signed or completed")],
                        [[str(f["from"]), str(f["to"]), f["interests"], f["outcomes_won"]]
                         for f in report.flows]))
    return tables


def rate_note(report: Report) -> str:
    """Which rates converted the values, on which date: every report says it."""
    if not report.rates and not report.missing_rates:
        return _("No values to convert.")
    # In a right-to-left language each rate is isolated left to right (U+2066 … U+2069), or the
    # bidi algorithm moves its leading "1" and its date to the other rate's end.
    ltr = "\u2066{}\u2069" if get_language_bidi() else "{}"
    used = ", ".join(
        ltr.format(f"1 {r.currency} = {r.rate.normalize():f} {report.base_currency} ({r.date:%Y-%m-%d})")
        for r in report.rates if r.date is not None
    )
    text = _("Values in %(base)s, converted with the latest rates on or before %(end)s: %(used)s.") % {
        "base": report.base_currency, "end": report.filters.end.strftime("%Y-%m-%d"),
        "used": used or "—",
    }
    if report.missing_rates:
        text += " " + _("Not converted (no rate): %(currencies)s.") % {
            "currencies": ", ".join(report.missing_rates)}
    return text


def cell(value: Any) -> str:
    """How a number is written in every front (the same digits on the page, in the CSV, the PDF)."""
    return str(value)
