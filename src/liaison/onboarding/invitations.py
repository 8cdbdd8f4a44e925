"""Invitations and sign-up requests: how people of an imported firm get a login.

An officer (for the firms of their office) or a firm's owner (for colleagues) invites a person
by e-mail — one, or the firm's imported contacts in bulk. The e-mail carries a link that is
signed (Django's signing with its own salt), expires (LIAISON_INVITATION_DAYS) and works once:
it names the invitation and a random secret whose hash only is stored. Opening it, the person
sets their own password and accepts the terms; no password ever travels in an e-mail.
Re-sending makes a new link (the old one stops working); revoking stops it.

Someone whose firm is not listed, or who works for a listed firm, asks to join: the request
goes to the office's queue; an officer approves it (a new, unvetted organization is created
when needed, and an invitation is sent) or declines it.

Mail goes through `notifications.outbox.send_to_address` (stored, sent by the worker after the
commit, retried), in the language of the invitation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import Membership, User
from liaison.common.errors import PermissionDenied, ValidationError, require
from liaison.common.validation import FieldErrors
from liaison.directory.models import Ecosystem, Office, Organization, Person
from liaison.notifications.outbox import send_to_address
from liaison.onboarding.models import Invitation, SignupRequest

SALT = "liaison.onboarding.invitation"
UI_LANGUAGES = {"zh": "zh-hans", "he": "he", "en": "en"}


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def link_for(invitation: Invitation, secret: str) -> str:
    token = signing.dumps([invitation.pk, secret], salt=SALT, compress=True)
    return settings.SITE_URL.rstrip("/") + reverse("onboarding:accept", args=[token])


def _language_of(person: Person | None, by: User | None) -> str:
    for code in (person.languages if person else []) or []:
        if code in UI_LANGUAGES:
            return UI_LANGUAGES[code]
    return translation.get_language() or (by.preferred_language if by else "en")


def _send(invitation: Invitation) -> None:
    """A new secret (the previous link stops working), a new expiry, the e-mail queued."""
    secret = secrets.token_urlsafe(24)
    invitation.secret_hash = _hash(secret)
    invitation.expires_at = timezone.now() + dt.timedelta(days=settings.LIAISON_INVITATION_DAYS)
    invitation.sent_at = timezone.now()
    invitation.sent_count += 1
    invitation.save()
    organization = invitation.organization
    inviter = str(invitation.invited_by) if invitation.invited_by else ""
    with translation.override(invitation.language):
        values = {"organization": organization.display_name, "inviter": inviter,
                  "link": link_for(invitation, secret),
                  "date": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d")}
        subject = _("Invitation to join %(organization)s on Liaison") % values
        body = "\n\n".join([
            _("Hello %(name)s,") % {"name": invitation.name} if invitation.name else _("Hello,"),
            _("%(inviter)s invites you to join %(organization)s on Liaison, the platform of the "
              "science park's liaison offices for cross-border partnering.") % values,
            _("Open this link to choose your password and accept the terms of use:") + "\n"
            + values["link"],
            _("The link works once, until %(date)s. Liaison never sends passwords by e-mail; if "
              "you did not expect this invitation, ignore it.") % values,
        ])
    send_to_address(invitation.email, subject, body, kind="onboarding.invitation")


def validate_invitation(data: Mapping[str, Any]) -> dict[str, Any]:
    """An invitation's fields: an e-mail address, a name of at most 200 characters, a role
    (owner or member). Raises ValidationError naming each bad field."""
    errors = FieldErrors()
    email = (data.get("email") or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", _("Enter a valid e-mail address."))
    name = (data.get("name") or "").strip()
    if len(name) > 200:
        errors.add("name", _("A name has at most 200 characters."))
    role = data.get("role") or Invitation.Role.MEMBER
    if role not in Invitation.Role.values:
        errors.add("role", _("Choose owner or member."))
    errors.raise_if_any()
    return {"email": email.lower(), "name": name, "role": role}


@transaction.atomic
def invite(organization: Organization, *, by: User, email: str, name: str = "",
           role: str = Invitation.Role.MEMBER, person: Person | None = None) -> Invitation:
    """Invite one person to join `organization`. An officer of its office invites owners and
    members; its owner invites members. A pending invitation to the same address is sent
    again instead. Side effects: the e-mail (after commit)."""
    require(by, "onboarding.invite", organization)
    data = validate_invitation({"email": email, "name": name, "role": role})
    if data["role"] == Invitation.Role.OWNER and not by.has_perm("onboarding.invite_owner",
                                                                   organization):
        raise ValidationError({"role": _("Only the liaison office invites owners.")})
    if Membership.objects.filter(organization=organization,
                                 user__email__iexact=data["email"]).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    pending = list(Invitation.objects.filter(organization=organization,
                                             email__iexact=data["email"],
                                             accepted_at__isnull=True, revoked_at__isnull=True))
    if pending:
        invitation = pending[0]
    else:
        invitation = Invitation(organization=organization, person=person, email=data["email"],
                                name=data["name"] or (person.name if person else ""),
                                role=data["role"], invited_by=by,
                                language=_language_of(person, by), expires_at=timezone.now())
    _send(invitation)
    return invitation


def invite_contacts(organization: Organization, *, by: User, people: Iterable[Person],
                    role: str = Invitation.Role.MEMBER) -> tuple[list[Invitation], list[Person]]:
    """Invite the organization's contacts in bulk; returns (invited, skipped): a contact
    without an e-mail address or already a member is skipped."""
    invited, skipped = [], []
    for person in people:
        if person.organization_id != organization.pk:
            raise PermissionDenied("onboarding.invite")
        if not person.email:
            skipped.append(person)
            continue
        try:
            invited.append(invite(organization, by=by, email=person.email, name=person.name,
                                  role=role, person=person))
        except ValidationError:
            skipped.append(person)
    return invited, skipped


@transaction.atomic
def resend(invitation: Invitation, *, by: User) -> Invitation:
    """A new link by e-mail (the old one stops working), valid again for the full period."""
    require(by, "onboarding.manage_invitation", invitation)
    if invitation.state in ("joined", "revoked"):
        raise ValidationError(_("This invitation cannot be sent again."))
    _send(invitation)
    return invitation


@transaction.atomic
def revoke(invitation: Invitation, *, by: User) -> Invitation:
    require(by, "onboarding.manage_invitation", invitation)
    if invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def from_link(token: str) -> Invitation:
    """The invitation a link names, if the link is genuine, unused, not revoked and not
    expired; otherwise ValidationError saying which."""
    try:
        pk, secret = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(_("This invitation link is not valid.")) from None
    invitation = (Invitation.objects.select_related("organization").filter(pk=pk).first()
                  if isinstance(pk, int) else None)
    if invitation is None or not secrets.compare_digest(invitation.secret_hash,
                                                        _hash(str(secret))):
        raise ValidationError(_("This invitation link is not valid (a newer one may have been "
                                "sent)."))
    if invitation.accepted_at:
        raise ValidationError(_("This invitation was used already: sign in instead."))
    if invitation.revoked_at:
        raise ValidationError(_("This invitation was withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired: ask for a new one."))
    return invitation


@transaction.atomic
def accept(token: str, *, password: str, password_again: str, accept_terms: bool,
           user: User | None = None) -> User:
    """The invited person sets their password (or, already signed in as the invited address,
    just joins) and accepts the terms: a login, a membership with the invited role, and the
    invitation used up."""
    invitation = from_link(token)
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    errors = FieldErrors()
    if not accept_terms:
        errors.add("accept_terms", _("Accept the terms of use to join."))
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None and (user is None or user.pk != existing.pk):
        raise ValidationError(_("You have a login already: sign in with it, then open the "
                                "link again."))
    if existing is None:
        candidate = User(username=invitation.email[:150], email=invitation.email,
                         display_name=invitation.name[:150],
                         preferred_language=invitation.language)
        if password != password_again:
            errors.add("password_again", _("The two passwords differ."))
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            for message in error.messages:
                errors.add("password", message)
        if User.objects.filter(username__iexact=candidate.username).exists():
            errors.add("password", _("A login with this name exists already."))
        errors.raise_if_any()
        candidate.set_password(password)
        candidate.save()
        existing = candidate
    else:
        errors.raise_if_any()
    Membership.objects.get_or_create(user=existing, organization=invitation.organization,
                                     defaults={"role": invitation.role})
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_user=existing)
    if not updated:  # used at the same moment in another tab
        raise ValidationError(_("This invitation was used already: sign in instead."))
    return existing


# ------------------------------------------------------------------ sign-up requests
def validate_signup(data: Mapping[str, Any]) -> dict[str, Any]:
    """A sign-up request: a name and an e-mail address; the organization's name and ecosystem
    (a listed one is recognized by its website or name); a message of at most 2,000
    characters."""
    errors = FieldErrors()
    name = (data.get("name") or "").strip()
    if not name or len(name) > 200:
        errors.add("name", _("Give your name (at most 200 characters)."))
    email = (data.get("email") or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", _("Enter a valid e-mail address."))
    organization = data.get("organization")
    organization_name = (data.get("organization_name") or "").strip()
    ecosystem = data.get("ecosystem")
    if organization is None:
        if not organization_name or len(organization_name) > 200:
            errors.add("organization_name", _("Give your organization's name."))
        if ecosystem is None:
            errors.add("ecosystem", _("Choose where your organization is."))
    message = (data.get("message") or "").strip()
    if len(message) > 2000:
        errors.add("message", _("Keep the message under 2,000 characters."))
    website = (data.get("website") or "").strip()
    if website and not website.startswith(("http://", "https://")):
        website = f"https://{website}"
    errors.raise_if_any()
    return {"name": name, "email": email, "organization": organization,
            "organization_name": organization_name, "ecosystem": ecosystem, "message": message,
            "website": website[:200]}


def _listed(cleaned: Mapping[str, Any]) -> Organization | None:
    """The listed organization a request names by its website's domain or its exact name in
    its ecosystem (what the office would look for); the requester is not told."""
    from liaison.onboarding.importers import domain_of

    domain = domain_of(cleaned.get("website") or "")
    if domain:
        for pk, website in Organization.objects.filter(website__icontains=domain).values_list(
                "pk", "website")[:50]:
            if domain_of(website) == domain:
                return Organization.objects.select_related("office").get(pk=pk)
    if cleaned.get("ecosystem") is not None and cleaned.get("organization_name"):
        return (Organization.objects.select_related("office")
                .filter(ecosystem=cleaned["ecosystem"], name__iexact=cleaned["organization_name"])
                .order_by("pk").first())
    return None


@transaction.atomic
def request_signup(data: Mapping[str, Any]) -> SignupRequest:
    """Anyone asks to join; the request waits in the queue of the office responsible for the
    organization (or for the ecosystem of a new one). Side effect: the office's officers are
    notified."""
    from liaison.directory.services import responsible_office
    from liaison.notifications.services import notify

    cleaned = validate_signup(data)
    organization: Organization | None = cleaned["organization"] or _listed(cleaned)
    cleaned["organization"] = organization
    office: Office | None = (organization.office if organization is not None
                             else responsible_office(cleaned["ecosystem"]))
    if office is None:
        raise ValidationError({"ecosystem": _("No liaison office serves this ecosystem yet.")})
    pending = SignupRequest.objects.filter(email=cleaned["email"],
                                           status=SignupRequest.Status.PENDING).count()
    if pending >= 3:
        raise ValidationError({"email": _("Your earlier requests still wait for the office.")})
    request = SignupRequest.objects.create(office=office,
                                           language=translation.get_language() or "en", **cleaned)
    notify(User.objects.filter(office=office, is_active=True), kind="onboarding.signup",
           title=gettext_lazy("A sign-up request waits for your office"),
           url=reverse("onboarding:signups"))
    return request


@transaction.atomic
def approve_signup(request: SignupRequest, *, by: User) -> Invitation:
    """The office approves: the organization is created when it was not listed (unvetted,
    from the request), and the person is invited — as its owner when it is new or has no
    members, else as a member."""
    require(by, "onboarding.vet_signup", request)
    if request.status != SignupRequest.Status.PENDING:
        raise ValidationError(_("This request was decided already."))
    organization = request.organization
    if organization is None:
        ecosystem: Ecosystem = request.ecosystem  # type: ignore[assignment]
        organization = Organization.objects.create(
            name=request.organization_name, ecosystem=ecosystem, office=request.office,
            website=request.website, source=_("Sign-up request"))
    role = (Invitation.Role.MEMBER if organization.memberships.exists()
            else Invitation.Role.OWNER)
    request.status, request.decided_by, request.decided_at = (
        SignupRequest.Status.APPROVED, by, timezone.now())
    request.organization = organization
    request.save()
    with translation.override(request.language):
        return invite(organization, by=by, email=request.email, name=request.name, role=role)


@transaction.atomic
def refuse_signup(request: SignupRequest, *, by: User) -> SignupRequest:
    require(by, "onboarding.vet_signup", request)
    if request.status != SignupRequest.Status.PENDING:
        raise ValidationError(_("This request was decided already."))
    request.status, request.decided_by, request.decided_at = (
        SignupRequest.Status.REFUSED, by, timezone.now())
    request.save()
    return request
