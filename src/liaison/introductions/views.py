"""Pages of introductions: express interest, the requests list, one request (vet, answer,
notes, audit), the conversation thread and its attachments. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.models import User
from liaison.accounts.requests import SignedInRequest
from liaison.common.validation import apply_errors
from liaison.directory.models import Organization, Person
from liaison.introductions import access, selectors, services
from liaison.introductions.forms import (
    InterestForm,
    MessageForm,
    NoteForm,
    ReasonForm,
    VetReasonForm,
)
from liaison.introductions.models import Answer, VetDecision
from liaison.opportunities.access import opportunity_for


def _organizations_of(user: User) -> list[Organization]:
    return list(
        Organization.objects.filter(memberships__user=user)
        .prefetch_related("translations").order_by("name")
    )


@login_required
def interest_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    qs = selectors.with_related(selectors.visible_interests(user)).order_by("-created_at", "-pk")
    box = request.GET.get("box", "")
    orgs = {o.pk for o in _organizations_of(user)}
    if box == "sent":
        qs = qs.filter(from_organization_id__in=orgs)
    elif box == "received":
        qs = qs.filter(to_organization_id__in=orgs)
    elif box == "todo":
        qs = qs.filter(pk__in=selectors.pending_actions(user).values("pk"))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    unread = selectors.unread_threads(user)
    for interest in page:
        interest.unread = unread.get(interest.pk, 0)  # type: ignore[attr-defined]
    return render(request, "introductions/list.html", {
        "page": page, "box": box, "orgs": orgs, "querystring": f"box={box}" if box else "",
        "todo_count": selectors.pending_actions(user).count(),
    })


@login_required
def express(request: SignedInRequest, opportunity_pk: int) -> HttpResponse:
    user = request.user
    opportunity = opportunity_for(user, opportunity_pk)
    if not user.has_perm("introductions.express_interest"):
        raise PermissionDenied
    organizations = [o for o in _organizations_of(user) if o.pk != opportunity.organization_id]
    if not organizations:
        raise PermissionDenied
    form = InterestForm(request.POST or None, organizations=organizations)
    if request.method == "POST":
        try:
            data = form.parsed(services.validate_interest)
            interest = services.express_interest(
                opportunity=opportunity, organization=data["organization"], by=user,
                message=data["message"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            flash.success(request, _("Your interest is sent. You will be notified of the answer."))
            return redirect("introductions:detail", pk=interest.pk)
    return render(request, "introductions/express.html", {"form": form, "opportunity": opportunity})


def _contacts(organization: Organization) -> list[Person]:
    return list(organization.people.all())


def _reader_name(user: User, interest: Any, organization: Organization) -> str:
    """How the officer may call the organization that will read their text: its name when
    they may see it, else "the interested organization" (anonymity holds for officers too)."""
    if user.has_perm("introductions.view_identity", interest) or user.has_perm(
            "directory.view_organization", organization):
        return organization.display_name
    return str(_("the interested organization"))


def _note_reader(user: User, interest: Any) -> str:
    """The firm that reads an officer's note: the one of their own office's side."""
    if user.office_id is None:
        return ""
    own = (interest.from_organization if user.office_id == interest.from_organization.office_id
           else interest.to_organization)
    return _reader_name(user, interest, own)


@login_required
def detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    interest = access.interest_for(user, pk)
    orgs = {o.pk for o in _organizations_of(user)}
    side = "from" if interest.from_organization_id in orgs else (
        "to" if interest.to_organization_id in orgs else "")
    identity = user.has_perm("introductions.view_identity", interest)
    can_thread = user.has_perm("introductions.view_thread", interest)
    context: dict[str, Any] = {
        "interest": interest,
        "side": side,
        "show_identity": identity,
        "can_vet": user.has_perm("introductions.vet_interest", interest),
        "can_answer": user.has_perm("introductions.answer_interest", interest),
        "can_note": user.has_perm("introductions.add_note", interest),
        "can_thread": can_thread,
        "can_post": user.has_perm("introductions.post_message", interest),
        # The parties of an accepted introduction (and its brokering office) record what came of it.
        "can_report_outcome": user.has_perm("reports.report_outcome", interest),
        "notes": selectors.notes_for(user, interest),
        "audit": interest.audit.select_related("actor", "on_behalf_of")
        if user.has_perm("introductions.view_audit", interest) else None,
        "reason_form": ReasonForm(),
        "note_form": NoteForm(reader=_note_reader(user, interest)),
        # What the office writes when it vets: the interested organization reads a refusal.
        "vet_form": VetReasonForm(reader=_reader_name(user, interest, interest.from_organization)),
        "message_form": MessageForm(),
    }
    if identity and interest.is_accepted:
        context["from_contacts"] = _contacts(interest.from_organization)
        context["to_contacts"] = _contacts(interest.to_organization)
        services.record_contacts_seen(interest, by=user)
    if can_thread:
        context["thread"] = selectors.thread(interest)
        services.mark_thread_read(interest, user=user)
    return render(request, "introductions/detail.html", context)


@login_required
@require_POST
def vet(request: SignedInRequest, pk: int) -> HttpResponse:
    interest = access.interest_for(request.user, pk, "introductions.vet_interest")
    try:
        services.vet_interest(interest, by=request.user, decision=request.POST.get("action", ""),
                              reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            flash.error(request, message)
    else:
        flash.success(request, _("The interest is forwarded to the organization.")
                      if request.POST["action"] == VetDecision.APPROVE
                      else _("The interest is declined with your reason."))
    return redirect("introductions:detail", pk=pk)


@login_required
@require_POST
def answer(request: SignedInRequest, pk: int) -> HttpResponse:
    interest = access.interest_for(request.user, pk, "introductions.answer_interest")
    try:
        services.answer_interest(interest, by=request.user, decision=request.POST.get("action", ""),
                                 reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            flash.error(request, message)
    else:
        flash.success(request, _("Introduction accepted: both sides now see each other's contacts.")
                      if request.POST["action"] == Answer.ACCEPT else _("The interest is declined."))
    return redirect("introductions:detail", pk=pk)


@login_required
@require_POST
def add_note(request: SignedInRequest, pk: int) -> HttpResponse:
    interest = access.interest_for(request.user, pk, "introductions.add_note")
    try:
        services.add_note(interest, by=request.user, text=request.POST.get("text", ""))
    except ValidationError as error:
        for message in error.messages:
            flash.error(request, message)
    else:
        flash.success(request, _("The note is saved."))
    return redirect("introductions:detail", pk=pk)


@login_required
@require_POST
def post_message(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    interest = access.interest_for(user, pk, "introductions.post_message")
    form = MessageForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        try:
            services.post_message(
                interest, by=user, body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
            )
        except ValidationError as error:
            apply_errors(form, error)
            status = 422
        else:
            form = MessageForm()
    else:
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "introductions/_thread.html", {
            "interest": interest, "thread": selectors.thread(interest), "message_form": form,
            "can_post": True,
        }, status=status)
    if status != 200:
        for errors in form.errors.values():
            for message in errors:
                flash.error(request, str(message))
    return redirect("introductions:detail", pk=pk)


@login_required
def attachment(request: SignedInRequest, pk: int, message_pk: int) -> FileResponse:
    interest = access.interest_for(request.user, pk, "introductions.view_thread")
    message = interest.messages.filter(pk=message_pk).exclude(attachment="").first()
    if message is None:
        raise Http404
    return FileResponse(message.attachment.open("rb"), as_attachment=True,
                        filename=message.attachment_name or "attachment")



@login_required
def suggestions(request: SignedInRequest) -> HttpResponse:
    """Introductions suggested by offices: what the officer suggested and what became of it
    (an introduction, its outcomes), and what the firms are asked to answer."""
    user = request.user
    qs = selectors.suggestions_with_related(selectors.visible_suggestions(user))
    orgs = {o.pk for o in _organizations_of(user)}
    page = Paginator(qs.order_by("-created_at", "-pk"), 20).get_page(request.GET.get("page"))
    for s in page:
        # Each side is named to HQ, its own members and its own office; to everyone once both
        # firms said yes (another office's broker does not unmask an anonymous opportunity).
        s.from_known = selectors.knows_party(user, s, s.from_organization, orgs)  # type: ignore[attr-defined]
        s.to_known = selectors.knows_party(user, s, s.to_organization, orgs)  # type: ignore[attr-defined]
        s.can_answer = user.has_perm("introductions.answer_suggestion", s)  # type: ignore[attr-defined]
        s.own_side = ("from" if s.from_organization_id in orgs else  # type: ignore[attr-defined]
                      "to" if s.to_organization_id in orgs else "")
    return render(request, "introductions/suggestions.html", {"page": page})


@login_required
@require_POST
def answer_suggestion(request: SignedInRequest, pk: int) -> HttpResponse:
    suggestion = access.suggestion_for(request.user, pk, "introductions.answer_suggestion")
    try:
        services.answer_suggestion(suggestion, by=request.user, decision=request.POST.get("action", ""))
    except ValidationError as exc:
        for text in exc.messages:
            flash.error(request, text)
    else:
        flash.success(request, _("Thank you: your answer was recorded."))
    return redirect("introductions:suggestions")
