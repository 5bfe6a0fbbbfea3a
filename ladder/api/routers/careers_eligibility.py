"""API: careers_eligibility."""

from ninja import Router

router = Router(tags=["careers"])
