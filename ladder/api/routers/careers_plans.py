"""API: careers_plans."""

from ninja import Router

router = Router(tags=["careers"])
