"""Forms of the events app; the pages and the API validate with these."""

from __future__ import annotations

import zoneinfo
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.directory.models import Organization
from liaison.events.models import Event, MeetingRequest, Registration, Session

LANGUAGE_CHOICES = [("zh", _("Chinese")), ("he", _("Hebrew")), ("en", _("English")),
                    ("ru", _("Russian")), ("ar", _("Arabic")), ("fr", _("French")),
                    ("de", _("German")), ("ja", _("Japanese")), ("ko", _("Korean")), ("es", _("Spanish"))]


class _Querysets:
    fields: Any

    def _field(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "kind", "direction", "partner_ecosystem", "description", "start_date",
                  "end_date", "venue", "timezone", "slot_minutes", "registration_opens",
                  "registration_closes", "video_link_template", "request_cap", "request_days"]
        widgets = {"start_date": DateInput, "end_date": DateInput,
                   "registration_opens": DateTimeInput, "registration_closes": DateTimeInput,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def clean_timezone(self) -> str:
        value = self.cleaned_data["timezone"]
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise forms.ValidationError(_("Unknown time zone, e.g. Asia/Jerusalem.")) from exc
        return str(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day is before the first."))
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("Registration closes after it opens."))
        return data


class SessionForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    date = forms.DateField(label=_("date"), widget=DateInput)
    start_time = forms.TimeField(label=_("starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("ends"), widget=forms.TimeInput(attrs={"type": "time"}))


class TablesForm(forms.Form):
    names = forms.CharField(label=_("table or room names, one a line"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_names(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data["names"].splitlines() if n.strip()]
        if not names:
            raise forms.ValidationError(_("Give at least one table name."))
        if any(len(n) > 60 for n in names):
            raise forms.ValidationError(_("A table name has at most 60 characters."))
        return names


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Event.Status.choices)


class SessionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date:%Y-%m-%d} {obj.name} {obj.start_time:%H:%M}–{obj.end_time:%H:%M}"


class RegistrationForm(_Querysets, forms.Form):
    organization = forms.ModelChoiceField(label=_("organization"), queryset=Organization.objects.none())
    attendee_name = forms.CharField(label=_("attendee"), max_length=200)
    attendee_email = forms.EmailField(label=_("attendee e-mail"), required=False)
    attendee_languages = forms.MultipleChoiceField(
        label=_("languages the attendee speaks"), choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    attendee_unavailable = SessionsField(
        label=_("sessions the attendee cannot attend"), queryset=Session.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    second_attendee = forms.CharField(label=_("second attendee (optional)"), max_length=200, required=False)
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

    def __init__(self, *args: Any, event: Event, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._field("organization").queryset = organizations
        for name in ("attendee_unavailable", "second_unavailable", "unavailable_sessions"):
            self._field(name).queryset = event.sessions.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("second_languages") or data.get("second_unavailable")) and not data.get("second_attendee"):
            self.add_error("second_attendee", _("Name the second attendee, or leave their answers empty."))
        return data

    def attendees(self) -> list[dict[str, Any]]:
        """Each person with the sessions they cannot attend (their own and the firm's)."""
        d = self.cleaned_data
        firm = list(d.get("unavailable_sessions") or [])
        out = [{"name": d["attendee_name"], "email": d.get("attendee_email", ""),
                "languages": list(d["attendee_languages"]),
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
        self.people = list(registration.attendees.prefetch_related("unavailable_sessions"))
        for a in self.people:
            self.fields[f"attendee_{a.pk}"] = SessionsField(
                label=_("sessions %(name)s cannot attend") % {"name": a.name}, queryset=sessions,
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
    name = forms.CharField(label=_("name"), max_length=200)
    email = forms.EmailField(label=_("e-mail"), required=False)
    languages = forms.MultipleChoiceField(label=_("languages"), choices=LANGUAGE_CHOICES,
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

    name = forms.CharField(label=_("name"), max_length=200, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    languages = forms.MultipleChoiceField(label=_("languages you interpret between"), choices=LANGUAGE_CHOICES,
                                          widget=forms.CheckboxSelectMultiple)
    unavailable_sessions = SessionsField(
        label=_("sessions you cannot attend"), queryset=Session.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._field("unavailable_sessions").queryset = event.sessions.all()


class RequestForm(forms.Form):
    recipient = forms.IntegerField(label=_("participant"), widget=forms.HiddenInput)
    priority = forms.TypedChoiceField(label=_("priority"), choices=MeetingRequest.Priority.choices,
                                      coerce=int, initial=2)
    message = forms.CharField(label=_("message"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


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
