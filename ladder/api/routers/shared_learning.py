"""API: shared_learning."""

from ninja import Router

router = Router(tags=["shared learning"])
