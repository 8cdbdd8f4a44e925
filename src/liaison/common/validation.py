"""One validation path per write: the service checks, every front shows its answer.

A write's service function checks its whole input — required fields, lengths, allowed values,
date ranges, money — and raises one `ValidationError` naming each bad field (`FieldErrors`
collects them; `FieldErrors.model_fields` asks the model's own field declarations: blank,
choices, max length, validators such as a minimum or the digits of a decimal; and the bounds
of `common.bounds`: no NUL in text, at most TEXT_MAX characters where the model declares no
length, dates within the window).

Fronts only parse. A page form (`ParseOnlyForm`) turns posted strings into values (a date, a
decimal, a row) and an API schema types the JSON; a page puts the service's errors on its
fields (`apply_errors`), the API answers 422 with the same errors (api/views.py). When a front
cannot parse a field (a code that names nothing, a date that is not a date) it still asks the
service about the others (`raise_with_parse_errors`), so one answer names every bad field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Annotated, Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import DateField, Field, Model
from pydantic import Field as SchemaField

from liaison.common.bounds import TEXT_MAX, date_error, text_error

# An amount in an API schema: parsed as a decimal, judged by the service (so "NaN" or "1e30"
# gets the same field error as on a page, instead of the schema's own).
AmountIn = Annotated[Decimal, SchemaField(allow_inf_nan=True)]


def text_limit(field: Any) -> int:
    """The most characters a model field's text may have: its declared max_length, else
    TEXT_MAX (a TextField)."""
    return int(getattr(field, "max_length", None) or TEXT_MAX)


def messages_by_field(error: ValidationError) -> dict[str, list[str]]:
    """A ValidationError as {field: [messages]} (NON_FIELD_ERRORS for one without fields)."""
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {NON_FIELD_ERRORS: list(error.messages)}


class FieldErrors:
    """The field errors of one input, raised together by `raise_if_any`."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: Any) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def model_fields(
        self, model: type[Model], values: Mapping[str, Any], *, prefix: str = "", suffix: str = ""
    ) -> dict[str, Any]:
        """Check each value against its field's declaration in `model` and return the
        converted values of those that pass (a "12.50" becomes a Decimal); a field that
        already has an error is not checked again. An input named `prefix + name + suffix`
        (e.g. "title_en") is checked as the model's field `name`."""
        cleaned: dict[str, Any] = {}
        for name, value in values.items():
            if name in self.errors:
                continue
            model_name = name.removeprefix(prefix).removesuffix(suffix)
            field = cast("Field[Any, Any]", model._meta.get_field(model_name))
            message = text_error(value, text_limit(field))
            if message:
                self.errors[name] = [message]
                continue
            try:
                cleaned[name] = field.clean(value, None)
            except ValidationError as error:
                self.errors[name] = list(error.messages)
                continue
            if isinstance(field, DateField):  # DateTimeField too
                message = date_error(cleaned[name])
                if message:
                    self.errors[name] = [message]
                    del cleaned[name]
        return cleaned

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def raise_with_parse_errors(
    parse_errors: Mapping[str, Iterable[Any]], validate: Callable[[], object]
) -> None:
    """For a front that could not parse some fields: raise one ValidationError with those
    and what the service's `validate` says of the other fields. Does nothing when every
    field parsed (the service validates again as it writes)."""
    if not parse_errors:
        return
    errors = {field: [str(m) for m in messages] for field, messages in parse_errors.items()}
    try:
        validate()
    except ValidationError as error:
        for field, messages in messages_by_field(error).items():
            errors.setdefault(field, messages)
    raise ValidationError(errors)


class ParseOnlyForm(forms.BaseForm):
    """A page form that only parses: each field turns the posted string into a value and
    nothing more. Required fields, lengths, allowed values and ranges are the service's rules;
    the fields keep `required`, `max_length` and `choices` for rendering (the asterisk, the
    maxlength attribute, the options). Mix in before Form or ModelForm."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.clean = field.to_python  # type: ignore[method-assign]

    def _post_clean(self) -> None:
        # A model form neither validates the model nor touches its instance: the service does.
        pass

    def parsed(self, validate: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
        """The parsed values when every field parsed; otherwise a ValidationError with the
        fields that did not and what the service's `validate` says of the others."""
        if not self.is_valid():
            raise_with_parse_errors(self.errors, lambda: validate(dict(self.cleaned_data)))
        return dict(self.cleaned_data)


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the page form: each message on its field (or at
    the top when the form has no such field). A field that already shows an error (it did not
    parse) keeps it alone."""
    for field, messages in messages_by_field(error).items():
        if field not in form.fields:
            form.add_error(None, messages)
        elif field not in form.errors:
            form.add_error(field, messages)
