"""Who may do what with interests, introductions and their threads. Declared once; pages and
API check these.

- A (the interested organization) sees its own request; B sees it once the office forwarded it.
- The officers of both sides' offices see it and may add a note for their own firm; only the
  office responsible for B vets it; only B's owner answers, or
  an officer of B's office on B's behalf (`directory.actfor`), recorded as such.
- Identity, contacts and the thread open to both sides on acceptance (double opt-in).
- HQ sees every request and its audit trail, not the private thread.
"""

from __future__ import annotations

import rules
from django.contrib.auth.models import AnonymousUser

from liaison.accounts.models import User
from liaison.accounts.predicates import is_hq, is_responsible_officer, is_signed_in
from liaison.directory.actfor import is_acting_officer
from liaison.introductions.predicates import (
    is_accepted,
    is_forwarded,
    is_open,
    is_pending,
    is_recipient,
    is_recipient_officer,
    is_recipient_owner,
    is_requester,
    is_requester_officer,
    is_suggesting_officer,
    is_suggestion_owner_waiting,
    is_suggestion_party,
    is_suggestion_party_officer,
    is_vetting,
)


@rules.predicate
def has_organization(user: User | AnonymousUser) -> bool:
    from liaison.accounts.predicates import member_organization_ids

    return bool(member_organization_ids(user))


is_officer_involved = is_requester_officer | is_recipient_officer
is_party = is_requester | is_recipient

rules.add_perm("introductions.list", is_signed_in)
rules.add_perm("introductions.express_interest", is_signed_in & has_organization)
rules.add_perm(
    "introductions.view_interest",
    is_hq | is_officer_involved | is_requester | (is_recipient & is_forwarded),
)
rules.add_perm("introductions.vet_interest", is_recipient_officer & is_vetting)
# The office answers for a firm without logins (or one that lets it): liaison.directory.actfor.
rules.add_perm("introductions.answer_interest", (is_recipient_owner | is_acting_officer) & is_pending)
rules.add_perm("introductions.add_note", is_officer_involved & is_open)
# Officers broker the introduction: they know both sides from the start.
rules.add_perm("introductions.view_identity", (is_party & is_accepted) | is_officer_involved | is_hq)
rules.add_perm("introductions.view_thread", (is_party | is_officer_involved) & is_accepted)
rules.add_perm("introductions.post_message", (is_party | is_officer_involved) & is_accepted)
rules.add_perm("introductions.view_audit", is_hq | is_officer_involved)

# Suggested introductions. "suggest" takes the office's firm (A) as its object.
rules.add_perm("introductions.suggest", is_responsible_officer)
rules.add_perm("introductions.view_suggestion",
               is_hq | is_suggesting_officer | is_suggestion_party_officer | is_suggestion_party)
rules.add_perm("introductions.answer_suggestion", is_suggestion_owner_waiting)
