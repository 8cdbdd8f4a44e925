"""The introduction flow as the product's rules: interest → (vetting) → answer → reveal →
conversation; limits; expiry and reminders; the audit trail."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liaison.introductions import services
from liaison.introductions.models import AuditEntry, Interest, OfficePolicy
from liaison.notifications.models import Notification
from tests.factories import make_opportunity


def _kinds(user: Any) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def test_interest_is_forwarded_at_once_without_vetting_and_both_offices_hear_of_it(
    world: Any, partner_owner: Any, express: Any
) -> None:
    interest = express()
    assert interest.status == "pending"
    assert interest.to_organization == world.partner_firm
    assert _kinds(partner_owner) == ["interest.received"]
    assert _kinds(world.officer) == ["interest.office"]
    assert _kinds(world.other_officer) == ["interest.office"]
    assert _kinds(world.other_member) == []  # members other than owners are not asked
    actions = list(interest.audit.values_list("action", flat=True))
    assert actions == ["expressed", "forwarded"]


def test_vetting_office_sees_the_interest_first_and_forwards_it(
    world: Any, partner_owner: Any, vetting: Any, express: Any
) -> None:
    interest = express()
    assert interest.status == "vetting"
    assert _kinds(world.other_officer) == ["interest.vetting"]
    assert _kinds(partner_owner) == []
    assert not partner_owner.has_perm("introductions.view_interest", interest)
    services.approve_interest(interest, by=world.other_officer)
    assert interest.status == "pending"
    assert _kinds(partner_owner) == ["interest.received"]
    entry = interest.audit.get(action="approved")
    assert entry.actor == world.other_officer


def test_office_declines_with_a_reason_and_the_interested_firm_is_told(
    world: Any, partner_owner: Any, vetting: Any, express: Any
) -> None:
    interest = express()
    with pytest.raises(ValidationError):
        services.refuse_interest(interest, by=world.other_officer, reason="  ")
    services.refuse_interest(interest, by=world.other_officer, reason="Not a fit for this firm.")
    interest.refresh_from_db()
    assert (interest.status, interest.refusal_reason) == ("refused", "Not a fit for this firm.")
    assert "interest.outcome" in _kinds(world.member)
    assert not partner_owner.has_perm("introductions.view_interest", interest)


def test_an_officer_of_another_office_cannot_vet(world: Any, vetting: Any, express: Any) -> None:
    interest = express()
    with pytest.raises(PermissionDenied):
        services.approve_interest(interest, by=world.officer)  # Beijing: A's side, not B's
    assert world.officer.has_perm("introductions.view_interest", interest)
    assert world.officer.has_perm("introductions.add_note", interest)


def test_accept_introduction_reveals_contacts_to_both_sides(
    world: Any, partner_owner: Any, express: Any
) -> None:
    interest = express()
    for user in (world.member, partner_owner):
        assert not user.has_perm("introductions.view_identity", interest)
        assert not user.has_perm("introductions.view_thread", interest)
    assert not world.member.has_perm("opportunities.view_identity", interest.opportunity)
    with pytest.raises(PermissionDenied):
        services.accept_interest(interest, by=world.other_member)  # a member, not the owner
    services.accept_interest(interest, by=partner_owner)
    for user in (world.member, world.owner, partner_owner, world.other_member):
        assert user.has_perm("introductions.view_identity", interest)
        assert user.has_perm("introductions.post_message", interest)
    assert not world.outsider.has_perm("introductions.view_thread", interest)
    from liaison.introductions.predicates import is_introduced_counterpart

    assert is_introduced_counterpart(world.member, interest.opportunity)
    assert not is_introduced_counterpart(world.outsider, interest.opportunity)
    assert "interest.outcome" in _kinds(world.member)
    assert "interest.outcome" in _kinds(world.officer)
    assert "interest.outcome" in _kinds(world.other_officer)


def test_decline_keeps_both_sides_anonymous(world: Any, partner_owner: Any, express: Any) -> None:
    interest = express()
    services.decline_interest(interest, by=partner_owner, reason="We have a partner already.")
    assert interest.status == "declined"
    assert not world.member.has_perm("introductions.view_identity", interest)
    assert not partner_owner.has_perm("introductions.view_identity", interest)
    assert not world.member.has_perm("introductions.view_thread", interest)
    with pytest.raises(PermissionDenied):
        services.accept_interest(interest, by=partner_owner)


def test_duplicate_interest_in_the_same_opportunity_is_refused(world: Any, express: Any) -> None:
    express()
    with pytest.raises(ValidationError, match="already expressed interest"):
        express(by=world.owner, message="Again, from the owner.")
    assert Interest.objects.count() == 1


def test_daily_cap_per_organization(world: Any, partner_owner: Any, express: Any, settings: Any) -> None:
    settings.LIAISON_INTEREST_DAILY_CAP = 2
    offers = [make_opportunity(world.partner_firm, status="published", type="technology_offer",
                               title=f"Offer number {i}") for i in range(3)]
    express(opportunity=offers[0])
    express(opportunity=offers[1])
    with pytest.raises(ValidationError, match="limit of 2"):
        express(opportunity=offers[2])
    Interest.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    express(opportunity=offers[2])


def test_interest_is_refused_for_own_unpublished_or_foreign_organization(
    world: Any, offer: Any, express: Any
) -> None:
    own = make_opportunity(world.home_firm, status="published", title="Our own request")
    with pytest.raises(ValidationError, match="own organization"):
        express(opportunity=own)
    draft = make_opportunity(world.partner_firm, status="draft", title="A draft offer")
    with pytest.raises(ValidationError, match="not open"):
        express(opportunity=draft)
    with pytest.raises(PermissionDenied):
        express(organization=world.partner_firm, by=world.member)
    with pytest.raises(ValidationError):
        express(message="   ")
    with pytest.raises(PermissionDenied):
        express(by=world.outsider)
    assert Interest.objects.count() == 0


def test_officers_of_both_sides_add_notes_for_their_own_firm(
    world: Any, partner_owner: Any, express: Any
) -> None:
    from liaison.introductions.selectors import notes_for

    interest = express()
    services.add_note(interest, by=world.officer, text="Beijing: this partner is well known.")
    services.add_note(interest, by=world.other_officer, text="Tel Aviv: a serious Beijing firm.")
    assert [n.text for n in notes_for(world.member, interest)] == ["Beijing: this partner is well known."]
    assert [n.text for n in notes_for(partner_owner, interest)] == ["Tel Aviv: a serious Beijing firm."]
    assert len(notes_for(world.hq, interest)) == 2
    with pytest.raises(PermissionDenied):
        services.add_note(interest, by=world.member, text="I am no officer")


def tiny_pdf() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def test_conversation_messages_attachments_and_read_state(
    world: Any, partner_owner: Any, express: Any, settings: Any, tmp_path: Any
) -> None:
    from liaison.introductions.selectors import unread_threads

    settings.MEDIA_ROOT = tmp_path
    interest = express()
    with pytest.raises(PermissionDenied):
        services.post_message(interest, by=world.member, body="Too early")
    services.accept_interest(interest, by=partner_owner)
    services.post_message(interest, by=partner_owner, body="Shalom! Let us talk.")
    assert unread_threads(world.member) == {interest.pk: 1}
    services.mark_thread_read(interest, user=world.member)
    assert unread_threads(world.member) == {}
    pdf = SimpleUploadedFile("specs.pdf", tiny_pdf(), content_type="application/pdf")
    message = services.post_message(interest, by=world.member, body="", attachment=pdf)
    assert message.attachment.name.startswith(f"introductions/{interest.pk}/")
    assert (tmp_path / message.attachment.name).exists()
    with pytest.raises(ValidationError, match="not accepted"):
        services.post_message(interest, by=world.member, body="x",
                              attachment=SimpleUploadedFile("run.exe", b"MZ"))
    with pytest.raises(ValidationError, match="does not match"):
        services.post_message(interest, by=world.member, body="x",
                              attachment=SimpleUploadedFile("fake.pdf", b"MZ not a pdf"))
    settings.LIAISON_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="larger than"):
        services.post_message(interest, by=world.member, body="x",
                              attachment=SimpleUploadedFile("big.txt", b"x" * 11))
    with pytest.raises(ValidationError):
        services.post_message(interest, by=world.member, body="  ")
    assert interest.messages.count() == 2
    assert "message.new" in _kinds(world.member)


def test_unanswered_interest_gets_a_reminder_then_expires(
    world: Any, partner_owner: Any, vetting: Any, express: Any, settings: Any
) -> None:
    settings.LIAISON_INTEREST_REMINDER_DAYS = 3
    interest = express()
    now = timezone.now()
    assert services.process_open_interests(now=now) == {"expired": 0, "reminded": 0}
    later = now + dt.timedelta(days=4)
    assert services.process_open_interests(now=later) == {"expired": 0, "reminded": 1}
    assert services.process_open_interests(now=later) == {"expired": 0, "reminded": 0}
    assert _kinds(world.other_officer).count("interest.reminder") == 1  # vetting: the office
    OfficePolicy.objects.all().delete()
    services.approve_interest(interest, by=world.other_officer)
    assert services.process_open_interests(now=later + dt.timedelta(days=4))["reminded"] == 1
    assert "interest.reminder" in _kinds(partner_owner)
    assert services.process_open_interests(now=interest.expires_at + dt.timedelta(seconds=1))["expired"] == 1
    interest.refresh_from_db()
    assert interest.status == "expired"
    assert "interest.outcome" in _kinds(world.member)
    with pytest.raises(PermissionDenied):
        services.accept_interest(interest, by=partner_owner)


def test_audit_trail_records_who_vetted_accepted_and_saw_contacts(
    world: Any, partner_owner: Any, vetting: Any, express: Any, client_for: Any
) -> None:
    interest = express()
    services.approve_interest(interest, by=world.other_officer)
    services.accept_interest(interest, by=partner_owner)
    page = client_for(world.member).get(f"/introductions/{interest.pk}/")
    assert "noa@negev.example" in page.content.decode()
    client_for(world.member).get(f"/introductions/{interest.pk}/")  # seen twice: audited once
    trail = [(e.action, e.actor) for e in AuditEntry.objects.filter(interest=interest)]
    assert trail == [("expressed", world.member), ("approved", world.other_officer),
                     ("accepted", partner_owner), ("viewed_contacts", world.member)]
    assert world.hq.has_perm("introductions.view_audit", interest)
    assert world.officer.has_perm("introductions.view_audit", interest)
    assert not world.member.has_perm("introductions.view_audit", interest)
    hq_page = client_for(world.hq).get(f"/introductions/{interest.pk}/").content.decode()
    assert 'id="audit"' in hq_page
