"""Reports computed once per set of filters while the data stays the same.

A report is kept in Django's cache under its filters, the language and a data version. The
version changes when a row a report counts is saved or deleted (signals, at once and again on
commit, so a report computed during the writing transaction is not kept), and every report
expires after `TTL` seconds in any case: writes that send no signal (bulk updates, matches
shown, another process with a per-process cache) show within that time.

Each process also keeps the report objects it used last, and the HTML rendered from them
(`rendered`), under the same key: reading a report back from the cache unpickles it (its
lazy labels make that the costliest part of a KPI request), and rendering its tables is most
of a dashboard's time. What is rendered from a report is kept while that report is the one
`report_for` answers.

A report older than `TTL` whose data version has not changed (only a write that sent no signal
can have changed it) is still answered while one thread of the process computes it again:
visitors never wait the seconds a network's report takes after its first computation, which
each web process makes before it serves (`warm_network_report`, a warm-up step).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.translation import get_language

from liaison.reports.kpis import Filters, Report, build_report

VERSION_KEY = "reports:data-version"
TTL = 60
# Reports and rendered fragments each process keeps (key -> (expiry, value)), newest last.
MEMO_SIZE = 64
_memo: OrderedDict[str, tuple[float, Any]] = OrderedDict()
# Reports being computed again in the background: key -> thread.
_refreshing: dict[str, threading.Thread] = {}
_refresh_lock = threading.Lock()
log = logging.getLogger(__name__)


def _memo_get(key: str) -> Any:
    found = _memo.get(key)
    if found is None or found[0] < time.monotonic():
        return None
    return found[1]


def _memo_set(key: str, value: Any) -> None:
    _memo[key] = (time.monotonic() + TTL, value)
    _memo.move_to_end(key)
    while len(_memo) > MEMO_SIZE:
        _memo.popitem(last=False)


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Never restart at a number an older entry may still carry.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return int(version)


def data_changed(**_kwargs: Any) -> None:
    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


def _key(filters: Filters) -> str:
    parts = (data_version(), get_language(), filters.start, filters.end,
             filters.office.pk if filters.office else None, filters.sector.pk if filters.sector else None)
    return "reports:report:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def report_for(filters: Filters) -> Report:
    """`build_report(filters)`, reused while the data and the language are the same."""
    return _report(_key(filters), filters)


def _report(key: str, filters: Filters) -> Report:
    found = _memo.get(key)
    if found is not None:
        if found[0] < time.monotonic():
            _refresh_later(key, filters)
        return found[1]  # type: ignore[no-any-return]
    report = cache.get(key)
    if report is None:
        report = build_report(filters)
        cache.set(key, report, TTL)
    _memo_set(key, report)
    return report  # type: ignore[no-any-return]


def _refresh_later(key: str, filters: Filters) -> None:
    """Compute the report of `key` again in a thread of its own (one at a time per key)."""
    with _refresh_lock:
        if key in _refreshing:
            return
        thread = threading.Thread(target=_refresh, args=(key, filters, get_language()),
                                  name="report-refresh", daemon=True)
        _refreshing[key] = thread
    thread.start()


def _refresh(key: str, filters: Filters, language: str | None) -> None:
    try:
        with translation.override(language):
            report = build_report(filters)
        cache.set(key, report, TTL)
        _memo_set(key, report)
    except Exception:
        # The old report stays answered; the next request after TTL tries again.
        log.exception("the report %s could not be computed again", key)
    finally:
        connections.close_all()  # this thread's own connections
        with _refresh_lock:
            _refreshing.pop(key, None)


def wait_for_refreshes(timeout: float = 60) -> None:
    """Wait for the reports being computed again (tests, the warm-up)."""
    for thread in list(_refreshing.values()):
        thread.join(timeout)


def _derived(key: str, report: Report, compute: Callable[[], Any]) -> Any:
    """`compute()`, a value made from `report`, kept while `report` is the report answered."""
    found = _memo.get(key)
    if found is not None and found[1][0] is report:
        return found[1][1]
    value = compute()
    _memo_set(key, (report, value))
    return value


def remembered(filters: Filters, name: str, compute: Callable[[Report], Any]) -> Any:
    """`compute(report_for(filters))` (a value that depends on the report and the language
    only), computed once per process while the report stays the same."""
    key = _key(filters)
    report = _report(key, filters)
    return _derived(key + ":" + name, report, lambda: compute(report))


def rendered(filters: Filters, name: str, render: Callable[[Report], str]) -> str:
    """`render(report_for(filters))`: HTML rendered once per process while the report stays
    the same (`remembered`)."""
    return str(remembered(filters, name, render))


def rendered_once(filters: Filters, parts: tuple[Any, ...], render: Callable[[], str]) -> str:
    """`render()`: a page's HTML, kept once per process while the report of `filters` stays
    the same, for `parts` (what else the page shows: its query string, the viewer's rights,
    which charts are drawn)."""
    key = _key(filters)
    report = _report(key, filters)
    return str(_derived(key + ":page:" + hashlib.sha256(repr(parts).encode()).hexdigest(), report, render))


def warm_network_report() -> None:
    """The network's report of this year in the default language, the page HQ opens first:
    computed before the process serves (a warm-up step), not while its first visitors wait."""
    from django.conf import settings

    from liaison.reports.forms import FilterForm

    start, end = FilterForm.default_period()
    with translation.override(settings.LANGUAGE_CODE):
        report_for(Filters(start=start, end=end))


def rendered_for(parts: tuple[Any, ...], render: Callable[[], str]) -> str:
    """`render()` (HTML that depends on `parts`, the language and the report data only, e.g.
    the filter form of a query string), rendered once per process while the data stays the
    same, at most `TTL` seconds."""
    key = "reports:html:" + hashlib.sha256(repr((data_version(), get_language(), parts)).encode()).hexdigest()
    html = _memo_get(key)
    if html is None:
        html = render()
        _memo_set(key, html)
    return str(html)


def connect() -> None:
    from liaison.directory.models import Organization
    from liaison.events.models import Event, Meeting
    from liaison.introductions.models import Interest
    from liaison.opportunities.models import Opportunity
    from liaison.reports.models import ExchangeRate, Outcome

    for model in (Organization, Opportunity, Interest, Event, Meeting, Outcome, ExchangeRate):
        post_save.connect(data_changed, sender=model, dispatch_uid=f"reports-{model.__name__}-save")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"reports-{model.__name__}-delete")
    for through in (Organization.sectors.through, Opportunity.sectors.through, Outcome.sectors.through):
        m2m_changed.connect(data_changed, sender=through, dispatch_uid=f"reports-{through.__name__}-m2m")
