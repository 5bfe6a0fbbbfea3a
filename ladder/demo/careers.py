"""Demo data: careers."""

from __future__ import annotations


def seed_careers() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
