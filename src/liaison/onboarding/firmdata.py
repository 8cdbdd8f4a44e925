"""A firm's data is the firm's: everything Liaison holds about it as one workbook, and its
deletion (PIPL and GDPR: access and erasure).

Deletion removes personal and descriptive data — contact persons, its members' logins (those
who belong to no other organization), names, descriptions, messages, notes, attendees,
invitations — and keeps what the park's reports count and the audit trail's existence: the
organization row (office, ecosystem, kind, size, sectors) under a neutral name, its interests,
meetings and outcomes with their status, dates and values, the audit entries without notes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import Membership, User
from liaison.common.errors import ValidationError, require
from liaison.directory.models import ActingRecord, Organization
from liaison.onboarding.models import DeletionRequest, Invitation
from liaison.onboarding.tabular import dataset
from liaison.onboarding.tabular import render as render_file


def _date(value: Any) -> Any:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def firm_workbook(organization: Organization, *, by: User) -> bytes:
    """Everything Liaison holds about the organization, a sheet per kind of record."""
    from liaison.events.models import Attendee
    from liaison.introductions.models import Interest, Message

    require(by, "onboarding.firm_data", organization)
    o = organization
    sheets = [dataset(
        [_("Field"), _("Value")],
        [[_("Name"), o.name], [_("Description"), o.description], [_("Kind"), o.get_kind_display()],
         [_("Language"), o.language], [_("Ecosystem"), o.ecosystem.label], [_("Office"), o.office.name],
         [_("Sectors"), "; ".join(s.code for s in o.sectors.all())], [_("Size"), o.get_size_display()],
         [_("Stage"), o.get_stage_display()], [_("Founded"), o.founded_year],
         [_("Annual turnover"), f"{o.turnover} {o.turnover_currency}" if o.turnover is not None else ""],
         [_("Website"), o.website], [_("Registry number"), o.registry_number],
         [_("Vetted"), _date(o.vetted_at)], [_("Source"), o.source],
         *[[_("English name"), t.name] for t in o.translations.all()]],
        title=str(_("Organization")))]
    sheets.append(dataset([_("Name"), _("Role"), _("E-mail"), _("Phone"), _("Languages")],
                          [[p.name, p.job_title, p.email, p.phone, "; ".join(p.languages)]
                           for p in o.people.all()], title=str(_("Contacts"))))
    sheets.append(dataset([_("Name"), _("E-mail"), _("Role"), _("Since")],
                          [[str(m.user), m.user.email, m.get_role_display(), _date(m.created_at)]
                           for m in Membership.objects.filter(organization=o).select_related("user")],
                          title=str(_("Members"))))
    sheets.append(dataset([_("Title"), _("Type"), _("Status"), _("Summary"), _("Expires on")],
                          [[p.title, p.get_type_display(), p.get_status_display(), p.summary,
                            p.expires_on] for p in o.opportunities.all()],
                          title=str(_("Opportunities"))))
    interests = Interest.objects.filter(from_organization=o) | Interest.objects.filter(to_organization=o)
    sheets.append(dataset([_("Opportunity"), _("Sent by you"), _("Status"), _("Message"), _("Sent on")],
                          [[i.opportunity.title, _("yes") if i.from_organization_id == o.pk else _("no"),
                            i.get_status_display(), i.message, _date(i.created_at)]
                           for i in interests.select_related("opportunity")],
                          title=str(_("Introductions"))))
    members = Membership.objects.filter(organization=o).values("user_id")
    sheets.append(dataset([_("Introduction"), _("Message"), _("Sent on")],
                          [[m.interest_id, m.body, _date(m.created_at)]
                           for m in Message.objects.filter(author_id__in=members)],
                          title=str(_("Messages"))))
    sheets.append(dataset([_("Event"), _("Attendee"), _("E-mail"), _("Languages")],
                          [[a.registration.event.title, a.name, a.email, "; ".join(a.languages)]
                           for a in Attendee.objects.filter(registration__organization=o)
                           .select_related("registration__event")],
                          title=str(_("Events"))))
    sheets.append(dataset([_("Action"), _("Officer"), _("Office"), _("On")],
                          [[r.action, str(r.officer or ""), r.office.name, _date(r.at)]
                           for r in ActingRecord.objects.filter(organization=o).select_related(
                               "officer", "office")], title=str(_("Actions for you"))))
    sheets.append(dataset([_("E-mail"), _("Role"), _("Status")],
                          [[i.email, i.get_role_display(), i.state_label]
                           for i in Invitation.objects.filter(organization=o)],
                          title=str(_("Invitations"))))
    return render_file(sheets, "xlsx")


@transaction.atomic
def ask_for_deletion(organization: Organization, *, by: User) -> DeletionRequest:
    """The firm's owner asks; its office is notified and carries it out."""
    from liaison.notifications.services import notify

    require(by, "onboarding.ask_deletion", organization)
    request = DeletionRequest.objects.filter(organization=organization, done_at__isnull=True).first()
    if request is None:
        request = DeletionRequest.objects.create(organization=organization, requested_by=by)
        notify(User.objects.filter(office_id=organization.office_id, is_active=True),
               kind="onboarding.deletion", title=gettext_lazy(
                   "An organization asks for its data to be deleted: %(name)s"),
               context={"name": organization.name[:120]},
               url=f"/organizations/{organization.pk}/")
    return request


@transaction.atomic
def erase_organization(organization: Organization, *, by: User) -> Organization:
    """An officer of the firm's office deletes its personal and descriptive data (see the
    module's docstring for what is kept)."""
    from liaison.events.models import Attendee, MeetingRequest
    from liaison.introductions.models import AuditEntry, Interest, Message, OfficerNote
    from liaison.opportunities.models import Opportunity, OpportunityTranslation

    require(by, "onboarding.erase", organization)
    o = organization
    if o.memberships.exclude(user=by).filter(user__is_active=True).exists() and not \
            DeletionRequest.objects.filter(organization=o, done_at__isnull=True).exists():
        raise ValidationError(_("A firm with members is deleted when it asks for it."))
    o.people.all().delete()
    o.translations.all().delete()
    Invitation.objects.filter(organization=o).delete()
    for membership in list(Membership.objects.filter(organization=o).select_related("user")):
        user = membership.user
        membership.delete()
        if not user.memberships.exists() and not user.office_id and not user.is_hq:
            user.username = f"deleted-{user.pk}"
            user.email = user.first_name = user.last_name = user.display_name = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
    opportunities = Opportunity.objects.filter(organization=o)
    OpportunityTranslation.objects.filter(opportunity__in=opportunities).delete()
    for opp in opportunities:
        opp.title = _("Deleted opportunity")
        opp.summary = opp.description = opp.search_document = ""
        if opp.status in (Opportunity.Status.DRAFT, Opportunity.Status.SUBMITTED,
                          Opportunity.Status.PUBLISHED):
            opp.status = Opportunity.Status.CLOSED
            opp.closed_at = timezone.now()
        opp.save()
    interests = Interest.objects.filter(from_organization=o) | Interest.objects.filter(to_organization=o)
    ids = list(interests.values_list("pk", flat=True))
    Interest.objects.filter(pk__in=ids, from_organization=o).update(message="")
    Interest.objects.filter(pk__in=ids, to_organization=o).update(decline_reason="")
    for message in Message.objects.filter(interest_id__in=ids):
        if message.attachment:
            message.attachment.delete(save=False)
    Message.objects.filter(interest_id__in=ids).update(body="", attachment="", attachment_name="")
    OfficerNote.objects.filter(interest_id__in=ids).update(text="")
    AuditEntry.objects.filter(interest_id__in=ids).update(note="")
    Attendee.objects.filter(registration__organization=o).update(name="—", email="", person=None)
    MeetingRequest.objects.filter(requester__organization=o).update(message="")
    o.name = _("Deleted organization %(number)d") % {"number": o.pk}
    o.description = o.website = o.registry_number = o.search_document = o.source = ""
    o.turnover, o.turnover_currency, o.founded_year = None, "", None
    o.save()
    DeletionRequest.objects.filter(organization=o, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by)
    return o
