"""The introduction flow's fixtures, for the digest tests; the mail server and the task
runners of the e-mail tests."""

from __future__ import annotations

import socket
from io import StringIO
from typing import Any

import pytest

from tests.introductions.conftest import express, offer, partner_owner, vetting  # noqa: F401


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Tasks run at once, inside the call that enqueues them (django-tasks' immediate backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def smtp_down(settings: Any) -> int:
    """A real SMTP backend pointed at a port where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    return port


@pytest.fixture
def run_worker() -> Any:
    """run_worker(): the background worker (`liaison worker --batch`) takes every task that is
    due and exits. Needs a transactional test (the worker commits)."""
    from django.core.management import call_command

    def run() -> None:
        call_command("worker", "--batch", "--interval", "0", stdout=StringIO(), stderr=StringIO())

    return run
