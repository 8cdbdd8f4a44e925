"""Django's `ModelBackend`, with the signed-in user of each request read in plain SQL
(`common.sql.instance`): the ORM's building of that SELECT cost more CPU than the rest of
finding the user, on every signed-in request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from liaison.accounts.models import User
from liaison.common import sql


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = sql.instance(User, "id = %s", [user_id])
        return user if user is not None and self.user_can_authenticate(user) else None
