"""Demo data: tuition."""

from __future__ import annotations


def seed_tuition() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
