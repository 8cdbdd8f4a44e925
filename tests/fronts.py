"""Read the field errors a write gets from each front: the page (its form), the API (422) and
the service itself (ValidationError). One validation path means the three are the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError


def page_errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    return {field: list(messages) for field, messages in form.errors.items()}


def api_errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 422, (response.status_code, response.content)
    body = response.json()
    assert body["detail"] == "Invalid input."
    return dict(body["errors"])


def service_errors(write: Callable[[], object]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        write()
    return caught.value.message_dict


def send_json(client: Any, method: str, url: str, payload: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")
