"""Bounded work for lists: counts that stop early or come from a short cache, pages that do not
go deeper than `MAX_OFFSET` rows, a page size cap for the API, and a time budget for optional
queries (facet counts).

A count of a large set (the marketplace's tens of thousands of public opportunities) is the
costliest query of a list page, and exact to the row matters little there: counting stops at
`EXACT_COUNT_LIMIT` rows, and a larger count is computed once per `COUNT_CACHE_SECONDS` for the
same query (the SQL with its parameters, so one viewer's count never answers another's).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import math
import time
from collections.abc import Iterator
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from liaison.common.bounds import PAGE_MAX

# Deepest row a list shows (page or API offset); beyond it, narrow the search.
MAX_OFFSET = 10_000
# Largest API page (the one page-size bound of the API, `bounds.PAGE_MAX`).
MAX_LIMIT = PAGE_MAX
# Counts up to here are exact and fresh.
EXACT_COUNT_LIMIT = 1_000
COUNT_CACHE_SECONDS = 60


class BudgetExceeded(Exception):
    """The work did not finish within its time budget."""


def _key(prefix: str, qs: Any) -> str | None:
    """The cache key of `qs`'s SQL and parameters; None for a query that selects nothing."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return None
    digest = hashlib.sha256(f"{connection.vendor}|{sql}|{params!r}".encode()).hexdigest()
    return f"{prefix}:{digest}"


def count_rows(qs: Any) -> int:
    """The number of rows of `qs`: exact up to EXACT_COUNT_LIMIT, larger counts cached for
    COUNT_CACHE_SECONDS per query."""
    qs = qs.order_by()
    key = _key("count", qs)
    if key is None:
        return 0
    cached = cache.get(key)
    if cached is not None:
        return int(cached)
    small = int(qs[: EXACT_COUNT_LIMIT + 1].count())
    if small <= EXACT_COUNT_LIMIT:
        return small
    n = int(qs.count())
    cache.set(key, n, COUNT_CACHE_SECONDS)
    return n


@contextlib.contextmanager
def time_budget(milliseconds: int) -> Iterator[None]:
    """Run the queries inside within `milliseconds` of database time, or raise BudgetExceeded
    (PostgreSQL: a statement timeout in a savepoint; SQLite: a progress handler that
    interrupts the statement)."""
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT current_setting('statement_timeout')")
                    before = cursor.fetchone()[0]
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)",
                                   [str(int(milliseconds))])
                yield
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
        except OperationalError as error:
            if "statement timeout" in str(error):
                raise BudgetExceeded from error
            raise
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        deadline = time.monotonic() + milliseconds / 1000
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            yield
        except OperationalError as error:
            if "interrupted" in str(error):
                raise BudgetExceeded from error
            raise
        finally:
            raw.set_progress_handler(None, 0)
        return
    yield


def cached_within_budget(prefix: str, qs: Any, compute: Any, *, milliseconds: int, rows: int,
                         seconds: int = COUNT_CACHE_SECONDS) -> Any:
    """`compute()` (queries over the `rows` rows of `qs`), or None when it does not finish
    within `milliseconds`. Over more than EXACT_COUNT_LIMIT rows the answer is cached per query
    of `qs` for `seconds` (like `count_rows`: a small set is always counted fresh)."""
    key = _key(prefix, qs) if rows > EXACT_COUNT_LIMIT else None
    if key is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    try:
        with time_budget(milliseconds):
            value = compute()
    except BudgetExceeded:
        return None
    if key is not None:
        cache.set(key, value, seconds)
    return value


def fetch_slice(qs: Any, start: int, stop: int) -> list[Any]:
    """`list(qs[start:stop])` in two steps: the slice's ids first (the ordering and filters
    alone, no joins for related rows), then those rows with their related ones. A deep page
    then walks an index instead of joining every skipped row."""
    if not isinstance(qs, QuerySet):
        return list(qs[start:stop])
    ids = list(qs.values_list("pk", flat=True)[start:stop])
    if not ids:
        return []
    rows = {row.pk: row for row in qs.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


class BoundedPaginator(Paginator):
    """A paginator whose count is `count_rows` and whose last page is the one holding row
    MAX_OFFSET (a deeper page number shows that page)."""

    @cached_property
    def count(self) -> int:
        return count_rows(self.object_list)

    @cached_property
    def num_pages(self) -> int:
        pages = super().num_pages
        return min(pages, max(1, math.ceil(MAX_OFFSET / self.per_page)))

    def page(self, number: Any) -> Any:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return Page(fetch_slice(self.object_list, bottom, top), number, self)

    @property
    def truncated(self) -> bool:
        """More rows than the last page reaches."""
        return self.count > self.num_pages * self.per_page


def paginate(request: Any, qs: Any, per_page: int | None = None) -> Any:
    """The requested page of `qs` (`?page=`), bounded."""
    return BoundedPaginator(qs, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))


class BoundedLimitOffset(LimitOffsetPagination):
    """The API's pagination: `limit` at most MAX_LIMIT, `offset` at most MAX_OFFSET (a larger
    value is a 422 naming the parameter), counts by `count_rows`."""

    class Input(Schema):
        # The default page is the pages' size (PAGE_SIZE); ask for up to MAX_LIMIT.
        limit: int = Field(settings.PAGE_SIZE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def _items_count(self, queryset: Any) -> int:
        if isinstance(queryset, QuerySet):
            return count_rows(queryset)
        if isinstance(queryset, list | tuple):
            return len(queryset)
        return int(queryset.count())


class RowsOf(NamedTuple):
    """The rows of `model` whose `column` is `value` (or one of `value`, a list or tuple), found
    by an index: a `freshness` marker of a few rows written in plain SQL (building the same
    SELECT through the ORM costs more CPU than running it)."""

    model: Any
    column: str
    value: Any


def freshness(*models: Any, rows: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """What changes when a row of `models` is added or saved: the latest `updated_at` and the
    largest id of each, in one query (an index answers each). `rows`: querysets (or `RowsOf`)
    of a few rows (a model with `updated_at`, found by an index), each adding its number of
    rows, latest `updated_at` and largest id: an added, saved or deleted row among them
    changes these. () for neither."""
    if not models and not rows:
        return ()
    parts: list[str] = []
    params: list[Any] = []
    for model in models:
        table = connection.ops.quote_name(model._meta.db_table)
        parts += [f"(SELECT MAX(updated_at) FROM {table})", f"(SELECT MAX(id) FROM {table})"]  # noqa: S608
    for qs in rows:
        if isinstance(qs, RowsOf):
            values = list(qs.value) if isinstance(qs.value, list | tuple) else [qs.value]
            if not values:
                parts += ["0", "NULL", "NULL"]
                continue
            table = connection.ops.quote_name(qs.model._meta.db_table)
            where = f"{connection.ops.quote_name(qs.column)} IN ({', '.join(['%s'] * len(values))})"
            for aggregate in ("COUNT(*)", "MAX(updated_at)", "MAX(id)"):
                parts.append(f"(SELECT {aggregate} FROM {table} WHERE {where})")  # noqa: S608 (our columns)
                params += values
            continue
        try:
            sql, sql_params = qs.order_by().values("id", "updated_at").query.sql_with_params()
        except EmptyResultSet:
            parts += ["0", "NULL", "NULL"]
            continue
        for aggregate in ("COUNT(*)", "MAX(s.updated_at)", "MAX(s.id)"):
            parts.append(f"(SELECT {aggregate} FROM ({sql}) s)")  # noqa: S608 (ORM-built SQL)
            params += list(sql_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params or None)  # noqa: S608 (our tables' names)
        row = cursor.fetchone()
    return tuple(row or ())


@functools.cache
def csrf_placeholder() -> str:
    """What a cached fragment's forms carry instead of the viewer's CSRF token (the fragment's
    `csrf_token` context variable): `cached_fragment` puts the token of the request it answers
    in its place. The same in every process (a shared cache), derived from the secret key so
    that no text a user writes can contain it."""
    return "csrf" + salted_hmac("liaison.common.paging.csrf_placeholder", "fragment").hexdigest()[:32]


def with_csrf_token(request: Any, html: str) -> Any:
    """`html` (rendered with `csrf_token=csrf_placeholder()`, perhaps for another viewer) with
    the token of the request it answers in the placeholder's place, marked safe."""
    from django.middleware.csrf import get_token
    from django.utils.safestring import mark_safe

    placeholder = csrf_placeholder()
    if placeholder in html:
        # One masked token for all the fragments of an answer (masking costs more than the
        # rest of this), for the secret it was made from.
        memo = getattr(request, "_liaison_csrf_token", None)
        if memo is None or memo[0] != request.META.get("CSRF_COOKIE"):
            token = get_token(request)  # makes the secret when there is none yet
            memo = (request.META.get("CSRF_COOKIE"), token)
            request._liaison_csrf_token = memo
        html = html.replace(placeholder, memo[1])
    return mark_safe(html)  # noqa: S308 (our own rendered template)


class ChangeCache:
    """Values computed once per change of `models` and `rows` (see `freshness`: one query per
    request, however many values are asked) for what `parts` names (the list, the query, who
    asks), and at most LIAISON_LIST_CACHE_SECONDS old otherwise (a change that does not touch
    `updated_at`). Per process with the default cache; 0 seconds computes every time."""

    def __init__(self, parts: Any, *, models: tuple[Any, ...], rows: tuple[Any, ...] = ()) -> None:
        self.parts, self.models, self.rows = parts, models, rows
        self._marker: tuple[Any, ...] | None = None

    def get(self, what: Any, compute: Any) -> Any:
        from django.utils import timezone

        seconds = settings.LIAISON_LIST_CACHE_SECONDS
        if not seconds:
            return compute()
        if self._marker is None:
            self._marker = freshness(*self.models, rows=self.rows)
        parts = (self.parts, what, timezone.localdate().isoformat(), self._marker)
        key = "changes:" + hashlib.sha256(repr(parts).encode()).hexdigest()
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, seconds)
        return value


def cached_fragment(request: Any, name: str, render: Any, *, models: tuple[Any, ...],
                    scope: Any = (), rows: tuple[Any, ...] = ()) -> Any:
    """The HTML `render()` returns for this list (`name`, the request's query string, the
    language, today's date, what the viewer may see: `scope`), computed once per change of
    `models` and `rows` (a `ChangeCache`).

    A fragment with forms renders them with `csrf_token=csrf_placeholder()` in its context:
    each viewer gets the fragment with their own token (`with_csrf_token`)."""
    from django.utils.translation import get_language

    parts = (name, sorted(request.GET.lists()), get_language(), repr(scope))
    return with_csrf_token(request, ChangeCache(parts, models=models, rows=rows).get("html", lambda: str(render())))


@functools.cache
def name_placeholder() -> str:
    """What a page rendered once for several viewers shows where the frame names the viewer
    (`{{ user }}`): `cached_page` puts each viewer's own name in its place."""
    return "viewer" + salted_hmac("liaison.common.paging.name_placeholder", "page").hexdigest()[:32]


class SharedViewer:
    """The signed-in user as a page rendered once for several viewers sees them: every
    attribute theirs (what the page shows for it is part of the page's key), their name the
    placeholder."""

    def __init__(self, user: Any) -> None:
        object.__setattr__(self, "_user", user)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._user, name)

    def __str__(self) -> str:
        return name_placeholder()


def _frame_key(request: Any) -> tuple[Any, ...] | None:
    """What the page frame (base.html) shows this viewer beyond their name and CSRF token: the
    plain values of the template context processors (the language, the text direction, the
    unread count, …) and the viewer's role (the navigation). None when the answer carries
    messages (shown once: such a page is rendered as usual)."""
    from django.contrib.messages import get_messages
    from django.template import engines

    stored = get_messages(request)
    if stored is not None and len(stored):
        return None
    values: list[tuple[str, Any]] = []
    for processor in engines["django"].engine.template_context_processors:  # type: ignore[attr-defined]
        for key, value in processor(request).items():
            # type(), not isinstance: a lazy value (the CSRF token) must not be computed.
            if type(value) in (str, int, bool, float, type(None)):
                values.append((key, value))
    return (tuple(sorted(values)), viewer_role(request.user))


def viewer_role(user: Any) -> tuple[Any, ...]:
    """What of the viewer the page frame's navigation shows (which links): viewers with the same
    role share a rendering of it (`cached_page`, the `frame_part` template tag)."""
    return tuple(getattr(user, attr, None) for attr in
                 ("is_authenticated", "is_active", "is_hq", "office_id", "is_superuser", "is_staff"))


def cached_page(request: Any, template: str, context: Any, *, name: str, scope: Any,
                models: tuple[Any, ...] = (), rows: tuple[Any, ...] = ()) -> Any:
    """The whole page `template` renders with `context()` (frame included), rendered once per
    change of `models` and `rows` (a `ChangeCache`) for this path and query string, the frame's
    values for this viewer (`_frame_key`) and `scope` (what else decides what the page shows
    this viewer: their permissions, what they may know). The viewer's name and CSRF token are
    put in each answer (the page is rendered with placeholders for both), so viewers allowed
    the same share one rendering."""
    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from django.utils.html import conditional_escape

    def page() -> str:
        return render_to_string(template, {**context(), "user": SharedViewer(request.user),
                                           "csrf_token": csrf_placeholder()}, request)

    frame = _frame_key(request)
    if frame is None:  # messages: this answer alone (its fragments hold the placeholders too)
        html = page()
    else:
        html = ChangeCache(("page", name, request.get_full_path(), frame, repr(scope)),
                           models=models, rows=rows).get("html", page)
    html = html.replace(name_placeholder(), str(conditional_escape(str(request.user))))
    return HttpResponse(with_csrf_token(request, html))
