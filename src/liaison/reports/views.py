"""Pages of the reports app: dashboards (network, office), exports, outcomes, rates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liaison.accounts.requests import SignedInRequest
from liaison.common.bounds import parse_id
from liaison.common.errors import require
from liaison.common.validation import apply_errors
from liaison.reports import caching, charts, exports, rates, services
from liaison.reports.access import office_for, outcome_for, source_for
from liaison.reports.forms import FilterForm, OutcomeForm, RateFileForm, RateForm
from liaison.reports.kpis import Filters, report_month
from liaison.reports.models import ExchangeRate
from liaison.reports.selectors import visible_outcomes
from liaison.reports.tables import rate_note, report_tables


def _filters(request: HttpRequest, office: Any = None) -> tuple[FilterForm | None, Filters]:
    """The filter form of the query string and the filters it asks for; with no query string
    (the page as first opened: this year, every sector) no form is built (None): the page's
    form is then rendered once, unbound (`_form_html`)."""
    if not request.GET:
        start, end = FilterForm.default_period()
        return None, Filters(start=start, end=end, office=office)
    form = FilterForm(request.GET)
    start, end = form.period()
    sector = form.cleaned_data.get("sector") if form.is_valid() else None
    if office is None and form.is_valid() and form.cleaned_data.get("office"):
        office = form.cleaned_data["office"]
        require(request.user, "reports.view_office_report", office)
    return form, Filters(start=start, end=end, office=office, sector=sector)


def _form_html(request: HttpRequest, form: FilterForm | None) -> str:
    """The filter form as the page shows it (`as_p`: its widgets' templates and the sector and
    office lists are most of a dashboard's time), rendered once per query string while the
    data stays the same (a new sector or office shows within `caching.TTL`)."""
    return mark_safe(caching.rendered_for(  # noqa: S308 (our own form's rendering)
        ("filter-form", timezone.localdate(), sorted(request.GET.lists())),
        form.as_p if form is not None else lambda: FilterForm(None).as_p()))


# The dashboard's charts: name -> (drawing, title).
CHARTS: dict[str, tuple[Any, Any]] = {
    "activity": (charts.time_series, gettext_lazy("Activity by month")),
    "funnel": (charts.funnel_chart, gettext_lazy("From match to signed outcome")),
    "sectors": (charts.sector_chart, gettext_lazy("By sector")),
    "flows": (charts.flow_chart, gettext_lazy("Expressions of interest between ecosystems")),
}


def report_context(filters: Filters, *, with_charts: bool = True, draw: bool = True) -> dict[str, Any]:
    """The report of `filters` (computed once while the data stays the same) and its tables.
    Charts: drawn now (`draw`, the PDF), or for a page the ones already drawn, the others
    left to `chart` requests the page makes once shown (a page never waits for matplotlib)."""
    report = caching.report_for(filters)
    context: dict[str, Any] = {"report": report, "filters": filters}
    if with_charts and not draw:
        # A page: its tables are rendered once per report (and language), not per request.
        context["tables_html"] = mark_safe(caching.rendered(  # noqa: S308 (our own template)
            filters, "page-tables", lambda r: render_to_string(
                "reports/_tables.html", {"tables": report_tables(r), "rate_note": rate_note(r)})))
    else:
        context.update(tables=report_tables(report), rate_note=rate_note(report))
    if with_charts and draw:
        context["charts"] = [charts.cached(fn, report, str(title)) for fn, title in CHARTS.values()]
    elif with_charts:
        context["chart_slots"] = [{"name": name, "title": title, "svg": charts.peek(fn, report, str(title))}
                                  for name, (fn, title) in CHARTS.items()]
    return context


def _chart_query(request: HttpRequest, office: Any) -> str:
    query = request.GET.copy()
    query.pop("office", None)
    if office is not None:
        query["office"] = office.code
    return query.urlencode()


def _report_page(request: SignedInRequest, form: FilterForm | None, filters: Filters, office: Any,
                 **extra: Any) -> HttpResponse:
    """A report page (network or office): its content rendered once per report, query string,
    viewer's rights and charts drawn (`caching.rendered_once`)."""
    can_manage_rates = request.user.has_perm("reports.manage_rates")
    query = request.GET.urlencode()

    def content() -> str:
        context = report_context(filters, draw=False)
        return render_to_string("reports/_dashboard_content.html", {
            **context, "form": _form_html(request, form), "office": office, "query": query,
            "chart_query": _chart_query(request, office), "can_manage_rates": can_manage_rates, **extra})

    # A chart drawn since (by the page's own chart request) changes the page.
    chart_keys = caching.remembered(filters, "chart-keys", lambda report: [
        charts.page_key(fn, report, str(title)) for fn, title in CHARTS.values()])
    parts = ("report-page", office.pk if office else None, sorted(request.GET.lists()), can_manage_rates,
             sorted(extra.items()), [charts.drawn(key) for key in chart_keys])
    html = caching.rendered_once(filters, parts, content)
    return render(request, "reports/dashboard.html", {
        "content": mark_safe(html), "office": office},  # noqa: S308 (our own template)
        status=422 if form is not None and form.errors else 200)


@login_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    """HQ: every office side by side. An officer goes to their office's report."""
    user = request.user
    if not user.has_perm("reports.view_network"):
        if user.office is not None:
            return redirect("reports:office", code=user.office.code)
        raise PermissionDenied("reports.view_network")
    form, filters = _filters(request)
    if filters.office is not None:
        return redirect(reverse("reports:office", args=[filters.office.code]) + "?" + request.GET.urlencode())
    return _report_page(request, form, filters, None)


@login_required
def office_report(request: SignedInRequest, code: str) -> HttpResponse:
    office = office_for(request.user, code)
    form, filters = _filters(request, office)
    today = timezone.localdate()
    return _report_page(request, form, filters, office,
                        month=f"{today.year}-{today.month:02d}" if filters.end >= today >= filters.start
                        else filters.end.strftime("%Y-%m"))


def _export_filters(request: HttpRequest) -> Filters:
    user = request.user
    form, filters = _filters(request)
    if form is not None and form.errors:  # an export of another period than asked would mislead
        raise BadRequest("; ".join(f"{field}: {' '.join(str(m) for m in messages)}"
                                   for field, messages in form.errors.items()))
    if filters.office is None:
        require(user, "reports.view_network")
    return filters


@login_required
def chart(request: SignedInRequest, name: str) -> HttpResponse:
    """One chart of a dashboard as inline SVG (the page loads it with htmx), with the
    dashboard's filters and access: the network for HQ, an office for HQ and its officers."""
    if name not in CHARTS:
        raise Http404
    filters = _export_filters(request)
    draw, title = CHARTS[name]
    return HttpResponse(charts.cached(draw, caching.report_for(filters), str(title)))


@login_required
def export_csv(request: SignedInRequest) -> HttpResponse:
    filters = _export_filters(request)
    context = report_context(filters, with_charts=False)
    response = HttpResponse(exports.tables_csv(context["tables"], context["rate_note"]),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(filters)}.csv"'
    return response


@login_required
def export_xlsx(request: SignedInRequest) -> HttpResponse:
    filters = _export_filters(request)
    context = report_context(filters, with_charts=False)
    response = HttpResponse(
        exports.tables_xlsx(context["tables"], context["rate_note"]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(filters)}.xlsx"'
    return response


def _filename(filters: Filters) -> str:
    scope = filters.office.code if filters.office else "network"
    return f"liaison-{scope}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}"


def monthly_context(office: Any, month: str | None) -> dict[str, Any]:
    """The monthly report of `office` ("YYYY-MM", this month by default; ValidationError
    naming `month` when it names no month within the date window)."""
    first = report_month(month, today=timezone.localdate())
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    # The month's figures, with the twelve months up to it for the trend.
    trend_start = (first - dt.timedelta(days=335)).replace(day=1)
    context = report_context(Filters(start=first, end=last, office=office), with_charts=False)
    trend = caching.report_for(Filters(start=trend_start, end=last, office=office))
    # The trend replaces the month's own time series (one month is not a trend).
    context["charts"] = [charts.cached(charts.time_series, trend, _("Activity over twelve months"), printed=True)] + [
        charts.cached(draw, context["report"], str(title), printed=True)
        for name, (draw, title) in CHARTS.items() if name != "activity"
    ]
    context.update({"office": office, "month": first, "generated": timezone.now()})
    return context


@login_required
def monthly_pdf(request: SignedInRequest, code: str) -> HttpResponse:
    office = office_for(request.user, code)
    try:
        context = monthly_context(office, request.GET.get("month"))
    except ValidationError as error:
        raise BadRequest(" ".join(error.messages)) from error
    response = HttpResponse(exports.report_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="liaison-{office.code}-{context["month"]:%Y-%m}.pdf"')
    return response


# Outcomes


@login_required
def outcome_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    outcomes = list(visible_outcomes(user)[:200])
    for outcome in outcomes:
        outcome.show_value = user.has_perm("reports.view_outcome_value", outcome)  # type: ignore[attr-defined]
        outcome.may_confirm = user.has_perm("reports.confirm_outcome", outcome)  # type: ignore[attr-defined]
    return render(request, "reports/outcome_list.html", {"outcomes": outcomes})


@login_required
def outcome_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    outcome = outcome_for(user, pk)
    return render(request, "reports/outcome_detail.html", {
        "outcome": outcome, "show_value": user.has_perm("reports.view_outcome_value", outcome),
        "may_confirm": user.has_perm("reports.confirm_outcome", outcome),
        "may_change": user.has_perm("reports.change_outcome", outcome),
    })


@login_required
def outcome_new(request: SignedInRequest) -> HttpResponse:
    def _int(name: str) -> int | None:
        return parse_id(request.GET.get(name) or request.POST.get(name))

    source = source_for(request.user, interest=_int("interest"), meeting=_int("meeting"))
    form = OutcomeForm(request.POST or None, initial={"date": timezone.localdate()})
    facts = services.source_facts(source)
    if request.method == "POST":
        try:
            outcome = services.report_outcome(source, by=request.user,
                                              data=form.parsed(services.validate_outcome))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("reports:outcome", pk=outcome.pk)
    return render(request, "reports/outcome_form.html", {"form": form, "source": source, "facts": facts})


@login_required
def outcome_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Stage, value and whether the value is public (parties before confirmation; the office)."""
    outcome = outcome_for(request.user, pk, "reports.change_outcome")
    form = OutcomeForm(request.POST or None, instance=outcome)
    if request.method == "POST":
        try:
            services.update_outcome(outcome, by=request.user, data=form.parsed(
                lambda data: services.validate_outcome(data, outcome=outcome)))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The outcome is saved."))
            return redirect("reports:outcome", pk=outcome.pk)
    return render(request, "reports/outcome_form.html", {"form": form, "outcome": outcome})


@login_required
@require_POST
def outcome_confirm(request: SignedInRequest, pk: int) -> HttpResponse:
    outcome = outcome_for(request.user, pk, "reports.confirm_outcome")
    services.confirm_outcome(outcome, by=request.user)
    messages.success(request, _("The outcome is confirmed."))
    return redirect("reports:outcome", pk=outcome.pk)


# Exchange rates


@login_required
def rate_list(request: SignedInRequest) -> HttpResponse:
    require(request.user, "reports.manage_rates")
    form = RateForm(request.POST or None)
    file_form = RateFileForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if "file" in request.FILES and file_form.is_valid():
                result = rates.import_rates_csv(file_form.cleaned_data["file"].read(), by=request.user)
                messages.success(request, _("%(created)d rates added, %(updated)d changed.")
                                 % {"created": result.created, "updated": result.updated})
                return redirect("reports:rates")
            if "file" not in request.FILES and form.is_valid():
                rates.set_rate(by=request.user, **form.cleaned_data)
                messages.success(request, _("The rate is saved."))
                return redirect("reports:rates")
        except ValidationError as error:
            errors = error.messages
    return render(request, "reports/rates.html", {
        "rates": ExchangeRate.objects.all()[:300], "form": form, "file_form": file_form,
        "errors": errors,
    })
