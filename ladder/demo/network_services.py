"""Demo data: network_services."""

from __future__ import annotations


def seed_network_services() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
