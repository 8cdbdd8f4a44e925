"""Organization and contact forms. The organization form only parses;
`services.validate_organization` holds the rules (the same for the API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.common.validation import ParseOnlyForm
from liaison.directory.models import Organization, Person, Sector


class OrganizationForm(ParseOnlyForm, forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    name_en = forms.CharField(
        label=_("Name in English"), required=False, max_length=200,
        help_text=_("For cross-border visibility when the primary language is not English."),
    )
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = Organization
        fields = [
            "kind", "name", "description", "language", "sectors", "size", "stage",
            "founded_year", "turnover", "turnover_currency", "website",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            english = self.instance.translations.filter(language="en").first()
            if english:
                self.initial.setdefault("name_en", english.name)
                self.initial.setdefault("description_en", english.description)


class PersonForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=[("en", _("English")), ("zh", _("Chinese")), ("he", _("Hebrew")),
                 ("ru", _("Russian")), ("ar", _("Arabic")), ("fr", _("French")),
                 ("de", _("German")), ("ja", _("Japanese")), ("ko", _("Korean")),
                 ("es", _("Spanish"))],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Person
        fields = ["name", "job_title", "email", "phone", "languages"]
