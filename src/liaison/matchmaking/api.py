"""API endpoints of the matchmaking app (mounted under /api/ by liaison.api.views)."""

from ninja import Router

router = Router(tags=["matchmaking"])
