"""The events fixtures (`ew`: a delegation with two registered firms) for the trust tests."""

from tests.events.conftest import _small_embedder, ew  # noqa: F401
