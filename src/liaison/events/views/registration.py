"""Registration pages: registering an organization and its people, the participant
marketplace (with recommendations), and a registration's availability."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from liaison.common.errors import ValidationError
from liaison.common.paging import cached_page, csrf_placeholder, paginate
from liaison.common.search import validate_query
from liaison.directory.models import Ecosystem, Organization, Sector
from liaison.directory.selectors import visible_organizations
from liaison.events import services
from liaison.events.access import event_for, registration_for, signed_in_user
from liaison.events.forms import AvailabilityForm, RegistrationForm
from liaison.events.models import Event, MeetingRequest
from liaison.events.recommend import recommendations
from liaison.events.selectors import (
    act_for_choices,
    participant_registrations,
    participants_marker,
    registrable_organizations,
    search_organizations,
    sought_by,
    sought_by_key,
)
from liaison.events.services.requests import CLOSED
from liaison.events.views._common import acting_registration, apply_errors
from liaison.opportunities.models import Opportunity


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk)
    services.refuse_unless_may_register(event, user)
    form = RegistrationForm(request.POST or None, event=event, organizations=visible_organizations(user),
                            search_url=reverse("events:organization_picker", args=[event.pk]))
    if request.method == "POST" and not request.POST.get("organization"):  # without JavaScript
        form.show_matches(search_organizations(registrable_organizations(user, event),
                                               request.POST.get("organization_q", "")))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            registration = services.register(
                event, by=user, organization=d["organization"], attendees=form.attendees(),
                unavailable_sessions=d["unavailable_sessions"], remote=d["remote"],
                wants_table=d["wants_table"],
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("%(organization)s is registered.") % {
                "organization": registration.organization})
            return redirect("events:detail", event.pk)
    return render(request, "events/register.html", {"event": event, "form": form},
                  status=422 if form.errors else 200)


@login_required
def register_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    """Register several firms at once from a directory-style filter (name, ecosystem, sector):
    the page lists the firms the filter finds among those the officer may register, and one
    button registers them all."""
    user = signed_in_user(request)
    event = event_for(user, pk)
    services.refuse_unless_may_register(event, user)
    params = {k: (request.POST if request.method == "POST" else request.GET).get(k, "")[:100]
              for k in ("q", "ecosystem", "sector")}
    qs = registrable_organizations(user, event).select_related("ecosystem").prefetch_related("translations")
    if params["q"]:
        qs = qs.filter(Q(name__icontains=params["q"]) | Q(translations__name__icontains=params["q"])).distinct()
    if params["ecosystem"]:
        qs = qs.filter(ecosystem__code=params["ecosystem"])
    if params["sector"]:
        qs = qs.filter(sectors__code=params["sector"]).distinct()
    found = list(qs.order_by("name")[:services.BULK_MAX + 1]) if any(params.values()) else []
    if request.method == "POST" and found:
        if len(found) > services.BULK_MAX:
            messages.error(request, _("Narrow the filter: at most %(max)s firms at once.") % {"max": services.BULK_MAX})
        else:
            done, refused = services.register_many(event, by=user, organizations=found)
            messages.success(request, _("%(count)s firms are registered.") % {"count": len(done)})
            for name, why in refused.items():
                messages.warning(request, f"{name}: {why}")
            return redirect("events:detail", event.pk)
    return render(request, "events/register_bulk.html", {
        "event": event, "params": params, "found": found[:services.BULK_MAX],
        "too_many": len(found) > services.BULK_MAX, "limit": services.BULK_MAX,
        "ecosystems": Ecosystem.objects.all(), "sectors": Sector.objects.all()})


@login_required
def organization_picker(request: HttpRequest, pk: int) -> HttpResponse:
    """The picker's matches (an htmx fragment): organizations the user may register in the
    event whose name, in any language version, contains ?organization_q=; names in the reader's
    language."""
    user = signed_in_user(request)
    event = event_for(user, pk)
    services.refuse_unless_may_register(event, user)
    query = request.GET.get("organization_q", "")
    found = search_organizations(registrable_organizations(user, event), query)
    return render(request, "events/widgets/_organization_matches.html",
                  {"found": found, "query": query.strip(), "name": "organization"})


@login_required
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    # The page shows the event's title only: its offices and ecosystems are not joined.
    event = event_for(user, pk, "events.view_participants", related=False)
    mine = acting_registration(request, user, event)
    q = request.GET.get("q", "").strip().lower()
    search_error = ""
    try:
        validate_query(q)
    except ValidationError as error:
        search_error, q = " ".join(error.messages), ""
    requested: set[int] = set()
    if mine is not None:
        pairs = MeetingRequest.objects.filter(Q(requester=mine) | Q(recipient=mine)).exclude(
            status__in=CLOSED).values_list("requester_id", "recipient_id")
        requested = {x for pair in pairs for x in pair} - {mine.pk}
    can_request = mine is not None and user.has_perm("events.send_request", mine)
    querystring = urlencode({k: v for k, v in (("as", request.GET.get("as", "")), ("q", q)) if v})

    def context() -> dict[str, object]:
        page = paginate(request, participant_registrations(event, q).select_related("organization__ecosystem")
                        .prefetch_related("attendees", "organization__sectors", "organization__translations"))
        regs = list(page.object_list)
        # Rendered with the CSRF placeholder: `cached_page` puts each viewer's token in.
        table = render_to_string("events/_participants_table.html", {
            "event": event, "mine": mine, "registrations": regs, "page": page, "querystring": querystring,
            "requested": requested, "acting_as": bool(request.GET.get("as")), "can_request": can_request,
            "seeks": sought_by([r.organization_id for r in regs], user=user),
            "priorities": MeetingRequest.Priority.choices, "csrf_token": csrf_placeholder(),
        })
        act_for = render_to_string("events/_act_for.html", {
            "act_for": act_for_choices(user, event), "mine": mine, "request": request})
        recs = recommendations(mine) if mine is not None and request.GET.get("recommend", "1") == "1" else []
        return {"event": event, "mine": mine, "recommendations": recs, "search_error": search_error, "q": q,
                "act_for": mark_safe(act_for), "has_act_for": bool(act_for.strip()),  # noqa: S308 (ours)
                "table": mark_safe(table)}  # noqa: S308 (our own rendered template)

    # The whole page, rendered once per change of the event, its participants, their
    # organizations and their published requests, for this viewer (the act-for switch lists
    # what they may act for; the table what they may know and do: `sought_by_key`, their
    # registration, right to request and open requests): `cached_page`.
    scope = (tuple(getattr(event, field.attname) for field in Event._meta.concrete_fields),
             participants_marker(event), user.pk, sought_by_key(user), mine.pk if mine else None,
             can_request, sorted(requested), q, search_error)
    return cached_page(request, "events/participants.html", context, name="event-participants",
                       scope=scope, models=(Organization, Opportunity))


@login_required
def availability(request: HttpRequest, pk: int) -> HttpResponse:
    """The sessions each person of the registration cannot attend."""
    user = signed_in_user(request)
    registration = registration_for(user, pk, "events.change_registration")
    event = registration.event
    form = AvailabilityForm(request.POST or None, registration=registration)
    if request.method == "POST" and form.is_valid():
        try:
            if form.people:
                clashing = services.change_availability(registration, by=user,
                                                        per_attendee=form.per_attendee())
            else:
                clashing = services.change_availability(
                    registration, by=user, unavailable_sessions=form.cleaned_data["unavailable_sessions"])
        except ValidationError as e:
            apply_errors(form, e)
        else:
            if clashing:
                messages.warning(request, _("%(count)s scheduled meetings now clash; the host office will re-plan them.")
                                 % {"count": len(clashing)})
            else:
                messages.success(request, _("Availability saved."))
            return redirect("events:detail", event.pk)
    return render(request, "events/availability.html", {"event": event, "registration": registration,
                                                         "form": form}, status=422 if form.errors else 200)
