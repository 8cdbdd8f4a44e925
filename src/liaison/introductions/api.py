"""API endpoints of the introductions app (mounted under /api/ by liaison.api.views)."""

from ninja import Router

router = Router(tags=["introductions"])
