"""Schedule pages of the host office: the grid, starting a scheduler run (a first plan or a
re-plan) and following its progress, publishing, adding, moving, locking and cancelling
meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.common.bounds import parse_id
from liaison.common.errors import ValidationError
from liaison.events import agendas, calendars, services
from liaison.events.access import event_for, meeting_for, proposal_for, run_for, signed_in_user
from liaison.events.forms import AddMeetingForm, MoveForm, RunForm
from liaison.events.models import Meeting, MeetingRequest, Proposal, SchedulingRun, Slot
from liaison.events.views._common import flash_errors


@login_required
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk, "events.view_schedule")
    slots = list(Slot.objects.filter(session__event=event).select_related("session"))
    tables = list(event.tables.all())
    meetings = list(event.meetings.select_related(
        "a__organization", "b__organization", "slot", "table", "interpreter").prefetch_related(
        "a__unavailable_sessions", "b__unavailable_sessions", "a__attendees__unavailable_sessions",
        "b__attendees__unavailable_sessions"))
    cells = {(m.slot_id, m.table_id): m for m in meetings if m.status == Meeting.Status.SCHEDULED}
    viewer = calendars.viewer_timezone(user, event)
    grid = [(s, calendars.both_times(s.starts_at, viewer, event), [cells.get((s.pk, t.pk)) for t in tables])
            for s in slots]
    unscheduled = [m for m in meetings if m.status in (Meeting.Status.UNSCHEDULED, Meeting.Status.ACCEPTED)]
    per_participant = None
    who = parse_id(request.GET.get("participant"))
    if who is not None:
        reg = event.registrations.filter(pk=who).select_related("organization").first()
        if reg is not None:
            per_participant = (reg, agendas.agenda_rows(reg))
    moving = None
    move = parse_id(request.GET.get("move"))
    if move is not None:
        moving = next((m for m in meetings if m.pk == move), None)
    proposal = event.proposals.filter(status=Proposal.Status.OPEN).select_related("run").first()
    return render(request, "events/schedule.html", {
        "moving": moving, "proposal": proposal,
        "changes": services.proposal_changes(proposal) if proposal else [],
        "event": event, "grid": grid, "tables": tables, "slots": slots, "unscheduled": unscheduled,
        "run": event.runs.first(), "run_form": RunForm(),
        "manage": user.has_perm("events.manage_event", event),
        "scheduled_count": len(cells), "registrations": event.registrations.select_related("organization"),
        "per_participant": per_participant, "priorities": MeetingRequest.Priority.choices,
        "stale": [m for m in meetings if m.status == Meeting.Status.SCHEDULED and m.slot
                  and m.slot.session_id in _unavailable_sessions(m)],
    })


def _unavailable_sessions(m: Meeting) -> set[int]:
    return m.a.unavailable_session_ids() | m.b.unavailable_session_ids()


@login_required
@require_POST
def run_scheduler(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a scheduler run: the first plan, or after publication a re-plan."""
    user = signed_in_user(request)
    event = event_for(user, pk, "events.manage_event")
    form = RunForm(request.POST)
    limit = form.cleaned_data["time_limit"] if form.is_valid() else 30.0
    try:
        services.start_scheduling(event, by=user, time_limit=limit)
    except ValidationError as e:
        flash_errors(request, e)
    return redirect("events:schedule", event.pk)


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_for(signed_in_user(request), pk)
    response = render(request, "events/_run.html", {"run": run, "event": run.event})
    if run.status in (SchedulingRun.Status.DONE, SchedulingRun.Status.FAILED) and request.GET.get("poll"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk, "events.manage_event")
    try:
        services.publish_schedule(event, by=user)
        messages.success(request, _("The schedule is published; participants were notified."))
    except ValidationError as e:
        flash_errors(request, e)
    return redirect("events:schedule", event.pk)


@login_required
@require_POST
def decide_proposal(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Publish the re-plan (only the affected people are told) or discard it."""
    user = signed_in_user(request)
    proposal = proposal_for(user, pk)
    try:
        if decision == "publish":
            changes = services.publish_proposal(proposal, by=user)
            messages.success(request, _("The re-plan is published; the people of %(count)s changed meetings were told.")
                             % {"count": len(changes)})
        elif decision == "discard":
            services.discard_proposal(proposal, by=user)
            messages.success(request, _("The re-plan is discarded; the published schedule stands."))
        else:
            raise Http404
    except ValidationError as e:
        flash_errors(request, e)
    return redirect("events:schedule", proposal.event_id)


@login_required
@require_POST
def move_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = meeting_for(user, pk, "events.manage_event")
    form = MoveForm(request.POST)
    event = meeting.event
    if form.is_valid():
        slot = Slot.objects.filter(pk=form.cleaned_data["slot"], session__event=event).first()
        table = event.tables.filter(pk=form.cleaned_data["table"]).first()
        if slot is None or table is None:
            messages.error(request, _("Choose a slot and a table of this event."))
        else:
            try:
                services.move_meeting(meeting, by=user, slot=slot, table=table)
                messages.success(request, _("Meeting moved."))
            except ValidationError as e:
                flash_errors(request, e)
    else:
        messages.error(request, _("Choose a slot and a table of this event."))
    return redirect("events:schedule", event.pk)


@login_required
@require_POST
def add_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A late meeting added by the host office; the next re-plan places it."""
    user = signed_in_user(request)
    event = event_for(user, pk, "events.manage_event")
    form = AddMeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose two different participants of this event."))
    else:
        try:
            services.add_meeting(event, by=user, **form.cleaned_data)
            messages.success(request, _("Meeting added; re-plan to place it."))
        except ValidationError as e:
            flash_errors(request, e)
    return redirect("events:schedule", event.pk)


@login_required
@require_POST
def lock_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = meeting_for(user, pk, "events.manage_event")
    try:
        services.set_locked(meeting, by=user, locked=not meeting.locked)
    except ValidationError as e:
        flash_errors(request, e)
    return redirect("events:schedule", meeting.event_id)


@login_required
@require_POST
def cancel_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = meeting_for(user, pk, "events.cancel_meeting")
    services.cancel_meeting(meeting, by=user)
    messages.success(request, _("Meeting cancelled."))
    if user.has_perm("events.view_schedule", meeting.event):
        return redirect("events:schedule", meeting.event_id)
    return redirect("events:my_agenda", meeting.event_id)
