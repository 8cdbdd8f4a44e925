"""The e-mail preferences form: one checkbox per notification kind."""

from __future__ import annotations

from typing import Any

from django import forms

from liaison.notifications.kinds import KINDS


class PreferencesForm(forms.Form):
    def __init__(self, *args: Any, current: dict[str, bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in KINDS.items():
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=current.get(kind, True)
            )
