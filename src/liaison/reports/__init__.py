"""Reports owns outcomes as well as KPIs: what came of the platform's work, and its figures.

**Outcomes** — deals and agreements (MoU, partnership, pilot, distribution, licensing,
investment, joint R&D, education or culture programme) that came of an accepted introduction
or a held meeting, with their value and currency. They are a domain write, not only a report:

- model: `Outcome` (with `OutcomeKind`, `OutcomeStage`) in models.py;
- writes: services.py — `report_outcome`, `confirm_outcome`, `update_outcome`, and
  `validate_outcome`, their one rule set (the page form and the API only parse);
- rules: rules.py — who may see an outcome and its value, report, confirm or change one;
- look-ups: access.py (one outcome, its source introduction or meeting), selectors.py (lists);
- fronts: views.py and templates (pages), api.py (/api/reports/outcomes).

They live here, not in introductions or events, because they come from both and reports sits
above both in the layers (the contract in pyproject.toml); the KPIs count them.

**KPIs** — the figures per office and period: kpis.py computes them in the database,
caching.py keeps them while the data stays the same, tables.py lays them out, charts.py draws
them, exports.py writes CSV, XLSX and the monthly PDF; rates.py converts amounts to the base
currency with the `ExchangeRate` table (models.py). Pages in views.py, endpoints in api.py.
"""
