"""API: openings."""

from ninja import Router

router = Router(tags=["openings"])
