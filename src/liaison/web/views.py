"""Pages. Each view parses the request, calls a selector or a service, renders a template."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.models import ApiToken, Membership
from liaison.accounts.requests import SignedInRequest
from liaison.common.bounds import parse_id
from liaison.common.paging import (
    RowsOf,
    cached_fragment,
    cached_page,
    csrf_placeholder,
    paginate,
)
from liaison.common.search import validate_query
from liaison.common.validation import apply_errors, messages_by_field
from liaison.directory import actfor
from liaison.directory import selectors as directory_selectors
from liaison.directory import services as directory_services
from liaison.directory.access import organization_for, with_related
from liaison.directory.forms import OrganizationForm, PersonForm
from liaison.directory.models import Ecosystem, Office, Organization, Person, Sector
from liaison.events.models import MeetingRequest
from liaison.introductions import selectors as introduction_selectors
from liaison.matchmaking.selectors import ordered_search
from liaison.opportunities import selectors as opportunity_selectors
from liaison.opportunities import services as opportunity_services
from liaison.opportunities.access import opportunity_for
from liaison.opportunities.disclosure import findings
from liaison.opportunities.forms import OpportunityForm
from liaison.opportunities.models import Opportunity, OpportunityType, Status

LIST_PARAMS = ("q", "ecosystem", "kind", "sector", "size", "type", "language", "status", "vetted")


def _params(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET[k].strip() for k in LIST_PARAMS if request.GET.get(k, "").strip()}


def _page(request: HttpRequest, qs: Any) -> Any:
    return paginate(request, qs)


def _search_error(params: dict[str, str]) -> str:
    """The search field's error (the search refused the text), after which the list is shown
    without it; "" when the text is fine."""
    try:
        validate_query(params.get("q"))
    except ValidationError as error:
        params.pop("q")
        return " ".join(messages_by_field(error).get("q", error.messages))
    return ""


def _querystring(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def home(request: HttpRequest) -> HttpResponse:
    public = Opportunity.objects.public()
    latest = public.select_related("organization__ecosystem").prefetch_related("translations")[:6]
    return render(
        request,
        "web/home.html",
        {
            "published_count": public.count(),
            "ecosystem_count": directory_selectors.ecosystems_with_organizations().count(),
            "latest": latest,
        },
    )


@login_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {}
    memberships = list(
        Membership.objects.filter(user=user).select_related("organization__ecosystem")
        .prefetch_related("organization__translations")
    )
    context["memberships"] = memberships
    if memberships:
        context["my_opportunities"] = (
            Opportunity.objects.filter(organization__in=[m.organization for m in memberships])
            .select_related("organization")
            .prefetch_related("translations")
            .order_by("-updated_at")[:50]
        )
    if user.office_id:
        context["office"] = user.office
        context["queue"] = opportunity_selectors.validation_queue(user).select_related(
            "organization"
        ).prefetch_related("translations", "organization__translations")[:20]
        context["queue_count"] = opportunity_selectors.validation_queue(user).count()
        unvetted = Organization.objects.filter(office_id=user.office_id, vetted_at__isnull=True)
        context["unvetted_count"] = unvetted.count()
        context["unvetted"] = unvetted.order_by("-created_at")[:10]
        offline = introduction_selectors.waiting_on_offline_firms(user.office_id)
        context["offline_count"] = offline.count()
        context["offline_waiting"] = introduction_selectors.with_related(offline).order_by(
            "expires_at", "pk")[:20]
        # Meeting requests waiting on the office's firms without logins (the events app
        # lets the office answer them for the firm: liaison.directory.actfor).
        requests = MeetingRequest.objects.filter(
            status=MeetingRequest.Status.PENDING,
            recipient__organization__in=actfor.offline_organizations(user.office_id))
        context["offline_requests_count"] = requests.count()
        context["offline_requests"] = requests.select_related(
            "event", "recipient__organization", "requester__organization").prefetch_related(
            "recipient__organization__translations", "requester__organization__translations",
        ).order_by("pk")[:20]
    if user.is_hq:
        context["offices"] = Office.objects.annotate(
            organization_count=Count("organizations", distinct=True),
        ).select_related("ecosystem")
        by_status = dict(
            Opportunity.objects.order_by().values_list("status").annotate(n=Count("pk"))
        )
        context["status_counts"] = [(label, by_status.get(value, 0)) for value, label in Status.choices]
    return render(request, "web/dashboard.html", context)


@login_required
def directory(request: SignedInRequest) -> HttpResponse:
    params = _params(request)
    search_error = _search_error(params)
    filters = {k: v for k, v in params.items() if k != "q"}
    context: dict[str, Any] = {
        "params": params,
        "search_error": search_error,
        "querystring": _querystring(params),
        "kinds": Organization.Kind.choices,
        "sizes": Organization.Size.choices,
    }
    visibility = directory_selectors.visibility_key(request.user)

    def reference() -> dict[str, Any]:
        """The ecosystems and sectors (filters and facets): read only when rendering."""
        if "ecosystems" not in context:
            context.update(ecosystems=list(Ecosystem.objects.all()), sectors=list(Sector.objects.all()))
        return context

    def results() -> str:
        qs = ordered_search(request.user, directory_selectors.search_directory(request.user, filters),
                            params.get("q"), scope="organizations", order=("name", "pk"))
        page = _page(
            request,
            qs.select_related("ecosystem", "vetted_by").prefetch_related("translations", "sectors"),
        )
        facets = directory_selectors.facet_counts(qs, total=page.paginator.count)
        return render_to_string("web/_directory_results.html",
                                {**reference(), "page": page, "facets": facets}, request)

    def cached_results() -> str:
        return cached_fragment(request, "directory", results, models=(Organization,), scope=visibility)

    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse(cached_results())

    # The whole page (filters and results), once per change (the lists of ecosystems and
    # sectors read only then), for what the viewer may see and do (`cached_page`).
    def content() -> dict[str, Any]:
        # The results through their own cache (the htmx answer's): they hold no form, so no
        # viewer's token.
        return {"content": mark_safe(render_to_string(  # noqa: S308 (our own rendered template)
            "web/_directory_content.html", {**reference(), "results": cached_results()}, request))}

    return cached_page(request, "web/directory.html", content, name="directory", models=(Organization,),
                       scope=(visibility, request.user.has_perm("directory.add_organization")))


# What the organization page lets its viewer do, by the name its templates read.
ORGANIZATION_PAGE_PERMS = (
    ("can_see_contacts", "directory.view_contacts"),
    ("can_edit", "directory.change_organization"),
    ("may_vet", "directory.vet_organization"),
    ("can_add_opportunity", "opportunities.add_opportunity"),
    ("can_change_contacts", "directory.change_contacts"),
    ("can_view_matches", "matchmaking.view_matches"),
    ("can_change_acting", "directory.change_acting"),
    ("can_invite", "onboarding.invite"),
    ("can_firm_data", "onboarding.firm_data"),
    ("can_ask_deletion", "onboarding.ask_deletion"),
    ("can_erase", "onboarding.erase"),
)
_page_permissions: dict[tuple[Any, ...], dict[str, bool]] = {}


def _organization_permissions(user: Any, organization: Organization) -> dict[str, bool]:
    """`ORGANIZATION_PAGE_PERMS` for `user` on `organization`, asked of the rules once per
    combination of what those rules read (eleven checks cost a good part of the page): the
    user's activity, superuser and HQ flags, office and role in this organization; the
    organization's office, vetting and "only we answer" (with, only where it matters, whether
    it has members)."""
    from liaison.accounts.predicates import _membership_roles
    from liaison.directory.actfor import has_members

    members = (organization.only_members_answer and bool(user.office_id)
               and user.office_id == organization.office_id and has_members(organization))
    facts = (user.is_active, user.is_superuser, user.is_hq, user.office_id,
             _membership_roles(user).get(organization.pk), organization.office_id,
             organization.vetted_at is not None, organization.only_members_answer, members)
    found = _page_permissions.get(facts)
    if found is None:
        if len(_page_permissions) > 10_000:
            _page_permissions.clear()
        found = _page_permissions[facts] = {
            name: user.has_perm(perm, organization) for name, perm in ORGANIZATION_PAGE_PERMS}
    return found


@login_required
def organization_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    organization = organization_for(request.user, pk, related=False)
    user = request.user
    allowed = _organization_permissions(user, organization)
    can_see_contacts = allowed["can_see_contacts"]
    shows_opportunities = allowed["can_add_opportunity"] or user.is_hq
    flags = {
        **{name: value for name, value in allowed.items() if name not in ("can_see_contacts", "may_vet")},
        "can_vet": allowed["may_vet"] and not organization.is_vetted,
        "can_export_contacts": user.is_hq or allowed["may_vet"],
    }

    def context() -> dict[str, Any]:
        with_related(organization)
        # Rendered with the CSRF placeholder: `cached_page` puts each viewer's token in.
        fragment = {"organization": organization, **flags, "csrf_token": csrf_placeholder()}
        opportunities = (organization.opportunities.prefetch_related("translations").order_by("-updated_at")
                         if shows_opportunities else [])
        return {
            **fragment,
            "title": organization.display_name,
            "profile": mark_safe(render_to_string("web/_organization_profile.html", fragment, request)),  # noqa: S308
            "people": mark_safe(render_to_string(  # noqa: S308 (our own rendered template)
                "web/_organization_people.html", {**fragment, "people": organization.people.all()}, request))
            if can_see_contacts else "",
            "more": mark_safe(render_to_string(  # noqa: S308 (our own rendered template)
                "web/_organization_more.html", {**fragment, "opportunities": opportunities}, request)),
        }

    # The page (profile, contact people, opportunities) is the same for every viewer allowed
    # the same things, until the organization, one of its people or one of its opportunities
    # changes: rendered once per change, per those permissions (`cached_page`).
    return cached_page(
        request, "web/organization_detail.html", context, name="organization",
        scope=(pk, organization.updated_at, tuple(flags.items()), can_see_contacts, shows_opportunities),
        rows=(RowsOf(Person, "organization_id", pk), RowsOf(Opportunity, "organization_id", pk)))


@login_required
def organization_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    organization = organization_for(request.user, pk, "directory.change_organization")
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST":
        try:
            directory_services.update_organization(organization, by=request.user, data=form.parsed(
                lambda data: directory_services.validate_organization(data, organization=organization)))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("organization", pk=organization.pk)
    return render(request, "web/organization_form.html", {"form": form, "organization": organization})


@login_required
def organization_create(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("directory.add_organization"):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None)
    ecosystems = Ecosystem.objects.filter(offices__isnull=False).distinct()
    ecosystem_code = request.POST.get("ecosystem") or (user.office.ecosystem.code if user.office is not None else "")
    if request.method == "POST":
        ecosystem = ecosystems.filter(code=ecosystem_code).first()
        try:
            if ecosystem is None:
                raise ValidationError(_("Choose the organization's ecosystem."))
            organization = directory_services.create_organization(
                by=user, ecosystem=ecosystem,
                data=form.parsed(directory_services.validate_organization),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The organization is in the directory."))
            return redirect("organization", pk=organization.pk)
    return render(
        request,
        "web/organization_form.html",
        {"form": form, "ecosystems": ecosystems, "ecosystem_code": ecosystem_code},
    )


@login_required
@require_POST
def organization_vet(request: SignedInRequest, pk: int) -> HttpResponse:
    organization = organization_for(request.user, pk, "directory.vet_organization")
    directory_services.vet_organization(organization, by=request.user)
    messages.success(request, _("The organization is vetted."))
    return redirect("organization", pk=pk)


@login_required
def person_add(request: SignedInRequest, pk: int, person_pk: int | None = None) -> HttpResponse:
    """Add a contact person, or (with `person_pk`) change one."""
    organization = organization_for(request.user, pk, "directory.change_contacts")
    person = None
    if person_pk is not None:
        person = organization.people.filter(pk=person_pk).first()
        if person is None:
            raise Http404
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            directory_services.save_person(organization, by=request.user, person=person,
                                           data=dict(form.cleaned_data))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The contact person is saved."))
            return redirect("organization", pk=pk)
    return render(request, "web/person_form.html",
                  {"form": form, "organization": organization, "person": person})


@login_required
@require_POST
def person_remove(request: SignedInRequest, pk: int, person_pk: int) -> HttpResponse:
    organization = organization_for(request.user, pk, "directory.change_contacts")
    person = organization.people.filter(pk=person_pk).first()
    if person is None:
        raise Http404
    directory_services.remove_person(person, by=request.user)
    messages.success(request, _("The contact person is removed: their details are deleted."))
    return redirect("organization", pk=pk)


@login_required
@require_POST
def organization_acting(request: SignedInRequest, pk: int) -> HttpResponse:
    """The owner switches "only we answer" on or off."""
    organization = organization_for(request.user, pk, "directory.change_acting")
    value = request.POST.get("only_members_answer") == "on"
    directory_services.set_only_members_answer(organization, by=request.user, value=value)
    messages.success(request, _("Only your organization's members answer now.") if value
                     else _("Your liaison office may answer on your organization's behalf."))
    return redirect("organization", pk=pk)


def marketplace(request: HttpRequest) -> HttpResponse:
    params = _params(request)
    params.pop("status", None)
    search_error = _search_error(params)
    filters = {k: v for k, v in params.items() if k != "q"}
    context: dict[str, Any] = {
        "params": params,
        "search_error": search_error,
        "querystring": _querystring(params),
    }

    def page() -> Any:
        qs = ordered_search(request.user, opportunity_selectors.filter_opportunities(
            Opportunity.objects.public(), filters, user=request.user), params.get("q"),
            scope="opportunities", order=("-published_at", "-pk"))
        return _page(
            request,
            qs.select_related("organization__ecosystem").prefetch_related("translations", "sectors"),
        )

    # The public list is the same for every viewer: rendered once per change (cached_fragment).
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse(cached_fragment(request, "marketplace", lambda: render_to_string(
            "web/_marketplace_results.html", {**context, "page": page()}, request),
            models=(Opportunity,)))

    def content() -> str:
        return render_to_string("web/_marketplace_content.html", {
            **context,
            "page": page(),
            "types": OpportunityType.choices,
            "sectors": Sector.objects.all(),
            "ecosystems": directory_selectors.ecosystems_with_organizations(),
            "languages": [("en", _("English")), ("zh", _("Chinese")), ("he", _("Hebrew"))],
        }, request)

    return render(request, "web/marketplace.html", {
        "content": cached_fragment(request, "marketplace-page", content,
                                   models=(Opportunity, Organization)),
    })


def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for(request.user, pk)
    user = request.user
    return render(
        request,
        "web/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "show_identity": user.has_perm("opportunities.view_identity", opportunity),
            "can_edit": user.has_perm("opportunities.change_opportunity", opportunity),
            "can_submit": user.has_perm("opportunities.submit_opportunity", opportunity),
            "can_validate": user.has_perm("opportunities.validate_opportunity", opportunity),
            "can_close": user.has_perm("opportunities.close_opportunity", opportunity)
            and opportunity.status != Status.CLOSED,
            "history": opportunity.history.select_related("actor")
            if user.has_perm("opportunities.view_history", opportunity)
            else [],
            "can_express_interest": opportunity.is_public
            and user.has_perm("introductions.express_interest")
            and not user.has_perm("opportunities.add_opportunity", opportunity.organization),
            "can_view_matches": user.has_perm("matchmaking.view_matches", opportunity),
            # The firm's own people see what in its text may tell who it is (#13 item 11).
            "own_firm": opportunity.status != Status.CLOSED
            and user.has_perm("opportunities.add_opportunity", opportunity.organization),
        },
    )


@login_required
def opportunity_create(request: SignedInRequest) -> HttpResponse:
    user = request.user
    candidates = [
        m.organization
        for m in Membership.objects.filter(user=user)
        .select_related("organization").prefetch_related("organization__translations")
    ]
    org_id = parse_id(request.GET.get("organization") or request.POST.get("organization"))
    organization = None
    if org_id is not None:
        organization = organization_for(user, org_id, "opportunities.add_opportunity")
    elif len(candidates) == 1:
        organization = candidates[0]
    if organization is None:
        if not candidates:
            raise PermissionDenied
        return render(request, "web/choose_organization.html", {"organizations": candidates})
    if not user.has_perm("opportunities.add_opportunity", organization):
        raise PermissionDenied
    form = OpportunityForm(request.POST or None, initial={"language": organization.language})
    if request.method == "POST":
        try:
            opportunity = opportunity_services.create_opportunity(
                organization=organization, by=user,
                data=form.parsed(opportunity_services.validate_opportunity),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if "submit" in request.POST:
                opportunity_services.submit_opportunity(opportunity, by=user)
                messages.success(request, _("The opportunity is submitted for validation."))
            else:
                messages.success(request, _("The draft is saved."))
            return redirect("opportunity", pk=opportunity.pk)
    return render(
        request, "web/opportunity_form.html", {"form": form, "organization": organization}
    )


@login_required
def opportunity_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for(request.user, pk, "opportunities.change_opportunity")
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST":
        try:
            opportunity_services.update_opportunity(opportunity, by=request.user, data=form.parsed(
                lambda data: opportunity_services.validate_opportunity(data, opportunity=opportunity)))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if "submit" in request.POST and request.user.has_perm(
                "opportunities.submit_opportunity", opportunity
            ):
                opportunity_services.submit_opportunity(opportunity, by=request.user)
                messages.success(request, _("The opportunity is submitted for validation."))
            else:
                messages.success(request, _("The opportunity is saved."))
            return redirect("opportunity", pk=pk)
    return render(
        request,
        "web/opportunity_form.html",
        {"form": form, "organization": opportunity.organization, "opportunity": opportunity},
    )


@login_required
@require_POST
def opportunity_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for(request.user, pk, "opportunities.submit_opportunity")
    try:
        opportunity_services.submit_opportunity(opportunity, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The opportunity is submitted for validation."))
        if findings(opportunity):
            messages.warning(request, _(
                "Your text may tell who you are: see the highlighted parts below before your "
                "office publishes it."))
    return redirect("opportunity", pk=pk)


@login_required
@require_POST
def opportunity_close(request: SignedInRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for(request.user, pk, "opportunities.close_opportunity")
    opportunity_services.close_opportunity(opportunity, by=request.user)
    messages.success(request, _("The opportunity is closed."))
    return redirect("opportunity", pk=pk)


@login_required
def validation_queue(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("opportunities.view_validation_queue"):
        raise PermissionDenied

    def content() -> str:
        queue = (
            opportunity_selectors.validation_queue(user)
            .select_related("organization__ecosystem")
            .prefetch_related("translations", "sectors", "organization__translations")
        )
        return render_to_string("web/_validation_queue.html", {
            "page": _page(request, queue), "csrf_token": csrf_placeholder()})

    # The same for every officer of the office: the whole page rendered once per change
    # (`cached_page`).
    return cached_page(request, "web/validation_queue.html",
                       lambda: {"content": mark_safe(content())},  # noqa: S308 (our own rendered template)
                       name="validation-queue", models=(Opportunity, Organization), scope=user.office_id)


@login_required
@require_POST
def opportunity_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for(request.user, pk, "opportunities.validate_opportunity")
    opportunity_services.publish_opportunity(opportunity, by=request.user)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "web/_queue_done.html", {"opportunity": opportunity})
    messages.success(request, _("The opportunity is published."))
    return redirect("validation_queue")


@login_required
@require_POST
def opportunity_reject(request: SignedInRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for(request.user, pk, "opportunities.validate_opportunity")
    try:
        opportunity_services.reject_opportunity(
            opportunity, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError:
        error = _("Say why the opportunity is rejected.")
        if request.htmx:  # type: ignore[attr-defined]
            return render(
                request, "web/_queue_item.html", {"opportunity": opportunity, "reason_error": error},
                status=422,
            )
        messages.error(request, error)
        return redirect("opportunity", pk=pk)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "web/_queue_done.html", {"opportunity": opportunity})
    messages.success(request, _("The opportunity is sent back with your reason."))
    return redirect("validation_queue")


@login_required
def account(request: SignedInRequest) -> HttpResponse:
    user = request.user
    new_token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "language" and request.POST.get("language") in dict(settings.LANGUAGES):
            user.preferred_language = request.POST["language"]
            user.save(update_fields=["preferred_language"])
            response = redirect("account")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, user.preferred_language,
                max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax",
            )
            return response
        if action == "token":
            name = (request.POST.get("name") or "").strip()[:100] or _("API token")
            _token, new_token = ApiToken.issue(user, name)
        token_id = parse_id(request.POST.get("token"))
        if action == "revoke" and token_id is not None:
            ApiToken.objects.filter(user=user, pk=token_id).delete()
            return redirect("account")
    return render(
        request,
        "web/account.html",
        {"tokens": ApiToken.objects.filter(user=user), "new_token": new_token,
         "languages": settings.LANGUAGES},
    )
