"""The API's pages of a list: `limit` at most PAGE_MAX, `offset` at most OFFSET_MAX (a value
past either is a 422 naming it, not a query the database cannot run)."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from liaison.common.bounds import OFFSET_MAX, PAGE_MAX


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(PAGE_MAX, ge=1, le=PAGE_MAX, description=f"items per page, 1 to {PAGE_MAX}")
        offset: int = Field(0, ge=0, le=OFFSET_MAX, description=f"items to skip, 0 to {OFFSET_MAX}")
