"""Pages to find and set up events: the list, an event's page, creating and editing it, its
sessions, tables and status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.models import User
from liaison.common.access import valid_id
from liaison.common.errors import PermissionDenied, ValidationError
from liaison.events import calendars, services
from liaison.events.access import event_for, my_registration, registration_for, signed_in_user
from liaison.events.forms import EventForm, SessionForm, StatusForm, TablesForm
from liaison.events.models import Event, Interpreter
from liaison.events.selectors import visible_events
from liaison.events.views._common import apply_errors, flash_errors, flash_form_errors


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    events = visible_events(user).annotate(participants=Count("registrations"))
    return render(request, "events/event_list.html", {
        "events": events, "can_add": user.has_perm("events.create_event")})


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not user.has_perm("events.create_event") or user.office is None:
        raise PermissionDenied
    form = EventForm(request.POST or None, initial={"timezone": user.office.ecosystem.timezone})
    if request.method == "POST":
        try:
            event = services.create_event(by=user, data=form.parsed(services.validate_event))
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect("events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk, "events.manage_event")
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST":
        try:
            services.update_event(event, by=user, data=form.parsed(
                lambda data: services.validate_event(data, event=event)))
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return redirect("events:detail", event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event},
                  status=422 if form.errors else 200)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk)
    manage = user.has_perm("events.manage_event", event)
    viewer = calendars.viewer_timezone(user, event)
    sessions = []
    for s in event.sessions.prefetch_related("slots"):
        first = s.slots.first()  # from the prefetched slots (ordered by start)
        sessions.append((s, calendars.both_times(first.starts_at, viewer, event) if first else ""))
    return render(request, "events/event_detail.html", {
        "event": event, "manage": manage, "sessions": sessions,
        "tables": event.tables.all(), "days_off": calendars.days_off(event),
        "registration_count": event.registrations.count(),
        "mine": my_registration(user, event),
        "can_register": user.has_perm("events.register", event),
        "can_offer": user.has_perm("events.offer_interpreting", event),
        "my_offer": event.interpreters.filter(user=user).first(),
        "working_weekends": calendars.working_weekends(event),
        "pending_offers": event.interpreters.filter(status=Interpreter.Status.OFFERED).count() if manage else 0,
        "can_see_participants": user.has_perm("events.view_participants", event),
        "can_see_schedule": user.has_perm("events.view_schedule", event),
        "session_form": SessionForm(), "tables_form": TablesForm(),
        "status_form": StatusForm(initial={"status": event.status}),
        "viewer_tz": str(viewer),
        "waiting": event.registrations.filter(waitlisted=True).select_related("organization") if manage else [],
    })


def public_event(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's own public page (when the host office opts in): what, when, where, who
    may join; signed-in firms register from it, and join a waiting list when it is full."""
    number = valid_id(pk)
    event = (Event.objects.select_related("host_office", "partner_ecosystem")
             .filter(pk=number, public=True).exclude(status=Event.Status.DRAFT).first() if number else None)
    if event is None:
        raise Http404
    registered = event.registrations.filter(waitlisted=False).count()
    user = request.user
    return render(request, "events/public.html", {
        "event": event, "registered": registered,
        "full": event.capacity is not None and registered >= event.capacity,
        "sessions": event.sessions.all(),
        "can_register": isinstance(user, User) and user.has_perm("events.register", event),
    })


@login_required
@require_POST
def admit(request: HttpRequest, pk: int) -> HttpResponse:
    """The host office admits a firm from the waiting list."""
    user = signed_in_user(request)
    registration = registration_for(user, pk, "events.manage_event")
    try:
        services.admit_from_waiting_list(registration, by=user)
        messages.success(request, _("%(organization)s is admitted.") % {"organization": registration.organization})
    except ValidationError as e:
        flash_errors(request, e)
    return redirect("events:detail", registration.event_id)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A firm withdraws its registration or leaves the waiting list (its members, its office;
    the host office cancels a registration); the first firm waiting takes the place."""
    user = signed_in_user(request)
    registration = registration_for(user, pk, "events.change_registration")
    event_id, organization = registration.event_id, registration.organization
    was_waiting = registration.waitlisted
    try:
        admitted = services.withdraw_registration(registration, by=user)
    except ValidationError as e:
        flash_errors(request, e)
        return redirect("events:detail", event_id)
    messages.success(request, (_("%(organization)s left the waiting list.") if was_waiting
                               else _("%(organization)s is withdrawn from the event.")) % {"organization": organization})
    if admitted and user.has_perm("events.manage_event", admitted[0].event):
        messages.info(request, _("Admitted from the waiting list: %(organizations)s") % {
            "organizations": ", ".join(str(r.organization) for r in admitted)})
    return redirect("events:detail", event_id)


@login_required
@require_POST
def add_session(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk, "events.manage_event")
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.add_session(event, by=user, **form.cleaned_data)
            messages.success(request, _("Session added."))
        except ValidationError as e:
            flash_errors(request, e)
    else:
        flash_form_errors(request, form)
    return redirect("events:detail", event.pk)


@login_required
@require_POST
def add_tables(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk, "events.manage_event")
    form = TablesForm(request.POST)
    if form.is_valid():
        try:
            services.add_tables(event, by=user, names=form.cleaned_data["names"])
            messages.success(request, _("Tables added."))
        except ValidationError as e:
            flash_errors(request, e)
    else:
        flash_form_errors(request, form)
    return redirect("events:detail", event.pk)


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk, "events.manage_event")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(event, by=user, status=form.cleaned_data["status"])
        except ValidationError as e:
            flash_errors(request, e)
    return redirect("events:detail", event.pk)
