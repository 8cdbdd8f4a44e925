"""API endpoints of the notifications app (mounted under /api/ by liaison.api.views)."""

from ninja import Router

router = Router(tags=["notifications"])
