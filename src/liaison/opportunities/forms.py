"""The opportunity page form. It only parses; `services.validate_opportunity` holds the rules
(the same for the API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.common.validation import ParseOnlyForm
from liaison.directory.models import Ecosystem, Sector
from liaison.opportunities.models import CooperationKind, Opportunity


class OpportunityForm(ParseOnlyForm, forms.ModelForm):
    cooperation_kinds = forms.MultipleChoiceField(
        label=_("Cooperation sought"),
        choices=CooperationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=True,
        widget=forms.CheckboxSelectMultiple,
    )
    target_ecosystems = forms.ModelMultipleChoiceField(
        label=_("Target ecosystems"), queryset=Ecosystem.objects.all(), required=False,
        help_text=_("Leave empty to reach every partner ecosystem."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Default: 12 months after publication."),
    )

    title_en = forms.CharField(
        label=_("Title in English"), required=False, max_length=200,
        help_text=_("For cross-border visibility when the opportunity is not written in English."),
    )
    summary_en = forms.CharField(label=_("Summary in English"), required=False, max_length=500)
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = Opportunity
        fields = [
            "type", "title", "summary", "description", "language", "sectors",
            "cooperation_kinds", "target_ecosystems", "expires_on",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            english = self.instance.translations.filter(language="en").first()
            if english:
                self.initial.setdefault("title_en", english.title)
                self.initial.setdefault("summary_en", english.summary)
                self.initial.setdefault("description_en", english.description)
