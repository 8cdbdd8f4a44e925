"""API endpoints. Validation goes through the same Django forms as the pages, writes through
the same service functions, permissions through the same rules."""


from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Query, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from liaison.accounts.auth import anyone, signed_in
from liaison.api import schemas
from liaison.directory import selectors as directory_selectors
from liaison.directory import services as directory_services
from liaison.directory.access import organization_for
from liaison.directory.forms import OrganizationForm
from liaison.directory.models import Ecosystem, Organization, Sector
from liaison.matchmaking.selectors import ordered_search
from liaison.opportunities import selectors as opportunity_selectors
from liaison.opportunities import services as opportunity_services
from liaison.opportunities.access import opportunity_for
from liaison.opportunities.forms import OpportunityForm
from liaison.opportunities.models import Opportunity

api = NinjaAPI(
    title="Liaison API",
    version="1",
    description="Organizations and partnering opportunities of the liaison offices.",
    docs_url="/docs",
    urls_namespace="api",
)


def _mount_app_routers() -> None:
    from liaison.events.api import router as events_router
    from liaison.introductions.api import router as introductions_router
    from liaison.matchmaking.api import router as matchmaking_router
    from liaison.notifications.api import router as notifications_router
    from liaison.reports.api import router as reports_router

    api.add_router("/events", events_router)
    api.add_router("/introductions", introductions_router)
    api.add_router("/matches", matchmaking_router)
    api.add_router("/notifications", notifications_router)
    api.add_router("/reports", reports_router)


_mount_app_routers()


class FormInvalid(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors


@api.exception_handler(FormInvalid)
def _form_invalid(request: HttpRequest, exc: FormInvalid) -> Any:
    return api.create_response(
        request, {"detail": "Invalid input.", "errors": exc.errors}, status=422
    )


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> Any:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> Any:
    return api.create_response(request, {"detail": "You may not do this."}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> Any:
    return api.create_response(request, {"detail": "Not found."}, status=404)


def _codes_to_pks(model: Any, field: str, codes: list[str], errors: dict[str, list[str]]) -> list[int]:
    found = dict(model.objects.filter(code__in=codes).values_list("code", "pk"))
    unknown = [c for c in codes if c not in found]
    if unknown:
        errors.setdefault(field, []).append(f"Unknown {field} code(s): {', '.join(unknown)}")
    return [found[c] for c in codes if c in found]


def _bind(form_class: Any, payload: dict[str, Any], instance: Any = None) -> Any:
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = model_to_dict(instance) if instance is not None else {}
    if instance is not None:
        # Unset fields keep their current value, the English version included.
        data.update({k: v for k, v in form_class(instance=instance).initial.items()
                     if k.endswith("_en")})
    for key, value in payload.items():
        if key == "sectors":
            value = _codes_to_pks(Sector, "sectors", value, errors)
        elif key == "target_ecosystems":
            value = _codes_to_pks(Ecosystem, "target_ecosystems", value, errors)
        data[key] = value
    data = {k: ("" if v is None else v) for k, v in data.items()}
    form = form_class(data=data, instance=instance)
    if not form.is_valid():
        for field, messages in form.errors.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise FormInvalid(errors)
    return form


def organization_out(org: Organization) -> dict[str, Any]:
    return {
        "id": org.pk,
        "kind": org.kind,
        "name": org.name,
        "description": org.description,
        "language": org.language,
        "ecosystem": org.ecosystem.code,
        "office": org.office.code,
        "sectors": [s.code for s in org.sectors.all()],
        "size": org.size,
        "stage": org.stage,
        "founded_year": org.founded_year,
        "turnover": org.turnover,
        "turnover_currency": org.turnover_currency,
        "website": org.website,
        "vetted": org.vetted_at is not None,
        "vetted_at": org.vetted_at,
    }


def opportunity_out(user: Any, opp: Opportunity) -> dict[str, Any]:
    insider = user.has_perm("opportunities.view_identity", opp)
    return {
        "id": opp.pk,
        "type": opp.type,
        "title": opp.title,
        "summary": opp.summary,
        "description": opp.description,
        "language": opp.language,
        "sectors": [s.code for s in opp.sectors.all()],
        "cooperation_kinds": list(opp.cooperation_kinds),
        "target_ecosystems": [e.code for e in opp.target_ecosystems.all()],
        "ecosystem": opp.organization.ecosystem.code,
        "status": opp.status,
        "expires_on": opp.expires_on,
        "published_at": opp.published_at,
        # The public (anonymous) view never names the organization.
        "organization": opp.organization_id if insider else None,
        "rejection_reason": opp.rejection_reason if insider else "",
    }


class OrganizationFilters(Schema):
    q: str | None = None
    ecosystem: str | None = None
    kind: str | None = None
    sector: str | None = None
    size: str | None = None
    vetted: str | None = None


@api.get("/organizations", response=list[schemas.OrganizationOut], auth=signed_in,
         tags=["organizations"])
@paginate(LimitOffsetPagination)
def list_organizations(request: HttpRequest, filters: Query[OrganizationFilters]) -> Any:
    params = {k: v for k, v in filters.dict().items() if v}
    qs = directory_selectors.search_directory(request.user, {k: v for k, v in params.items() if k != "q"})
    qs = ordered_search(request.user, qs, params.get("q"), scope="organizations", order=("name", "pk"))
    orgs = qs.select_related("ecosystem", "office").prefetch_related("sectors")
    return _LazyMap(orgs, organization_out)


class _LazyMap:
    """A sliceable, countable view of a queryset mapped through a function (for pagination)."""

    def __init__(self, qs: Any, fn: Any) -> None:
        self.qs, self.fn = qs, fn

    def count(self) -> int:
        return int(self.qs.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, slice):
            return [self.fn(o) for o in self.qs[item]]
        return self.fn(self.qs[item])


@api.get("/organizations/{pk}", response=schemas.OrganizationOut, auth=signed_in,
         tags=["organizations"])
def get_organization(request: HttpRequest, pk: int) -> Any:
    return organization_out(organization_for(request.user, pk))


@api.post("/organizations", response={201: schemas.OrganizationOut}, auth=signed_in,
          tags=["organizations"])
def create_organization(request: HttpRequest, payload: schemas.OrganizationCreate) -> Any:
    if not request.user.has_perm("directory.add_organization"):
        raise PermissionDenied
    data = payload.dict()
    ecosystem = Ecosystem.objects.filter(code=data.pop("ecosystem")).first()
    if ecosystem is None:
        raise FormInvalid({"ecosystem": ["Unknown ecosystem code."]})
    form = _bind(OrganizationForm, data)
    org = directory_services.create_organization(
        by=request.user, ecosystem=ecosystem, data=dict(form.cleaned_data)
    )
    return Status(201, organization_out(org))


@api.patch("/organizations/{pk}", response=schemas.OrganizationOut, auth=signed_in,
           tags=["organizations"])
def update_organization(request: HttpRequest, pk: int, payload: schemas.OrganizationPatch) -> Any:
    org = organization_for(request.user, pk, "directory.change_organization")
    form = _bind(OrganizationForm, payload.dict(exclude_unset=True), instance=org)
    directory_services.update_organization(
        Organization.objects.get(pk=pk), by=request.user, data=dict(form.cleaned_data)
    )
    return organization_out(organization_for(request.user, pk))


@api.post("/organizations/{pk}/vet", response=schemas.OrganizationOut, auth=signed_in,
          tags=["organizations"])
def vet_organization(request: HttpRequest, pk: int) -> Any:
    org = organization_for(request.user, pk, "directory.vet_organization")
    return organization_out(directory_services.vet_organization(org, by=request.user))


class OpportunityFilters(Schema):
    q: str | None = None
    type: str | None = None
    sector: str | None = None
    ecosystem: str | None = None
    language: str | None = None
    status: str | None = None
    organization: int | None = None


@api.get("/opportunities", response=list[schemas.OpportunityOut], auth=anyone,
         tags=["opportunities"])
@paginate(LimitOffsetPagination)
def list_opportunities(request: HttpRequest, filters: Query[OpportunityFilters]) -> Any:
    params = {k: v for k, v in filters.dict().items() if v}
    qs = opportunity_selectors.filter_opportunities(
        opportunity_selectors.visible_opportunities(request.user),
        {k: v for k, v in params.items() if k != "q"},
    )
    qs = ordered_search(request.user, qs, params.get("q"), scope="opportunities",
                   order=("-published_at", "-pk"))
    qs = qs.select_related("organization__ecosystem", "organization__office").prefetch_related(
        "sectors", "target_ecosystems"
    )
    return _LazyMap(qs, lambda o: opportunity_out(request.user, o))


@api.get("/opportunities/{pk}", response=schemas.OpportunityOut, auth=anyone,
         tags=["opportunities"])
def get_opportunity(request: HttpRequest, pk: int) -> Any:
    return opportunity_out(request.user, opportunity_for(request.user, pk))


@api.post("/opportunities", response={201: schemas.OpportunityOut}, auth=signed_in,
          tags=["opportunities"])
def create_opportunity(request: HttpRequest, payload: schemas.OpportunityIn) -> Any:
    data = payload.dict()
    org = organization_for(request.user, data.pop("organization"), "opportunities.add_opportunity")
    form = _bind(OpportunityForm, data)
    opp = opportunity_services.create_opportunity(
        organization=org, by=request.user, data=dict(form.cleaned_data)
    )
    return Status(201, opportunity_out(request.user, opp))


@api.patch("/opportunities/{pk}", response=schemas.OpportunityOut, auth=signed_in,
           tags=["opportunities"])
def update_opportunity(request: HttpRequest, pk: int, payload: schemas.OpportunityPatch) -> Any:
    opp = opportunity_for(request.user, pk, "opportunities.change_opportunity")
    form = _bind(OpportunityForm, payload.dict(exclude_unset=True), instance=opp)
    opportunity_services.update_opportunity(
        Opportunity.objects.get(pk=pk), by=request.user, data=dict(form.cleaned_data)
    )
    return opportunity_out(request.user, opportunity_for(request.user, pk))


def _transition(request: HttpRequest, pk: int, perm: str, action: Any, **kwargs: Any) -> Any:
    opp = opportunity_for(request.user, pk, perm)
    action(opp, by=request.user, **kwargs)
    return opportunity_out(request.user, opportunity_for(request.user, pk))


@api.post("/opportunities/{pk}/submit", response=schemas.OpportunityOut, auth=signed_in,
          tags=["opportunities"])
def submit_opportunity(request: HttpRequest, pk: int) -> Any:
    return _transition(request, pk, "opportunities.submit_opportunity",
                       opportunity_services.submit_opportunity)


@api.post("/opportunities/{pk}/publish", response=schemas.OpportunityOut, auth=signed_in,
          tags=["opportunities"])
def publish_opportunity(request: HttpRequest, pk: int) -> Any:
    return _transition(request, pk, "opportunities.validate_opportunity",
                       opportunity_services.publish_opportunity)


@api.post("/opportunities/{pk}/reject", response=schemas.OpportunityOut, auth=signed_in,
          tags=["opportunities"])
def reject_opportunity(request: HttpRequest, pk: int, payload: schemas.RejectIn) -> Any:
    return _transition(request, pk, "opportunities.validate_opportunity",
                       opportunity_services.reject_opportunity, reason=payload.reason)


@api.post("/opportunities/{pk}/close", response=schemas.OpportunityOut, auth=signed_in,
          tags=["opportunities"])
def close_opportunity(request: HttpRequest, pk: int) -> Any:
    return _transition(request, pk, "opportunities.close_opportunity",
                       opportunity_services.close_opportunity)


