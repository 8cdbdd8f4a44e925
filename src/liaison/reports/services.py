"""Write operations on outcomes. Pages and the API call these.

A firm member reports an outcome of their own accepted introduction or held meeting; it waits
for an officer of the brokering office to confirm it. An officer of that office records an
outcome already confirmed. Side effect: the brokering office's officers are notified of an
outcome to confirm. `validate_outcome` is the one rule set of the page form and the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import User
from liaison.common.errors import require
from liaison.common.validation import FieldErrors
from liaison.events.models import Meeting
from liaison.introductions.models import Interest
from liaison.reports.models import Outcome, OutcomeKind, OutcomeStage

FIELDS = ("kind", "title", "description", "date", "stage", "value", "currency", "value_public",
          "other_parties")


def validate_outcome(data: Mapping[str, Any], *, outcome: Outcome | None = None) -> dict[str, Any]:
    """Check a new outcome, or `outcome` with the changes in `data`, and return its fields
    cleaned: a kind and a stage from the lists, a title of at most 200 characters, a date, a
    value that is a non-negative finite amount of at most 13 digits and 2 decimals (the
    model's DecimalField: "1e30" or "NaN" is refused, never stored) with its currency.

    Raises ValidationError naming each bad field; reads and writes nothing."""
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"not outcome fields: {sorted(unknown)}")
    current = {k: getattr(outcome, k) for k in FIELDS} if outcome is not None else {
        "kind": "", "title": "", "description": "", "other_parties": "", "date": None,
        "stage": OutcomeStage.NEGOTIATION, "value": None, "currency": "", "value_public": False,
    }
    given = {**current, **data}
    for name in ("kind", "title", "description", "other_parties", "stage", "currency"):
        given[name] = (given[name] or "").strip()
    if given["value"] == "":
        given["value"] = None
    given["value_public"] = bool(given["value_public"])

    errors = FieldErrors()
    if given["kind"] not in OutcomeKind.values:
        errors.add("kind", _("Choose a kind of outcome."))
    if given["stage"] not in OutcomeStage.values:
        errors.add("stage", _("Choose a stage."))
    if not given["title"]:
        errors.add("title", _("Give the outcome a title."))
    if given["date"] in (None, ""):
        errors.add("date", _("Give the date."))
    cleaned = errors.model_fields(Outcome, given)
    if cleaned.get("value") is not None and not given["currency"] and "currency" not in errors:
        errors.add("currency", _("Give the currency of the value."))
    errors.raise_if_any()
    if cleaned["value"] is None:
        cleaned["currency"] = ""
    return cleaned


def _sides(source: Interest | Meeting) -> dict[str, Any]:
    if isinstance(source, Interest):
        return {"interest": source, "initiator": source.from_organization,
                "counterpart": source.to_organization, "office": source.to_organization.office}
    return {"meeting": source, "initiator": source.a.organization,
            "counterpart": source.b.organization, "office": source.event.host_office}


def source_facts(source: Interest | Meeting) -> dict[str, Any]:
    """What an outcome reported from `source` is filled with: its parties, the brokering office
    and the introduction or meeting it comes from (shown on the form; set by report_outcome)."""
    sides = _sides(source)
    if isinstance(source, Interest):
        link = {"kind": "interest", "label": source.opportunity.display_title,
                "url": reverse("introductions:detail", args=[source.pk])}
    else:
        link = {"kind": "meeting", "label": source.event.title, "url": reverse("events:detail", args=[source.event_id])}
    return {"initiator": sides["initiator"], "counterpart": sides["counterpart"],
            "office": sides["office"], "link": link}


def _sector_ids(source: Interest | Meeting) -> list[int]:
    if isinstance(source, Interest):
        return list(source.opportunity.sectors.values_list("pk", flat=True))
    return list(source.a.organization.sectors.values_list("pk", flat=True))


@transaction.atomic
def report_outcome(source: Interest | Meeting, *, by: User, data: Mapping[str, Any]) -> Outcome:
    """Record what came of an introduction or a meeting.

    Reported by a member of one side, it waits for confirmation (the brokering office's
    officers are notified); recorded by an officer of the brokering office, it is confirmed."""
    require(by, "reports.report_outcome", source)
    fields = validate_outcome(data)
    outcome = Outcome.objects.create(reported_by=by, **_sides(source), **fields)
    outcome.sectors.set(_sector_ids(source))
    if by.office_id == outcome.office_id:
        outcome.confirmed_by = by
        outcome.confirmed_at = timezone.now()
        outcome.save(update_fields=["confirmed_by", "confirmed_at"])
    else:
        _notify_office(outcome)
    return outcome


def _notify_office(outcome: Outcome) -> None:
    from liaison.notifications.services import notify

    notify(User.objects.filter(office_id=outcome.office_id, is_active=True),
           kind="outcome.reported", title=gettext_lazy("An outcome waits for your confirmation"),
           url=reverse("reports:outcome", args=[outcome.pk]))


@transaction.atomic
def confirm_outcome(outcome: Outcome, *, by: User) -> Outcome:
    """An officer of the brokering office confirms a reported outcome; it enters the KPIs."""
    require(by, "reports.confirm_outcome", outcome)
    outcome.confirmed_by = by
    outcome.confirmed_at = timezone.now()
    outcome.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    return outcome


@transaction.atomic
def update_outcome(outcome: Outcome, *, by: User, data: Mapping[str, Any]) -> Outcome:
    """Change stage, value or publicity (parties before confirmation; the office any time)."""
    require(by, "reports.change_outcome", outcome)
    fields = validate_outcome(data, outcome=outcome)
    for key, value in fields.items():
        setattr(outcome, key, value)
    outcome.save()
    return outcome
