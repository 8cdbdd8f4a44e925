"""Forms of the introductions pages. The interest form only parses; the services hold the
rules (the same for the API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.common.validation import ParseOnlyForm
from liaison.directory.models import Organization


class InterestForm(ParseOnlyForm, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organization.objects.none(), empty_label=None)
    message = forms.CharField(
        label=_("Message to the organization"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your organization's name and contacts stay hidden until the other side "
                    "accepts the introduction."),
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        field.choices = [(o.pk, o.display_name) for o in organizations]
        if len(organizations) == 1:
            field.initial = organizations[0].pk


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class VetReasonForm(ReasonForm):
    """The office's reason when it vets: read by the interested organization if the office
    declines (so the officer is told before writing)."""

    def __init__(self, *args: Any, reader: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Visible to the other side: if you decline, %(organization)s reads this reason. "
            "If you forward, it stays in your office's log.") % {"organization": reader}


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note for your firm"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, reader: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reader:
            self.fields["text"].help_text = _(
                "Visible to %(organization)s: its members read this note and get it by e-mail.") % {
                "organization": reader}


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), required=False, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Attachment"), required=False)
