"""API endpoints of the reports app (mounted under /api/reports): KPIs, outcomes, rates.
The same selectors, services and rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status

from liaison.accounts.auth import signed_in
from liaison.accounts.models import User
from liaison.accounts.requests import SignedInRequest
from liaison.common.bounds import Id, Int64
from liaison.common.errors import require
from liaison.common.validation import AmountIn
from liaison.directory.models import Sector
from liaison.reports import services
from liaison.reports.access import office_for, outcome_for, source_for
from liaison.reports.caching import report_for
from liaison.reports.kpis import FIGURES, Filters, report_period
from liaison.reports.models import ExchangeRate, Outcome, OutcomeStage
from liaison.reports.selectors import visible_outcomes
from liaison.reports.tables import rate_note

router = Router(tags=["reports"], auth=signed_in)


class OutcomeIn(Schema):
    """Parsed only: `services.validate_outcome` holds the rules (422 naming the field)."""

    interest: Id | None = None
    meeting: Id | None = None
    kind: str
    title: str
    description: str = ""
    other_parties: str = ""
    date: dt.date
    stage: str = OutcomeStage.NEGOTIATION
    value: AmountIn | None = None
    currency: str = ""
    value_public: bool = False


def _outcome_out(user: User, o: Outcome) -> dict[str, Any]:
    show = user.has_perm("reports.view_outcome_value", o)
    return {
        "id": o.pk, "kind": o.kind, "title": o.title, "stage": o.stage, "date": o.date.isoformat(),
        "office": o.office.code, "initiator": o.initiator_id, "counterpart": o.counterpart_id,
        "interest": o.interest_id, "meeting": o.meeting_id, "confirmed": o.is_confirmed,
        "value": str(o.value) if show and o.value is not None else None,
        "currency": o.currency if show else None,
        "value_public": o.value_public, "value_visible": show,
    }


@router.get("/kpis")
def kpis(request: SignedInRequest, start: dt.date | None = None, end: dt.date | None = None,
         year: Int64 | None = None, office: str | None = None, sector: str | None = None) -> Any:
    """Every figure per office (all offices for HQ, or the `office` given) with the network
    total, the funnel and the monthly series; values converted to the base currency."""
    user = request.user
    scope = office_for(user, office) if office else None
    if scope is None:
        require(user, "reports.view_network")
    start, end = report_period(start=start, end=end, year=year, today=timezone.localdate())
    sector_obj = Sector.objects.filter(code=sector).first() if sector else None
    if sector and sector_obj is None:
        raise Http404
    report = report_for(Filters(start=start, end=end, office=scope, sector=sector_obj))
    keys = [k for k, _l in FIGURES]

    def figures(row: dict[str, Any]) -> dict[str, Any]:
        return {k: (str(row[k]) if isinstance(row[k], Decimal) else row[k]) for k in keys}

    return {
        "start": start.isoformat(), "end": end.isoformat(), "base_currency": report.base_currency,
        "rates": [{"currency": r.currency, "rate": str(r.rate),
                   "date": r.date.isoformat() if r.date else None} for r in report.rates],
        "rate_note": rate_note(report), "missing_rates": report.missing_rates,
        "offices": [{"office": o.code, **figures(report.rows[o.pk])} for o in report.offices],
        "total": figures(report.total),
        "funnel": [{"step": s["key"], "value": s["value"],
                    "rate": str(s["rate"]) if s["rate"] is not None else None} for s in report.funnel],
        "months": [m.strftime("%Y-%m") for m in report.months],
        "series": report.series,
    }


@router.get("/outcomes")
def outcome_list(request: SignedInRequest) -> Any:
    user = request.user
    return [_outcome_out(user, o) for o in visible_outcomes(user)[:500]]


@router.get("/outcomes/{pk}")
def outcome_detail(request: SignedInRequest, pk: Id) -> Any:
    return _outcome_out(request.user, outcome_for(request.user, pk))


@router.post("/outcomes", response={201: dict})
def outcome_create(request: SignedInRequest, payload: OutcomeIn) -> Any:
    data = payload.dict()
    source = source_for(request.user, interest=data.pop("interest"), meeting=data.pop("meeting"))
    outcome = services.report_outcome(source, by=request.user, data=data)
    return Status(201, _outcome_out(request.user, outcome))


@router.post("/outcomes/{pk}/confirm")
def outcome_confirm(request: SignedInRequest, pk: Id) -> Any:
    outcome = outcome_for(request.user, pk, "reports.confirm_outcome")
    return _outcome_out(request.user, services.confirm_outcome(outcome, by=request.user))


@router.get("/rates")
def rate_list(request: SignedInRequest) -> Any:
    if not request.user.has_perm("reports.view_rates"):
        raise PermissionDenied("reports.view_rates")
    return [{"currency": r.currency, "date": r.date.isoformat(), "rate": str(r.rate)}
            for r in ExchangeRate.objects.all()[:1000]]


__all__ = ["router"]
