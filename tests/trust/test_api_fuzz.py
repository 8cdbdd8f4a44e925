"""Standing guard (#13): schemathesis sends generated requests to every operation of the
OpenAPI document — anonymous and with a firm member's token — and no answer may be a server
error. Bounded (a few examples per operation) and deterministic (derandomized), so a failure
replays."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# A deeper hunt: LIAISON_FUZZ_EXAMPLES=50 pytest tests/trust/test_api_fuzz.py
EXAMPLES = int(os.environ.get("LIAISON_FUZZ_EXAMPLES", "6"))


def _schema() -> Any:
    from django.core.wsgi import get_wsgi_application

    from liaison.api.views import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """schemathesis calls the WSGI application itself, not Django's test client: keep Django
    from closing the test's database connection (and its transaction) after each request,
    as the test client does."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def member_token(world: Any) -> str:
    """A token of a firm member, with something to find: a published opportunity and a draft
    of the member's firm."""
    from liaison.accounts.models import ApiToken
    from tests.factories import make_opportunity

    make_opportunity(world.home_firm, status="published", title="Grid storage controllers")
    make_opportunity(world.home_firm, status="draft", title="Battery analytics pilot")
    _token, raw = ApiToken.issue(world.member, "schemathesis")
    return raw

FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_no_server_error_for_an_anonymous_caller(case: Any, world: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@schema.parametrize()
@FUZZ
def test_no_server_error_for_a_members_token(case: Any, member_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {member_token}"},
                           checks=[not_a_server_error])
