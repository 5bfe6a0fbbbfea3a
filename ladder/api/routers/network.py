"""API: network."""

from ninja import Router

router = Router(tags=["network"])
