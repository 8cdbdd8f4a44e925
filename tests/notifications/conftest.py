"""The introduction flow's fixtures, for the digest tests."""

from tests.introductions.conftest import express, offer, partner_owner, vetting  # noqa: F401
