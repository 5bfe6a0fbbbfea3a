"""Demo data: certifications."""

from __future__ import annotations


def seed_certifications() -> None:
    """Seed (or bring up to date) this part of the demo. Idempotent."""
