"""API endpoints of the notifications app (mounted under /api/notifications)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Body, Router, Schema
from ninja.pagination import paginate

from liaison.accounts.auth import signed_in
from liaison.accounts.requests import SignedInRequest
from liaison.common.bounds import Id, Many
from liaison.common.paging import BoundedLimitOffset
from liaison.notifications import selectors
from liaison.notifications.services import mark_read, set_email_preferences, unread_count

router = Router(tags=["notifications"], auth=signed_in)


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class ReadIn(Schema):
    ids: Many[Id] | None = None


class CountOut(Schema):
    unread: int


@router.get("", response=list[NotificationOut])
@paginate(BoundedLimitOffset)
def list_notifications(request: SignedInRequest, unread: bool = False) -> Any:
    return selectors.notifications_of(request.user, unread_only=unread)


@router.get("/unread-count", response=CountOut)
def count(request: SignedInRequest) -> Any:
    return {"unread": unread_count(request.user)}


@router.post("/read", response=CountOut)
def read(request: SignedInRequest, payload: ReadIn) -> Any:
    mark_read(request.user, payload.ids)
    return {"unread": unread_count(request.user)}


@router.get("/preferences", response=dict[str, bool])
def get_preferences(request: SignedInRequest) -> Any:
    return selectors.email_preferences(request.user)


@router.put("/preferences", response=dict[str, bool])
def put_preferences(request: SignedInRequest, payload: Body[dict[str, bool]]) -> Any:
    """Turn e-mail off (false) or on (true) per kind of notification, e.g.
    `{"interest.received": false}`; an unknown kind is a 422 naming it."""
    set_email_preferences(request.user, payload)
    return selectors.email_preferences(request.user)
