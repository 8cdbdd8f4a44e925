"""Sign-in throttling (django-axes): the gate, the client's address, the lockout page, and
the list of locked accounts that HQ and officers unlock.

Failed sign-ins are counted per account and per address, each against its own limit
(settings: LIAISON_LOGIN_*, AXES_*). A refused sign-in answers 429 with the time to wait, in
the visitor's language.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from liaison.accounts.backends import UserBackend


class SignInAttempts(AxesDatabaseHandler):
    """axes' database handler, with a limit of its own for an address: the people of one
    office often sign in from one address, so one person's typos must not lock their
    colleagues out, while guessing many accounts from one address still stops.

    axes compares one number with one limit (AXES_FAILURE_LIMIT, the account's); an
    address's failures are put on that scale, so it locks at
    LIAISON_LOGIN_ADDRESS_FAILURE_LIMIT failures exactly."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        if settings.AXES_LOCKOUT_PARAMETERS != ["username", "ip_address"]:
            return super().get_failures(request, credentials)
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scaled = address * settings.AXES_FAILURE_LIMIT // settings.LIAISON_LOGIN_ADDRESS_FAILURE_LIMIT
        return max(account, scaled)

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # A successful sign-in forgets that account's failures, not its address's: else
        # signing in to one's own account would wipe the count of guesses at others'.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


class SignInThrottleBackend(AxesStandaloneBackend):
    """axes' gate for sign-ins that come with a request (the login pages). A call without a
    request (the shell, the test client's `login`) has no address to count and passes on
    to the next backend."""

    def authenticate(self, request: Any, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id: Any) -> Any:
        # The user of a session this backend names (the test client's `force_login`): read
        # as every other session's user is.
        return UserBackend().get_user(user_id)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the connection's own, or, behind LIAISON_PROXY_COUNT proxies
    that each append to X-Forwarded-For, the entry that many places from the right (the
    entries left of it are whatever the client sent, so they are never trusted)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.LIAISON_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def cool_off_minutes() -> int:
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def locked_out_response(request: HttpRequest, original_response: Any = None,
                        credentials: Any = None) -> HttpResponse:
    """The page shown instead of signing in while locked out (axes' AXES_LOCKOUT_CALLABLE).

    Every refused try counts as a failure and starts the cool-off again, so the wait is the
    whole cool-off."""
    minutes = cool_off_minutes()
    message = ngettext(
        "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
        "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    return render(request, "registration/locked_out.html", {"message": message}, status=429)


@dataclass(frozen=True)
class LockedAccount:
    username: str
    failures: int
    locked_until: dt.datetime


def locked_accounts(usernames: Any = None) -> list[LockedAccount]:
    """Accounts whose failed sign-ins within the cool-off reached the limit (all of them, or
    only those in `usernames`, a list or a query of names), the most recent first."""
    cool_off = settings.AXES_COOLOFF_TIME
    rows = (AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off,
                                         username__isnull=False)
            .values("username")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last", "username"))
    if usernames is not None:
        rows = rows.filter(username__in=usernames)
    return [LockedAccount(r["username"], r["failures"], r["last"] + cool_off) for r in rows]
