"""Who may do what in the directory. Declared once; pages, API and admin check these."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.accounts.predicates import (
    is_hq,
    is_member,
    is_officer,
    is_owner,
    is_responsible_officer,
    is_signed_in,
)
from liaison.directory.actfor import is_acting_officer


@rules.predicate
def is_vetted(user: User | AnonymousUser, organization: Any) -> bool:
    return organization is not None and organization.vetted_at is not None


rules.add_perm("directory.browse", is_signed_in)
rules.add_perm(
    "directory.view_organization",
    is_hq | is_responsible_officer | is_member | (is_signed_in & is_vetted),
)
rules.add_perm("directory.add_organization", is_hq | is_officer)

# The firm's officer edits for it unless it said "only we answer" (liaison.directory.actfor).
rules.add_perm("directory.change_organization", is_hq | is_acting_officer | is_member)
rules.add_perm("directory.vet_organization", is_responsible_officer)
rules.add_perm("directory.view_contacts", is_hq | is_responsible_officer | is_member)
rules.add_perm("directory.change_contacts", is_acting_officer | is_member)
# "Only we answer": the firm's owners decide whether its office may act for it.
rules.add_perm("directory.change_acting", is_owner)
