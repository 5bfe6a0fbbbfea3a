"""Demo data: shared_learning."""

from __future__ import annotations


def seed_shared_learning() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
