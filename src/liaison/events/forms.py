"""Forms of the events app: they parse a page's input (and the API's, where it shares one)
into the arguments of a service, which validates them. A field the service checks is shown
as required (`Checked*`) but its empty value is passed on, so the page and the API get the
service's one message for it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.common.access import MAX_ID
from liaison.common.validation import ParseOnlyForm
from liaison.directory.models import Organization
from liaison.events.models import Event, Language, MeetingRequest, Registration, Session
from liaison.events.services.registration import AttendeeData

LANGUAGE_CHOICES = Language.choices


class Checked(forms.Field):
    """A field whose rule the service checks: shown as required, an empty value passes."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values:
            return
        super().validate(value)


class CheckedCharField(Checked, forms.CharField):
    pass


class CheckedMultipleChoiceField(Checked, forms.MultipleChoiceField):
    pass


class _Querysets:
    fields: Any

    def _field(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class EventForm(ParseOnlyForm, forms.ModelForm):
    """Parses an event's fields; `services.validate_event` holds the rules (page and API)."""

    class Meta:
        model = Event
        fields = ["title", "kind", "direction", "partner_ecosystem", "description", "start_date",
                  "end_date", "venue", "timezone", "slot_minutes", "registration_opens",
                  "registration_closes", "video_link_template", "request_cap", "request_days",
                  "breaks", "pairs", "meeting_cap", "public", "capacity"]
        widgets = {"start_date": DateInput, "end_date": DateInput,
                   "registration_opens": DateTimeInput, "registration_closes": DateTimeInput,
                   "description": forms.Textarea(attrs={"rows": 3}), "breaks": forms.RadioSelect}


class SessionForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    date = forms.DateField(label=_("date"), widget=DateInput)
    start_time = forms.TimeField(label=_("starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("ends"), widget=forms.TimeInput(attrs={"type": "time"}))


class TablesForm(forms.Form):
    names = CheckedCharField(label=_("table or room names, one a line"),
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean_names(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["names"].splitlines() if n.strip()]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Event.Status.choices)


class SessionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date:%Y-%m-%d} {obj.name} {obj.start_time:%H:%M}–{obj.end_time:%H:%M}"


class _ListedChoices(forms.models.ModelChoiceIterator):
    """The choices of a `ListedSessionsField`: its rows, already read."""

    @property
    def rows(self) -> list[Session]:
        return cast(ListedSessionsField, self.field).rows

    def __iter__(self) -> Any:
        for obj in self.rows:
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


class ListedSessionsField(SessionsField):
    """A SessionsField whose choices are `rows`, read once for every field of a form (a
    ModelChoiceField otherwise queries its queryset again for each field it renders)."""

    iterator = _ListedChoices

    def __init__(self, *args: Any, rows: list[Session], **kwargs: Any) -> None:
        self.rows = rows
        super().__init__(*args, **kwargs)


class OrganizationPicker(forms.Widget):
    """Search as you type (htmx) instead of a <select> of every organization: a search box,
    and under it the matches as radio buttons named like the field (`search_url` answers with
    them). Without JavaScript the box still submits and the page lists the matches."""

    template_name = "events/widgets/organization_picker.html"

    def __init__(self, *, search_url: str = "", attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search_url = search_url
        self.selected: Organization | None = None
        self.query = ""
        self.found: list[Organization] = []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update({"search_url": self.search_url, "selected": self.selected,
                                  "query": self.query, "found": self.found})
        return context


class RegistrationForm(_Querysets, forms.Form):
    """The page's registration: one attendee and an optional second; `attendees()` gives
    them in the service's form. The service's errors on `attendees` are shown at the first
    attendee."""

    service_fields = {"attendees": "attendee_name"}

    # Any organization the user may see parses (the view gives them); the picker offers those
    # the user may register and the service refuses the others.
    organization = forms.ModelChoiceField(label=_("organization"), queryset=Organization.objects.all(),
                                          widget=OrganizationPicker)
    attendee_name = CheckedCharField(label=_("attendee"))
    attendee_email = forms.EmailField(label=_("attendee e-mail"), required=False)
    attendee_languages = CheckedMultipleChoiceField(
        label=_("languages the attendee speaks"), choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    attendee_unavailable = SessionsField(
        label=_("sessions the attendee cannot attend"), queryset=Session.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    second_attendee = forms.CharField(label=_("second attendee (optional)"), required=False)
    second_languages = forms.MultipleChoiceField(
        label=_("languages of the second attendee"), choices=LANGUAGE_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    second_unavailable = SessionsField(
        label=_("sessions the second attendee cannot attend"), queryset=Session.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    unavailable_sessions = SessionsField(
        label=_("sessions none of your people can attend"), queryset=Session.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remote = forms.BooleanField(label=_("joins remotely (video link)"), required=False)
    wants_table = forms.BooleanField(label=_("exhibitor: own table"), required=False)

    def __init__(self, *args: Any, event: Event, organizations: Any, search_url: str = "",
                 **kwargs: Any) -> None:
        """`organizations`: those the user may see (`directory.selectors.visible_organizations`).
        Another id is not a choice, and the picker never shows its name."""
        super().__init__(*args, **kwargs)
        picker = OrganizationPicker(search_url=search_url)
        field = self._field("organization")
        field.widget = picker
        field.queryset = organizations
        chosen = self.data.get("organization") if self.is_bound else None
        if chosen and str(chosen).isdigit() and int(chosen) <= MAX_ID:
            picker.selected = (organizations.prefetch_related("translations")
                               .filter(pk=int(chosen)).first())
        for name in ("attendee_unavailable", "second_unavailable", "unavailable_sessions"):
            self._field(name).queryset = event.sessions.all()

    def show_matches(self, found: list[Organization]) -> None:
        """The picker lists these (the page's answer to a search sent without JavaScript)."""
        picker = cast(OrganizationPicker, self._field("organization").widget)
        picker.found = found
        picker.query = str(self.data.get("organization_q", ""))[:100]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("second_languages") or data.get("second_unavailable")) and not data.get("second_attendee"):
            self.add_error("second_attendee", _("Name the second attendee, or leave their answers empty."))
        return data

    def attendees(self) -> list[AttendeeData]:
        """Each person with the sessions they cannot attend (their own and the firm's)."""
        d = self.cleaned_data
        firm = list(d.get("unavailable_sessions") or [])
        out: list[AttendeeData] = [{
            "name": d["attendee_name"], "email": d.get("attendee_email", ""),
            "languages": list(d.get("attendee_languages") or []),
            "unavailable_sessions": list({*d.get("attendee_unavailable", []), *firm})}]
        if d.get("second_attendee"):
            out.append({"name": d["second_attendee"], "languages": list(d.get("second_languages") or []),
                        "unavailable_sessions": list({*d.get("second_unavailable", []), *firm})})
        return out


class AvailabilityForm(_Querysets, forms.Form):
    """One field per attendee (`attendee_<id>`): the sessions that person cannot attend. A
    registration without attendees answers for the firm (`unavailable_sessions`)."""

    def __init__(self, *args: Any, registration: Registration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sessions = registration.event.sessions.all()
        rows = list(sessions)  # the choices of every attendee's field, read once
        self.people = list(registration.attendees.prefetch_related("unavailable_sessions"))
        for a in self.people:
            self.fields[f"attendee_{a.pk}"] = ListedSessionsField(
                label=_("sessions %(name)s cannot attend") % {"name": a.name}, queryset=sessions,
                rows=rows,
                required=False, widget=forms.CheckboxSelectMultiple,
                initial=[s.pk for s in a.unavailable_sessions.all()],
            )
        if not self.people:
            self.fields["unavailable_sessions"] = SessionsField(
                label=_("sessions you cannot attend"), queryset=sessions, required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[s.pk for s in registration.unavailable_sessions.all()],
            )

    def per_attendee(self) -> dict[int, list[Session]]:
        return {a.pk: list(self.cleaned_data[f"attendee_{a.pk}"]) for a in self.people}


class InterpreterForm(_Querysets, forms.Form):
    name = CheckedCharField(label=_("name"))
    email = forms.EmailField(label=_("e-mail"), required=False)
    languages = CheckedMultipleChoiceField(label=_("languages"), choices=LANGUAGE_CHOICES,
                                           widget=forms.CheckboxSelectMultiple)
    unavailable_sessions = SessionsField(
        label=_("sessions not available"), queryset=Session.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._field("unavailable_sessions").queryset = event.sessions.all()


class InterpretingOfferForm(_Querysets, forms.Form):
    """A signed-in user offers to interpret (name and e-mail default to the account's)."""

    name = forms.CharField(label=_("name"), required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    languages = CheckedMultipleChoiceField(label=_("languages you interpret between"), choices=LANGUAGE_CHOICES,
                                           widget=forms.CheckboxSelectMultiple)
    unavailable_sessions = SessionsField(
        label=_("sessions you cannot attend"), queryset=Session.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._field("unavailable_sessions").queryset = event.sessions.all()


class RequestForm(forms.Form):
    """A meeting request, from the marketplace page or the API."""

    # Any registration parses; the service refuses one of another event.
    recipient = forms.ModelChoiceField(
        label=_("participant"), queryset=Registration.objects.select_related("organization"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That participant is not registered in this event.")},
    )
    priority = forms.IntegerField(label=_("priority"), initial=MeetingRequest.Priority.MEDIUM)
    message = forms.CharField(label=_("message"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}))


class AddMeetingForm(forms.Form):
    """A meeting the host office adds by hand (the service checks both are of the event)."""

    a = forms.ModelChoiceField(label=_("participant"), queryset=Registration.objects.all())
    b = forms.ModelChoiceField(label=_("with"), queryset=Registration.objects.all())
    priority = forms.IntegerField(label=_("priority"), required=False)

    def clean_priority(self) -> int:
        return self.cleaned_data["priority"] or MeetingRequest.Priority.MEDIUM


class MoveForm(forms.Form):
    slot = forms.IntegerField(label=_("slot"))
    table = forms.IntegerField(label=_("table"))


class RunForm(forms.Form):
    time_limit = forms.FloatField(label=_("time limit (seconds)"), min_value=1, max_value=600, initial=30)


class FeedbackForm(forms.Form):
    useful = forms.BooleanField(label=_("the meeting was useful"), required=False)
    follow_up = forms.BooleanField(label=_("a follow-up is planned"), required=False)
    comment = forms.CharField(label=_("comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
