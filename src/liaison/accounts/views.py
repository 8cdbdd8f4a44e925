"""Pages of accounts: the sign-ins locked by the throttle, for HQ and officers to unlock."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liaison.accounts import services
from liaison.accounts.models import User
from liaison.accounts.throttling import cool_off_minutes
from liaison.common.errors import require


@login_required
def sign_in_locks(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(user, "accounts.view_sign_in_locks")
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        services.unlock_sign_in(username, by=user)
        messages.success(request, _("%(username)s can sign in again.") % {"username": username})
        return redirect("sign_in_locks")
    locks = services.sign_in_locks_for(user)
    people = {u.username: u for u in User.objects.filter(username__in=[lock.username for lock in locks])}
    rows = [{"lock": lock, "person": people.get(lock.username)} for lock in locks]
    return render(request, "accounts/sign_in_locks.html",
                  {"rows": rows, "cool_off_minutes": cool_off_minutes()})
