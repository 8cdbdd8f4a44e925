"""The `liaison` console command.

`liaison schedule ...` and `liaison match ...` run the pure engines without loading Django
(fast start, no database); everything else is a Django management command
(`liaison migrate`, `liaison runserver`, `liaison demo`, `liaison seed`, `liaison worker`, ...).
"""

from __future__ import annotations

import os
import secrets
import sys

ALIASES = {
    "send-digests": "send_digests",
    "expire-interests": "expire_interests",
    "expire-opportunities": "expire_opportunities",
    "expire-meeting-requests": "expire_meeting_requests",
    "send-meeting-reminders": "send_meeting_reminders",
    "reindex-matches": "reindex_matches",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args and args[0] == "schedule":
        from liaison.scheduling.cli import main as schedule_main

        return schedule_main(args[1:])
    if args and args[0] == "match":
        from liaison.matching.cli import main as match_main

        return match_main(args[1:])
    if args:
        # Hyphenated spellings of our commands (liaison send-digests) are aliases.
        args[0] = ALIASES.get(args[0], args[0])
    if args and args[0] == "demo" and not os.environ.get("SECRET_KEY"):
        # The demo runs with DEBUG off, as production does, so it brings its own secret key
        # (a new one each start, inherited by its worker) unless SECRET_KEY is set.
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["liaison", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
