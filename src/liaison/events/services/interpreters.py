"""Interpreters: registered by the host office (confirmed at once), or offered by a
signed-in user and then confirmed or declined by the host office. The scheduler uses
confirmed interpreters only."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.accounts.models import User
from liaison.common.bounds import text_error
from liaison.common.errors import ValidationError, require
from liaison.events.models import Event, Interpreter, Language, Session
from liaison.events.services._common import Errors, add_error, own_sessions, raise_errors
from liaison.notifications.services import notify

NAME_MAX = Interpreter._meta.get_field("name").max_length or 200


def language_errors(languages: Iterable[str], field: str, errors: Errors) -> list[str]:
    """`languages` as sorted distinct codes; an unknown code is an error on `field`."""
    codes = sorted(set(languages))
    unknown = [c for c in codes if c not in Language.values]
    if unknown:
        add_error(errors, field, _("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)})
    return codes


def email_errors(email: str, field: str, errors: Errors) -> None:
    if email:
        try:
            validate_email(email)
        except ValidationError:
            add_error(errors, field, _("Enter a valid e-mail address."))


def _interpreter_errors(event: Event, *, name: str, languages: Iterable[str], email: str,
                        unavailable_sessions: Iterable[Session]) -> Errors:
    errors: Errors = {}
    if not name.strip():
        add_error(errors, "name", _("Give the interpreter's name."))
    elif len(name.strip()) > NAME_MAX:
        add_error(errors, "name", _("A name has at most 200 characters."))
    elif text_error(name, NAME_MAX):
        add_error(errors, "name", str(text_error(name, NAME_MAX)))
    codes = language_errors(languages, "languages", errors)
    if len(codes) < 2:
        add_error(errors, "languages", _("An interpreter speaks at least two languages."))
    email_errors(email, "email", errors)
    own_sessions(event, unavailable_sessions, "unavailable_sessions", errors)
    return errors


@transaction.atomic
def add_interpreter(event: Event, *, by: User, name: str, languages: list[str], email: str = "",
                    unavailable_sessions: Iterable[Session] = ()) -> Interpreter:
    """An interpreter registered by the host office: confirmed at once."""
    require(by, "events.manage_event", event)
    sessions = list(unavailable_sessions)
    raise_errors(_interpreter_errors(event, name=name, languages=languages, email=email,
                                     unavailable_sessions=sessions))
    interpreter = Interpreter.objects.create(event=event, name=name.strip(), email=email,
                                             languages=sorted(set(languages)),
                                             status=Interpreter.Status.CONFIRMED,
                                             answered_by=by, answered_at=timezone.now())
    interpreter.unavailable_sessions.set(sessions)
    return interpreter


def _offered_name(by: User, name: str) -> str:
    return (name or by.get_full_name() or by.get_username()).strip()[:NAME_MAX]


def offer_errors(event: Event, *, by: User, languages: Iterable[str], name: str = "",
                 email: str = "", unavailable_sessions: Iterable[Session] = ()) -> Errors:
    """What is wrong with an offer to interpret (field -> messages); `offer_interpreting`
    refuses it with these. Fronts add their own parse errors to them."""
    errors = _interpreter_errors(event, name=_offered_name(by, name), languages=languages,
                                 email=email, unavailable_sessions=unavailable_sessions)
    if event.interpreters.filter(user=by).exists():
        add_error(errors, "__all__", _("You have already offered to interpret at this event."))
    return errors


@transaction.atomic
def offer_interpreting(event: Event, *, by: User, languages: list[str], name: str = "",
                       email: str = "", unavailable_sessions: Iterable[Session] = ()) -> Interpreter:
    """A signed-in user offers to interpret at an event open for registration. The offer waits
    for the host office (the scheduler does not use it until confirmed). Side effect: the
    host office's officers are notified."""
    require(by, "events.offer_interpreting", event)
    sessions = list(unavailable_sessions)
    raise_errors(offer_errors(event, by=by, languages=languages, name=name, email=email,
                              unavailable_sessions=sessions))
    interpreter = Interpreter.objects.create(
        event=event, name=_offered_name(by, name), email=email or by.email,
        languages=sorted(set(languages)), status=Interpreter.Status.OFFERED, user=by,
    )
    interpreter.unavailable_sessions.set(sessions)
    notify(event.host_office.officers.all(), kind="events.interpreter_offered",
           title=gettext_lazy("%(name)s offers to interpret at %(event)s"),
           url=reverse("events:interpreters", args=[event.pk]),
           context={"name": interpreter.name, "event": event.title})
    return interpreter


@transaction.atomic
def answer_interpreter_offer(interpreter: Interpreter, *, by: User, confirm: bool) -> Interpreter:
    """The host office confirms (the scheduler may then use the interpreter) or declines an
    offer. Side effect: the interpreter is notified."""
    require(by, "events.answer_interpreter_offer", interpreter)
    if interpreter.status != Interpreter.Status.OFFERED:
        raise ValidationError({"status": _("This offer has already been answered.")})
    interpreter.status = Interpreter.Status.CONFIRMED if confirm else Interpreter.Status.DECLINED
    interpreter.answered_by = by
    interpreter.answered_at = timezone.now()
    interpreter.save(update_fields=["status", "answered_by", "answered_at"])
    event = interpreter.event
    notify([interpreter.user], kind="events.interpreter_answered",
           title=(gettext_lazy("You are confirmed as an interpreter at %(event)s") if confirm
                  else gettext_lazy("Your offer to interpret at %(event)s was declined")),
           url=reverse("events:offer_interpreting", args=[event.pk]), context={"event": event.title})
    return interpreter
