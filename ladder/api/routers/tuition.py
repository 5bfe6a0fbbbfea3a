"""API: tuition."""

from ninja import Router

router = Router(tags=["tuition"])
