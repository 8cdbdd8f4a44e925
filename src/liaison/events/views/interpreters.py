"""Interpreter pages: the host office's list (register one, answer offers) and a signed-in
user's offer to interpret."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.common.errors import PermissionDenied, ValidationError
from liaison.events import services
from liaison.events.access import event_for, interpreter_for, signed_in_user
from liaison.events.forms import InterpreterForm, InterpretingOfferForm
from liaison.events.views._common import apply_errors, flash_errors


@login_required
def interpreters(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event = event_for(user, pk, "events.manage_event")
    form = InterpreterForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_interpreter(event, by=user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Interpreter registered."))
            return redirect("events:interpreters", event.pk)
    return render(request, "events/interpreters.html", {
        "event": event, "form": form, "interpreters": event.interpreters.prefetch_related("unavailable_sessions")},
        status=422 if form.errors else 200)


@login_required
def offer_interpreting(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed-in user offers to interpret; shows the offer and its answer once made."""
    user = signed_in_user(request)
    event = event_for(user, pk)
    offer = event.interpreters.filter(user=user).prefetch_related("unavailable_sessions").first()
    if offer is None and not user.has_perm("events.offer_interpreting", event):
        raise PermissionDenied("events.offer_interpreting")
    form = InterpretingOfferForm(request.POST or None, event=event,
                                 initial={"name": user.get_full_name(), "email": user.email})
    if request.method == "POST":
        if offer is not None:
            messages.error(request, _("You have already offered to interpret at this event."))
            return redirect("events:offer_interpreting", event.pk)
        if form.is_valid():
            try:
                services.offer_interpreting(event, by=user, **form.cleaned_data)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("Thank you: the host office will confirm your offer."))
                return redirect("events:offer_interpreting", event.pk)
    return render(request, "events/interpret.html", {"event": event, "form": form, "offer": offer},
                  status=422 if form.errors else 200)


@login_required
@require_POST
def answer_interpreter(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    if answer not in ("confirm", "decline"):
        raise Http404
    user = signed_in_user(request)
    interpreter = interpreter_for(user, pk, "events.answer_interpreter_offer")
    try:
        services.answer_interpreter_offer(interpreter, by=user, confirm=answer == "confirm")
    except ValidationError as e:
        flash_errors(request, e)
    else:
        messages.success(request, _("%(name)s is confirmed.") % {"name": interpreter.name} if answer == "confirm"
                         else _("The offer of %(name)s is declined.") % {"name": interpreter.name})
    return redirect("events:interpreters", interpreter.event_id)
