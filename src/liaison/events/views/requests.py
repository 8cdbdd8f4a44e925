"""Meeting request pages: the requests a participant sent and received, sending one from
the marketplace, accepting or declining (htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.common.errors import PermissionDenied, ValidationError
from liaison.events import services
from liaison.events.access import event_for, request_for, signed_in_user
from liaison.events.forms import RequestForm
from liaison.events.models import MeetingRequest
from liaison.events.selectors import act_for_choices, requests_seen_by_office
from liaison.events.views._common import acting_registration, flash_errors, flash_form_errors


@login_required
def requests_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk, "events.view_participants")
    mine = acting_registration(request, user, event)
    base = MeetingRequest.objects.select_related("requester__organization", "recipient__organization", "event"
                                                 ).prefetch_related("requester__organization__translations",
                                                                    "recipient__organization__translations")
    overview = base.none()
    if mine is None:  # an officer without a firm chosen: every request the office may see
        overview = requests_seen_by_office(user, event)
    received = base.filter(recipient=mine) if mine else base.none()
    sent = base.filter(requester=mine) if mine else base.none()
    listed = [*overview, *received]
    answerable = {r.pk for r in listed if user.has_perm("events.answer_request", r)}
    return render(request, "events/requests.html", {
        "event": event, "mine": mine, "received": received, "sent": sent, "overview": overview,
        "answerable": answerable, "act_for": act_for_choices(user, event)})


@login_required
@require_POST
def send_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk, "events.view_participants")
    mine = acting_registration(request, user, event)
    if mine is None:
        raise PermissionDenied
    form = RequestForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.send_request(by=user, requester=mine, recipient=d["recipient"],
                                  priority=d["priority"], message=d["message"])
            messages.success(request, _("Request sent to %(organization)s.") % {
                "organization": d["recipient"].organization})
        except ValidationError as e:
            flash_errors(request, e)
    else:
        flash_form_errors(request, form)
    url = reverse("events:participants", args=[event.pk])
    return redirect(f"{url}?{urlencode({'as': mine.pk})}" if request.POST.get("as") else url)


@login_required
@require_POST
def answer_request(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    if answer not in ("accept", "decline"):
        raise Http404
    user = signed_in_user(request)
    req = request_for(user, pk, "events.answer_request")
    services.answer_request(req, by=user, accept=answer == "accept")
    if request.htmx:  # type: ignore[attr-defined]
        req.refresh_from_db()
        return render(request, "events/_request_row.html", {"r": req, "answerable": set()})
    return redirect("events:requests", req.event_id)

