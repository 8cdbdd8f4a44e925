"""Hooks on the directory and opportunities: a published opportunity or a changed
organization profile enqueues (after commit) the task that refreshes its embedding and
matches. Registered by `MatchmakingConfig.ready()`."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save

from liaison.directory.models import Organization, OrganizationTranslation
from liaison.opportunities.models import Opportunity, OpportunityTranslation
from liaison.opportunities.signals import opportunities_expired

logger = logging.getLogger(__name__)
# Drafts and submitted opportunities are never in the index: their changes need no task.
INDEXED_STATUSES = {Opportunity.Status.PUBLISHED, Opportunity.Status.EXPIRED,
                    Opportunity.Status.CLOSED, Opportunity.Status.REJECTED}


def _enqueue(kind: str, pk: int) -> None:
    from liaison.matchmaking import tasks

    task = tasks.sync_opportunity_task if kind == "opp" else tasks.sync_organization_task
    try:
        task.enqueue(pk)
    except Exception:  # a queue hiccup must never undo the user's change
        logger.exception("could not enqueue the match refresh of %s %s", kind, pk)


def enqueue_on_commit(kind: str, pk: int) -> None:
    transaction.on_commit(partial(_enqueue, kind, pk))


def _opportunity_saved(sender: Any, instance: Opportunity, raw: bool = False, **kwargs: Any) -> None:
    if not raw and instance.status in INDEXED_STATUSES:
        enqueue_on_commit("opp", instance.pk)


def _opportunity_translation_saved(sender: Any, instance: OpportunityTranslation, raw: bool = False,
                                   **kwargs: Any) -> None:
    if not raw:
        _opportunity_saved(sender, instance.opportunity)


def _opportunity_m2m(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, Opportunity):
        _opportunity_saved(sender, instance)


def _organization_saved(sender: Any, instance: Organization, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        enqueue_on_commit("org", instance.pk)


def _organization_translation_saved(sender: Any, instance: OrganizationTranslation, raw: bool = False,
                                    **kwargs: Any) -> None:
    if not raw:
        enqueue_on_commit("org", instance.organization_id)


def _organization_m2m(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, Organization):
        enqueue_on_commit("org", instance.pk)


def _opportunities_expired(sender: Any, pks: list[int], **kwargs: Any) -> None:
    # Expired in bulk (no post_save): each leaves the index and every match list.
    for pk in pks:
        enqueue_on_commit("opp", pk)


def connect() -> None:
    uid = "liaison.matchmaking"
    post_save.connect(_opportunity_saved, sender=Opportunity, dispatch_uid=f"{uid}.opp")
    post_save.connect(_opportunity_translation_saved, sender=OpportunityTranslation,
                      dispatch_uid=f"{uid}.opp-tr")
    m2m_changed.connect(_opportunity_m2m, sender=Opportunity.sectors.through,
                        dispatch_uid=f"{uid}.opp-sectors")
    m2m_changed.connect(_opportunity_m2m, sender=Opportunity.target_ecosystems.through,
                        dispatch_uid=f"{uid}.opp-targets")
    opportunities_expired.connect(_opportunities_expired, dispatch_uid=f"{uid}.opp-expired")
    post_save.connect(_organization_saved, sender=Organization, dispatch_uid=f"{uid}.org")
    post_save.connect(_organization_translation_saved, sender=OrganizationTranslation,
                      dispatch_uid=f"{uid}.org-tr")
    m2m_changed.connect(_organization_m2m, sender=Organization.sectors.through,
                        dispatch_uid=f"{uid}.org-sectors")
