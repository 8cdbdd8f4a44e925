"""API endpoints of the events app (mounted under /api/ by liaison.api.views)."""

from ninja import Router

router = Router(tags=["events"])
