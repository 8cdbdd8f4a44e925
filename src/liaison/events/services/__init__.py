"""Write operations on events, by job. Every front (page, htmx, API, task) calls these.

- `setup`: the event, its status, sessions (cut into slots) and tables
- `interpreters`: registered by the host office, or offered and then confirmed
- `registration`: registering an organization and its people; their availability
- `requests`: meeting requests, their answers, reminders and expiry
- `scheduling`: queuing a scheduler run; adding, moving, locking, cancelling meetings by
  hand; publishing the schedule
- `planning`: the scheduler run itself, the first plan and every re-plan (called by the task)
- `day`: check-in, outcomes, feedback

Each function takes an explicit actor (`by`; the daily command and the task act as the
system), checks the permission rule, validates its input (raising `ValidationError` naming
the field: the page forms and the API only parse) and writes inside a transaction. Side
effects are named in each docstring. The names below are the public ones, so callers write
`services.register(...)`.
"""

from liaison.events.services.day import (
    check_in,
    give_feedback,
    record_outcome,
    self_check_in,
    self_check_in_refusal,
)
from liaison.events.services.interpreters import (
    add_interpreter,
    answer_interpreter_offer,
    offer_errors,
    offer_interpreting,
)
from liaison.events.services.planning import (
    apply_result,
    discard_proposal,
    proposal_changes,
    publish_proposal,
    run_scheduling,
)
from liaison.events.services.registration import (
    BULK_MAX,
    UNKNOWN_ORGANIZATION,
    AttendeeData,
    admit_from_waiting_list,
    availability_errors,
    change_availability,
    closed_reason,
    fill_from_waiting_list,
    refuse_unless_may_register,
    register,
    register_many,
    registration_errors,
    revoke_calendar,
    withdraw_registration,
)
from liaison.events.services.requests import (
    answer_request,
    expire_requests,
    request_errors,
    send_request,
)
from liaison.events.services.scheduling import (
    add_meeting,
    block_pair,
    cancel_meeting,
    meeting_languages,
    move_meeting,
    publish_schedule,
    set_locked,
    start_scheduling,
)
from liaison.events.services.setup import (
    add_session,
    add_tables,
    create_event,
    set_status,
    update_event,
    validate_event,
)

__all__ = [
    "BULK_MAX", "AttendeeData", "add_interpreter", "admit_from_waiting_list", "fill_from_waiting_list", "withdraw_registration", "block_pair", "discard_proposal", "proposal_changes",
    "publish_proposal", "register_many", "revoke_calendar", "self_check_in", "self_check_in_refusal", "add_meeting", "add_session", "add_tables",
    "answer_interpreter_offer", "answer_request", "apply_result", "availability_errors",
    "cancel_meeting", "change_availability", "closed_reason", "refuse_unless_may_register", "check_in", "create_event", "expire_requests",
    "give_feedback", "meeting_languages", "move_meeting", "offer_errors", "offer_interpreting",
    "publish_schedule", "record_outcome", "register", "registration_errors", "request_errors",
    "UNKNOWN_ORGANIZATION",
    "run_scheduling", "send_request", "set_locked", "set_status", "start_scheduling",
    "update_event", "validate_event",
]
