"""The import page's form: it parses the choice and the upload; the service judges the file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.directory.models import Office

KIND_CHOICES = [
    ("organizations", _("Organizations (and their contacts in a second sheet)")),
    ("people", _("People (contacts of organizations)")),
    ("opportunities", _("Opportunities")),
    ("registrations", _("Registrations for an event")),
]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("File (XLSX or CSV)"))
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.all(),
                                    required=False)
    event = forms.IntegerField(label=_("Event number"), required=False, min_value=1,
                               max_value=2**63 - 1)

    def __init__(self, *args: Any, hq: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not hq:
            del self.fields["office"]
