from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def tlv_officer(world: Any) -> Any:
    """The Tel Aviv officer (imports for the Tel Aviv office)."""
    return world.other_officer
