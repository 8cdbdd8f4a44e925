"""Helpers of the events pages: a service's field errors onto a form or into flash messages,
and the registration an officer acts for."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from liaison.accounts.models import User
from liaison.common.bounds import parse_id
from liaison.common.errors import ValidationError
from liaison.events.access import my_registration
from liaison.events.models import Event, Registration
from liaison.events.selectors import actable_registrations


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's errors onto the form: each on the field of that name, or on the field the
    form names for it in `service_fields` (the service's field → the form's), else above
    the form."""
    fields = getattr(form, "service_fields", {})
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            field = fields.get(field, field)
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for msg in error.messages:
        messages.error(request, msg)


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    for err in form.errors.values():
        messages.error(request, " ".join(str(e) for e in err))


def acting_registration(request: HttpRequest, user: User, event: Event) -> Registration | None:
    """The member's own registration, or for an officer the one chosen with the act-for
    switch (?as=): any of the event's for the host office, its own firms' for another office."""
    as_id = parse_id(request.GET.get("as") or request.POST.get("as"))
    if as_id is not None:
        chosen = next((r for r in actable_registrations(user, event) if r.pk == as_id), None)
        if chosen is not None:
            return chosen
    return my_registration(user, event)
