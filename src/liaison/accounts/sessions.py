"""Sessions in the database (Django's `db` backend, SESSION_ENGINE), loaded with one plain
query: the ORM's building of that SELECT cost more CPU than the rest of loading the session,
on every signed-in request. Saving, expiry and keys are Django's own."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from liaison.common import sql


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        found = sql.rows(self.model, f"SELECT session_data FROM {sql.table(self.model)} "  # noqa: S608 (our table)
                         "WHERE session_key = %s AND expire_date > %s",
                         [self.session_key, sql.now_param(self.model, timezone.now())])
        if not found:
            # As Django's: an unknown or expired key is forgotten (a new one is made on save).
            self._session_key = None
            return {}
        return dict(self.decode(found[0][0]))
