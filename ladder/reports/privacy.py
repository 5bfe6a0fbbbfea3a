"""Small-cell suppression for figures that leave the library (network totals)."""

from __future__ import annotations

#: A cell counting fewer people than this is shown as "<5".
SMALL_CELL = 5


def suppressed(count: int | None) -> int | str | None:
    """The count, or "<5" when 1 to 4 people could be singled out (0 stays 0)."""
    if count is None or count == 0 or count >= SMALL_CELL:
        return count
    return f"<{SMALL_CELL}"
