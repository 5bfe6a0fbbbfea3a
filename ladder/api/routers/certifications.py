"""API: certifications."""

from ninja import Router

router = Router(tags=["certifications"])
