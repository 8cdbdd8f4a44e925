"""Who may import and export. Declared once; pages, command and services check these."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.accounts.predicates import is_hq, is_officer, is_owner, is_responsible_officer


@rules.predicate
def started_the_import(user: User | AnonymousUser, job: Any) -> bool:
    return job is not None and user.is_authenticated and job.created_by_id == user.pk


# An officer imports for their office, HQ for any (the importer checks each row's office).
rules.add_perm("onboarding.import", is_hq | is_officer)
rules.add_perm("onboarding.view_import", started_the_import | is_hq)
rules.add_perm("onboarding.confirm_import", started_the_import)

# Invitations: the firm's office invites owners and members, its owner invites colleagues.
rules.add_perm("onboarding.invite", is_responsible_officer | is_owner)
rules.add_perm("onboarding.invite_owner", is_responsible_officer)
rules.add_perm("onboarding.manage_invitation", is_responsible_officer | is_owner)
rules.add_perm("onboarding.vet_signup", rules.predicate(
    lambda user, request: request is not None and is_officer(user)
    and user.office_id == request.office_id))
rules.add_perm("onboarding.view_signups", is_officer)
rules.add_perm("onboarding.view_export", started_the_import)
# A firm's data: its owner and its office download it; the owner asks for deletion; an officer
# of its office carries it out.
rules.add_perm("onboarding.firm_data", is_owner | is_responsible_officer | is_hq)
rules.add_perm("onboarding.ask_deletion", is_owner | is_responsible_officer)
rules.add_perm("onboarding.erase", is_responsible_officer)
