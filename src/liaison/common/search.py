"""The lexical search of the directory and the marketplace: the one entry point is
`text_q(model, query)` (a filter) or `text_search(queryset, query)`.

Rows carry a normalized `search_document` (`common.text.search_document`); a row matches when
its document contains every term of the query:

- a term of three characters or more anywhere in the text (a substring: a Hebrew word with a
  prefix letter, a Chinese word inside an unsegmented phrase);
- a two-character Chinese word as one of the document's Chinese character pairs, a
  one-character one at the start of a pair;
- a shorter Latin or Hebrew term ("ai", "5g") at the start of a word.

Each condition is a `LIKE` that an index answers: on PostgreSQL a GIN index of character
trigrams (`pg_trgm`) on `search_document`, on SQLite an FTS5 table with the trigram tokenizer
(for the models that declare one, `search_fts_table`), created by the apps' migrations.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from liaison.common.text import MAX_QUERY_LENGTH, is_han, query_terms

M = TypeVar("M", bound=Model)


def validate_query(query: str | None) -> None:
    """A search text longer than MAX_QUERY_LENGTH characters is a ValidationError naming `q`."""
    if query and len(query) > MAX_QUERY_LENGTH:
        raise ValidationError({"q": ValidationError(
            _("Search with at most %(limit)d characters (this text has %(length)d)."),
            code="max_length", params={"limit": MAX_QUERY_LENGTH, "length": len(query)})})


def term_pattern(term: str) -> str:
    """The text a document must contain for `term` (the `LIKE '%…%'` pattern's middle)."""
    if is_han(term) and len(term) <= 2:
        return f" {term} " if len(term) == 2 else f" {term}"
    if len(term) < 3:
        return f" {term}"
    return term


def patterns(query: str) -> list[str]:
    return [term_pattern(t) for t in query_terms(query or "")]


def _like(pattern: str) -> str:
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_q(model: type[Model], query: str) -> Q:
    """The rows of `model` whose search document holds every term of `query` (all rows when the
    query has no term)."""
    found = patterns(query)
    if not found:
        return Q()
    fts = getattr(model, "search_fts_table", None)
    if connection.vendor == "sqlite" and fts:
        where = " AND ".join(["search_document LIKE %s ESCAPE '\\'"] * len(found))
        sql = f'SELECT rowid FROM "{fts}" WHERE {where}'  # noqa: S608 (a table name we own)
        return Q(pk__in=RawSQL(sql, [_like(p) for p in found]))  # noqa: S611 (parameters bound)
    q = Q()
    for pattern in found:
        q &= Q(search_document__contains=pattern)
    return q


def text_search(queryset: QuerySet[M], query: str) -> QuerySet[M]:
    """Rows of `queryset` whose search document contains every term of the query."""
    return queryset.filter(text_q(queryset.model, query))
