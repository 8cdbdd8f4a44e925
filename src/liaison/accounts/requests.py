"""The request of a signed-in user, for the type checker.

A page behind `login_required`, or an endpoint behind the API's `signed_in` auth, is only
reached by a signed-in user: annotating its request as `SignedInRequest` types `request.user`
as `User` (Django's HttpRequest has `User | AnonymousUser`). At run time it is an HttpRequest.
"""

from __future__ import annotations

from django.http import HttpRequest

from liaison.accounts.models import User


class SignedInRequest(HttpRequest):
    user: User
