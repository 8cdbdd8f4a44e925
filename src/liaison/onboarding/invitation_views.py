"""Pages of invitations and sign-up requests. Thin: parse, call `invitations`, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liaison.accounts.models import Membership
from liaison.accounts.requests import SignedInRequest
from liaison.common.access import get_for
from liaison.common.validation import apply_errors
from liaison.directory.access import organization_for
from liaison.directory.models import Ecosystem
from liaison.onboarding import invitations
from liaison.onboarding.models import Invitation, SignupRequest


class InviteForm(forms.Form):
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Invitation.Role.choices,
                             initial=Invitation.Role.MEMBER)


class AcceptForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Choose a password"), widget=forms.PasswordInput,
                               required=False, max_length=200)
    password_again = forms.CharField(label=gettext_lazy("The password again"),
                                     widget=forms.PasswordInput, required=False, max_length=200)
    accept_terms = forms.BooleanField(label=gettext_lazy(
        "I accept the terms of use and have read the privacy notice"), required=False)


class SignupForm(forms.Form):
    # No list of organizations to choose from: the page is public, and the directory is not.
    # The office matches the name or website to a listed organization when it vets.
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254)
    organization_name = forms.CharField(label=gettext_lazy("Your organization's name"),
                                        max_length=200, required=False)
    website = forms.CharField(label=gettext_lazy("Website"), max_length=200, required=False,
                              help_text=gettext_lazy("If your organization is listed already, its "
                                                     "website lets the office find it."))
    ecosystem = forms.ModelChoiceField(label=gettext_lazy("Where it is"), required=False,
                                       queryset=Ecosystem.objects.filter(offices__isnull=False)
                                       .distinct())
    message = forms.CharField(label=gettext_lazy("Message to the liaison office"), required=False,
                              widget=forms.Textarea, max_length=2000)


@login_required
def organization_invitations(request: SignedInRequest, pk: int) -> HttpResponse:
    """Invite one person, or the organization's contacts in bulk; see who joined."""
    user = request.user
    organization = organization_for(user, pk, "onboarding.invite")
    form = InviteForm(request.POST or None if request.POST.get("form") == "one" else None)
    if request.method == "POST" and request.POST.get("form") == "one" and form.is_valid():
        try:
            invitations.invite(organization, by=user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect("onboarding:invitations", pk=pk)
    if request.method == "POST" and request.POST.get("form") == "bulk":
        ids = [i for i in request.POST.getlist("person") if i.isdigit()][:1000]
        people = list(organization.people.filter(pk__in=ids))
        sent, skipped = invitations.invite_contacts(organization, by=user, people=people)
        messages.success(request, _("%(sent)d invitations sent, %(skipped)d skipped (no e-mail "
                                    "address, or already a member).")
                         % {"sent": len(sent), "skipped": len(skipped)})
        return redirect("onboarding:invitations", pk=pk)
    member_emails = {e.lower() for e in Membership.objects.filter(organization=organization)
                     .values_list("user__email", flat=True)}
    contacts = [p for p in organization.people.all() if p.email
                and p.email.lower() not in member_emails]
    return render(request, "onboarding/invitations.html", {
        "organization": organization, "form": form, "contacts": contacts,
        "invitations": Invitation.objects.filter(organization=organization)
        .select_related("accepted_user", "invited_by")[:200],
        "members": Membership.objects.filter(organization=organization).select_related("user"),
        "can_invite_owner": user.has_perm("onboarding.invite_owner", organization),
    })


def _invitation_for(request: SignedInRequest, pk: int) -> Invitation:
    return get_for(request.user, Invitation.objects.select_related("organization"), pk,
                   view="onboarding.manage_invitation", perm="onboarding.manage_invitation")


@login_required
@require_POST
def invitation_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("resend", "revoke"):
        raise Http404
    invitation = _invitation_for(request, pk)
    try:
        if action == "resend":
            invitations.resend(invitation, by=request.user)
            messages.success(request, _("A new link is sent; the previous one no longer works."))
        else:
            invitations.revoke(invitation, by=request.user)
            messages.success(request, _("The invitation is withdrawn."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("onboarding:invitations", pk=invitation.organization_id)


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person's page: choose a password, accept the terms, and they are in."""
    try:
        invitation = invitations.from_link(token)
    except ValidationError as error:
        return render(request, "onboarding/accept.html", {"problem": error.messages[0]},
                      status=410)
    form = AcceptForm(request.POST or None)
    signed_in = request.user if request.user.is_authenticated else None
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept(token, user=signed_in, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, user, backend="liaison.accounts.backends.UserBackend")
            messages.success(request, _("Welcome to Liaison: you are now a member of %(name)s.")
                             % {"name": invitation.organization.display_name})
            return redirect("dashboard")
    return render(request, "onboarding/accept.html", {"invitation": invitation, "form": form})


def signup(request: HttpRequest) -> HttpResponse:
    """Anyone asks to join ("my firm is not listed" / "join my firm")."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.request_signup(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "onboarding/signup_sent.html")
    return render(request, "onboarding/signup.html", {"form": form})


@login_required
def signups(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("onboarding.view_signups"):
        raise PermissionDenied
    queue = SignupRequest.objects.filter(office_id=user.office_id or 0).select_related(
        "organization", "ecosystem")
    context: dict[str, Any] = {
        "pending": queue.filter(status=SignupRequest.Status.PENDING)[:200],
        "decided": queue.exclude(status=SignupRequest.Status.PENDING)[:50]}
    return render(request, "onboarding/signups.html", context)


@login_required
@require_POST
def signup_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    found = get_for(request.user, SignupRequest.objects.select_related("organization"), pk,
                    view="onboarding.vet_signup", perm="onboarding.vet_signup")
    try:
        if request.POST.get("action") == "approve":
            invitations.approve_signup(found, by=request.user)
            messages.success(request, _("Approved: the invitation is sent."))
        else:
            invitations.refuse_signup(found, by=request.user)
            messages.success(request, _("The request is declined."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("onboarding:signups")


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice: what Liaison keeps, why, for how long, and the firm's rights."""
    return render(request, "onboarding/privacy.html")


@login_required
def firm_data(request: SignedInRequest, pk: int) -> HttpResponse:
    """Download everything Liaison holds about the organization (XLSX)."""
    from liaison.onboarding import firmdata
    from liaison.onboarding.tabular import CONTENT_TYPES

    organization = organization_for(request.user, pk, "onboarding.firm_data")
    response = HttpResponse(firmdata.firm_workbook(organization, by=request.user),
                            content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="liaison-organization-{pk}.xlsx"'
    return response


@login_required
@require_POST
def firm_deletion(request: SignedInRequest, pk: int) -> HttpResponse:
    """The owner asks for deletion; an officer of the office carries it out."""
    from liaison.onboarding import firmdata

    user = request.user
    if request.POST.get("action") == "erase":
        organization = organization_for(user, pk, "onboarding.erase")
        try:
            firmdata.erase_organization(organization, by=user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The organization's personal data is deleted."))
    else:
        organization = organization_for(user, pk, "onboarding.ask_deletion")
        firmdata.ask_for_deletion(organization, by=user)
        messages.success(request, _("Your liaison office is asked to delete the organization's "
                                    "data."))
    return redirect("organization", pk=pk)
