"""Demo data: openings."""

from __future__ import annotations


def seed_openings() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
