"""Forms of the reports pages: report filters, an outcome, an exchange rate, a rate file.
The outcome form only parses; `services.validate_outcome` holds the rules (the same for the
API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.common.validation import ParseOnlyForm, apply_errors
from liaison.directory.models import CURRENCIES, Office, Sector
from liaison.reports.kpis import report_period
from liaison.reports.models import BASE_CURRENCY, Outcome


class FilterForm(forms.Form):
    year = forms.IntegerField(label=_("year"), required=False)
    start = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sector = forms.ModelChoiceField(label=_("sector"), queryset=Sector.objects.all(), required=False,
                                    to_field_name="code")
    office = forms.ModelChoiceField(label=_("office"), queryset=Office.objects.all(), required=False,
                                    to_field_name="code")

    def period(self) -> tuple[dt.date, dt.date]:
        """The period asked for (`kpis.report_period`'s rules, the API's too); when it is not
        one, its errors go on the form's fields and the period is this year."""
        today = timezone.localdate()
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        try:
            return report_period(start=data.get("start"), end=data.get("end"),
                                 year=data.get("year"), today=today)
        except ValidationError as error:
            apply_errors(self, error)
        return self.default_period()

    @staticmethod
    def default_period() -> tuple[dt.date, dt.date]:
        """The period of an empty form: this year (`period` without a form)."""
        return report_period(start=None, end=None, year=None, today=timezone.localdate())


class OutcomeForm(ParseOnlyForm, forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["kind", "title", "description", "other_parties", "date", "stage", "value",
                  "currency", "value_public"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class RateForm(forms.Form):
    currency = forms.ChoiceField(label=_("currency"),
                                 choices=[c for c in CURRENCIES if c[0] != BASE_CURRENCY])
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    rate = forms.DecimalField(label=_("rate to the base currency"), max_digits=15, decimal_places=10,
                              min_value=0)


class RateFileForm(forms.Form):
    file = forms.FileField(label=_("CSV file (currency,date,rate)"))
