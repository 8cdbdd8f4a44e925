"""Database text search over a normalized `search_document` column (Chinese, Hebrew, English)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from liaison.common.text import query_terms

M = TypeVar("M", bound=Model)


def text_search(queryset: QuerySet[M], query: str) -> QuerySet[M]:
    """Rows whose search document contains every term of the query."""
    for term in query_terms(query or ""):
        queryset = queryset.filter(search_document__contains=term)
    return queryset
