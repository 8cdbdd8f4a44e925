"""API endpoints. Schemas parse the JSON (types only); the same service functions as the
pages validate and write, the same rules decide who may. Every invalid input is a 422 with
`{"detail": "Invalid input.", "errors": {field: [messages]}}`, whether the schema could not
parse a field or the service refused a value."""


from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError as SchemaError
from ninja.pagination import paginate

from liaison.accounts.auth import anyone, signed_in
from liaison.accounts.models import User
from liaison.accounts.requests import SignedInRequest
from liaison.api import schemas
from liaison.common.bounds import Id
from liaison.common.paging import BoundedLimitOffset, ChangeCache, count_rows, fetch_slice
from liaison.common.search import validate_query
from liaison.common.validation import messages_by_field, raise_with_parse_errors
from liaison.directory import selectors as directory_selectors
from liaison.directory import services as directory_services
from liaison.directory.access import organization_for
from liaison.directory.models import Ecosystem, Organization, Sector
from liaison.introductions.api import SuggestionOut, suggestion_out
from liaison.matchmaking.selectors import ordered_search
from liaison.opportunities import selectors as opportunity_selectors
from liaison.opportunities import services as opportunity_services
from liaison.opportunities.access import opportunity_for
from liaison.opportunities.disclosure import findings
from liaison.opportunities.models import Opportunity

# The error answers every endpoint may give, as the handlers below write them.
_ERROR = {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}
_INVALID = {
    "type": "object", "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string", "example": "Invalid input."},
        "errors": {"type": "object", "description": "messages per field",
                   "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}
_ERRORS = {
    "401": ("Not signed in (no session, or no valid bearer token).", "Error"),
    "403": ("Signed in, but not allowed to do this.", "Error"),
    "404": ("Not found, or not visible to the caller.", "Error"),
    "422": ("Invalid input: the messages per field.", "InvalidInput"),
}


class LiaisonAPI(NinjaAPI):
    """The API, whose OpenAPI document also lists each operation's error answers: 401 and
    403 where it needs a signed-in caller (a rule may refuse any signed-in operation),
    404 where the path names a row, 422 where it takes parameters or a body."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Error"], components["InvalidInput"] = _ERROR, _INVALID
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                schemes = {name for entry in operation.get("security", []) for name in entry}
                # Anyone may call an operation with an optional session (the public list).
                signed = bool(schemes) and not any(n.startswith("Optional") for n in schemes)
                codes = ["401", "403"] if signed else []
                if "{" in path:
                    codes.append("404")
                if operation.get("parameters") or operation.get("requestBody"):
                    codes.append("422")
                responses = operation.setdefault("responses", {})
                for code in codes:
                    description, name = _ERRORS[code]
                    responses.setdefault(code, {
                        "description": description,
                        "content": {"application/json": {
                            "schema": {"$ref": f"#/components/schemas/{name}"}}}})
        return schema


api = LiaisonAPI(
    title="Liaison API",
    version="1",
    description="Organizations and partnering opportunities of the liaison offices.",
    docs_url="/docs",
    urls_namespace="api",
)


def _mount_app_routers() -> None:
    from liaison.events.api import router as events_router
    from liaison.introductions.api import router as introductions_router
    from liaison.introductions.api import suggestions_router
    from liaison.matchmaking.api import router as matchmaking_router
    from liaison.notifications.api import router as notifications_router
    from liaison.reports.api import router as reports_router

    api.add_router("/events", events_router)
    api.add_router("/introductions", introductions_router)
    api.add_router("/matches", matchmaking_router)
    api.add_router("/suggestions", suggestions_router)
    api.add_router("/notifications", notifications_router)
    api.add_router("/reports", reports_router)


_mount_app_routers()


def _invalid(request: HttpRequest, errors: dict[str, list[str]]) -> Any:
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> Any:
    """A service refused the input: its messages, per field."""
    return _invalid(request, messages_by_field(exc))


# Where a schema error is: ("body", "payload", "action") names the field "action"; a nested
# one ("body", "payload", "attendees", 0, "name") its top field, "attendees".
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file", "payload", "filters"}


@api.exception_handler(SchemaError)
def _schema_error(request: HttpRequest, exc: SchemaError) -> Any:
    """The schema could not parse a field (a wrong type, a value outside an enum)."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        where = [str(p) for p in error.get("loc", ()) if str(p) not in _LOCATIONS]
        errors.setdefault(where[0] if where else NON_FIELD_ERRORS, []).append(str(error["msg"]))
    return _invalid(request, errors)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> Any:
    return api.create_response(request, {"detail": "You may not do this."}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> Any:
    return api.create_response(request, {"detail": "Not found."}, status=404)


# Reference rows the API names by code: {field: model}.
CODED: dict[str, type[Sector] | type[Ecosystem]] = {"sectors": Sector, "target_ecosystems": Ecosystem}


def _parse_codes(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """`data` with its lists of codes replaced by the rows they name, and the codes that name
    nothing, per field (parse errors)."""
    errors: dict[str, list[str]] = {}
    for field, model in CODED.items():
        if data.get(field) is None:
            continue
        codes = data[field]
        found = {row.code: row for row in model.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            errors[field] = [f"Unknown {field} code(s): {', '.join(unknown)}"]
        data[field] = [found[c] for c in codes if c in found]
    return data, errors


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


def opportunity_out(user: User | AnonymousUser, opp: Opportunity, *,
                    insider: bool | None = None, disclosure: bool = False) -> dict[str, Any]:
    """The opportunity as the API shows it to `user`. `insider`: whether `user` may know the
    organization, when already known (see `opportunities_out`); with `disclosure` (a single
    opportunity) the firm and its office also get what in its text may tell who posted it."""
    if insider is None:
        insider = user.has_perm("opportunities.view_identity", opp)
    found = [vars(f) for f in findings(opp)] if disclosure and insider else []
    return {
        "disclosure": found,
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
@paginate(BoundedLimitOffset)
def list_organizations(request: SignedInRequest, filters: Query[OrganizationFilters]) -> Any:
    params = {k: v for k, v in filters.dict().items() if v}
    qs = directory_selectors.search_directory(request.user, {k: v for k, v in params.items() if k != "q"})
    qs = ordered_search(request.user, qs, params.get("q"), scope="organizations", order=("name", "pk"))
    orgs = qs.select_related("ecosystem", "office").prefetch_related("sectors")
    return _LazyMap(orgs, organization_out)


def opportunities_out(user: User | AnonymousUser, opps: list[Opportunity]) -> list[dict[str, Any]]:
    """`opportunity_out` of a page of rows, the rule `opportunities.view_identity` asked of all
    of them in one query (`identity_visible_q`) instead of once per row."""
    if not user.is_authenticated:
        insiders: set[int] = set()
    else:
        insiders = set(Opportunity.objects.filter(pk__in=[o.pk for o in opps])
                       .filter(opportunity_selectors.identity_visible_q(user))
                       .values_list("pk", flat=True))
    return [opportunity_out(user, o, insider=o.pk in insiders) for o in opps]


class _LazyMap:
    """A sliceable, countable view of a queryset mapped through a function (for pagination);
    `batch` maps a whole slice at once instead. `qs` may be a function that builds the
    queryset, called only when a count or a slice is not in `cached` (a `ChangeCache`: the
    count and each slice computed once per change)."""

    def __init__(self, qs: Any, fn: Any, *, batch: Any = None, cached: ChangeCache | None = None) -> None:
        self._qs, self.fn, self.batch, self.cached = qs, fn, batch, cached

    @cached_property
    def qs(self) -> Any:
        return self._qs() if callable(self._qs) else self._qs

    def _get(self, what: Any, compute: Any) -> Any:
        return self.cached.get(what, compute) if self.cached is not None else compute()

    def count(self) -> int:
        return int(self._get("count", lambda: count_rows(self.qs)))

    def __len__(self) -> int:
        return self.count()

    def _slice(self, start: int, stop: int | None) -> list[Any]:
        rows = fetch_slice(self.qs, start, stop)  # type: ignore[arg-type]
        return self.batch(rows) if self.batch else [self.fn(o) for o in rows]

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, slice):
            start, stop = item.start or 0, item.stop
            return self._get(("slice", start, stop), lambda: self._slice(start, stop))
        return self.fn(self.qs[item])


@api.get("/organizations/{pk}", response=schemas.OrganizationOut, auth=signed_in,
         tags=["organizations"])
def get_organization(request: SignedInRequest, pk: Id) -> Any:
    return organization_out(organization_for(request.user, pk))


@api.post("/organizations", response={201: schemas.OrganizationOut}, auth=signed_in,
          tags=["organizations"])
def create_organization(request: SignedInRequest, payload: schemas.OrganizationCreate) -> Any:
    if not request.user.has_perm("directory.add_organization"):
        raise PermissionDenied
    data, errors = _parse_codes(payload.dict())
    ecosystem = Ecosystem.objects.filter(code=data.pop("ecosystem")).first()
    if ecosystem is None:
        errors["ecosystem"] = ["Unknown ecosystem code."]
    raise_with_parse_errors(errors, lambda: directory_services.validate_organization(data))
    assert ecosystem is not None
    org = directory_services.create_organization(by=request.user, ecosystem=ecosystem, data=data)
    return Status(201, organization_out(org))


@api.patch("/organizations/{pk}", response=schemas.OrganizationOut, auth=signed_in,
           tags=["organizations"])
def update_organization(request: SignedInRequest, pk: Id, payload: schemas.OrganizationPatch) -> Any:
    org = organization_for(request.user, pk, "directory.change_organization")
    data, errors = _parse_codes(payload.dict(exclude_unset=True))
    raise_with_parse_errors(
        errors, lambda: directory_services.validate_organization(data, organization=org))
    directory_services.update_organization(org, by=request.user, data=data)
    return organization_out(organization_for(request.user, pk))


@api.post("/organizations/{pk}/vet", response=schemas.OrganizationOut, auth=signed_in,
          tags=["organizations"])
def vet_organization(request: SignedInRequest, pk: Id) -> Any:
    org = organization_for(request.user, pk, "directory.vet_organization")
    return organization_out(directory_services.vet_organization(org, by=request.user))


class OpportunityFilters(Schema):
    q: str | None = None
    type: str | None = None
    sector: str | None = None
    ecosystem: str | None = None
    language: str | None = None
    status: str | None = None
    organization: Id | None = None


# A page of opportunities: what `@paginate(BoundedLimitOffset)` answers for
# `list[OpportunityOut]` (the same name and fields in the OpenAPI document), declared here so
# that the public page can be kept already validated: ninja validates the rows of any other
# answer again, most of the request's CPU. (No docstring: it would be the schema's description.)
class PagedOpportunityOut(Schema):
    items: list[schemas.OpportunityOut]
    count: int


@api.get("/opportunities", response=PagedOpportunityOut, auth=anyone, tags=["opportunities"])
def list_opportunities(request: HttpRequest, filters: Query[OpportunityFilters],
                       ninja_pagination: Query[BoundedLimitOffset.Input]) -> Any:
    params = {k: v for k, v in filters.dict().items() if v}
    validate_query(params.get("q"))

    def build() -> Any:
        qs = opportunity_selectors.filter_opportunities(
            opportunity_selectors.visible_opportunities(request.user),
            {k: v for k, v in params.items() if k != "q"}, user=request.user,
        )
        qs = ordered_search(request.user, qs, params.get("q"), scope="opportunities",
                            order=("-published_at", "-pk"))
        return qs.select_related("organization__ecosystem", "organization__office").prefetch_related(
            "sectors", "target_ecosystems"
        )

    # The public list (no caller) is the same for every anonymous caller: each count and page
    # computed once per change of the opportunities or organizations. A signed-in caller's
    # list also depends on their introductions, and is computed every time.
    rows = _LazyMap(build, lambda o: opportunity_out(request.user, o),
                    batch=lambda rows: opportunities_out(request.user, rows))
    offset, limit = ninja_pagination.offset, ninja_pagination.limit

    def page() -> PagedOpportunityOut:
        return PagedOpportunityOut.model_validate({"items": rows[offset:offset + limit], "count": rows.count()})

    if request.user.is_authenticated:
        return page()
    return ChangeCache(("api-opportunities", sorted(params.items())),
                       models=(Opportunity, Organization)).get(("page", offset, limit), page)


@api.get("/opportunities/{pk}", response=schemas.OpportunityOut, auth=anyone,
         tags=["opportunities"])
def get_opportunity(request: HttpRequest, pk: Id) -> Any:
    return opportunity_out(request.user, opportunity_for(request.user, pk), disclosure=True)


@api.post("/opportunities", response={201: schemas.OpportunityOut}, auth=signed_in,
          tags=["opportunities"])
def create_opportunity(request: SignedInRequest, payload: schemas.OpportunityIn) -> Any:
    data, errors = _parse_codes(payload.dict())
    org = organization_for(request.user, data.pop("organization"), "opportunities.add_opportunity")
    raise_with_parse_errors(errors, lambda: opportunity_services.validate_opportunity(data))
    opp = opportunity_services.create_opportunity(organization=org, by=request.user, data=data)
    return Status(201, opportunity_out(request.user, opp))


@api.patch("/opportunities/{pk}", response=schemas.OpportunityOut, auth=signed_in,
           tags=["opportunities"])
def update_opportunity(request: SignedInRequest, pk: Id, payload: schemas.OpportunityPatch) -> Any:
    opp = opportunity_for(request.user, pk, "opportunities.change_opportunity")
    data, errors = _parse_codes(payload.dict(exclude_unset=True))
    raise_with_parse_errors(
        errors, lambda: opportunity_services.validate_opportunity(data, opportunity=opp))
    opportunity_services.update_opportunity(opp, by=request.user, data=data)
    return opportunity_out(request.user, opportunity_for(request.user, pk))


def _transition(request: SignedInRequest, pk: Id, perm: str, action: Any, **kwargs: Any) -> Any:
    opp = opportunity_for(request.user, pk, perm)
    action(opp, by=request.user, **kwargs)
    return opportunity_out(request.user, opportunity_for(request.user, pk), disclosure=True)


@api.post("/opportunities/{pk}/submit", response=schemas.OpportunityOut, auth=signed_in,
          tags=["opportunities"])
def submit_opportunity(request: SignedInRequest, pk: Id) -> Any:
    return _transition(request, pk, "opportunities.submit_opportunity",
                       opportunity_services.submit_opportunity)


@api.post("/opportunities/{pk}/publish", response=schemas.OpportunityOut, auth=signed_in,
          tags=["opportunities"])
def publish_opportunity(request: SignedInRequest, pk: Id) -> Any:
    return _transition(request, pk, "opportunities.validate_opportunity",
                       opportunity_services.publish_opportunity)


@api.post("/opportunities/{pk}/reject", response=schemas.OpportunityOut, auth=signed_in,
          tags=["opportunities"])
def reject_opportunity(request: SignedInRequest, pk: Id, payload: schemas.RejectIn) -> Any:
    return _transition(request, pk, "opportunities.validate_opportunity",
                       opportunity_services.reject_opportunity, reason=payload.reason)


@api.post("/opportunities/{pk}/close", response=schemas.OpportunityOut, auth=signed_in,
          tags=["opportunities"])
def close_opportunity(request: SignedInRequest, pk: Id) -> Any:
    return _transition(request, pk, "opportunities.close_opportunity",
                       opportunity_services.close_opportunity)




class SuggestAction(StrEnum):
    SUGGEST = "suggest"  # ask both firms (double opt-in)
    DISMISS = "dismiss"  # not worth an introduction: remembered


class SuggestIn(Schema):
    """An officer brokers from a match of the office: "suggest" asks both firms (with an
    optional `note` to both, at most 2,000 characters), "dismiss" remembers the pair as not
    worth it. Any other action is refused (422 naming "action")."""

    action: SuggestAction
    note: str = ""


@api.post("/matches/{pk}/suggest", response={201: SuggestionOut}, auth=signed_in,
          tags=["introductions"])
def suggest_from_match(request: SignedInRequest, pk: Id, payload: SuggestIn) -> Any:
    from liaison.introductions import services as introduction_services
    from liaison.introductions.access import suggestion_for
    from liaison.matchmaking.access import match_for

    match = match_for(request.user, pk)
    if match.target_opportunity is None:
        from django.utils.translation import gettext as _

        raise ValidationError({"match": [_("An introduction is suggested for an opportunity.")]})
    if payload.action is SuggestAction.DISMISS:
        suggestion = introduction_services.dismiss_suggestion(
            by=request.user, organization=match.owner_organization, opportunity=match.target_opportunity)
    else:
        suggestion = introduction_services.suggest_introduction(
            by=request.user, organization=match.owner_organization, opportunity=match.target_opportunity,
            note=payload.note)
    return Status(201, suggestion_out(request.user, suggestion_for(request.user, suggestion.pk)))
