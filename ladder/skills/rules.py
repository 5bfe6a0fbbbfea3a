"""How the evidence log decides a person's current level in a competency. Plain Python.

The log is read in the order it was written:
- a supervisor's assessment sets the level (a supervisor confirms or adjusts, up or down);
- the person's own assessment sets it only while no supervisor has assessed them (a
  supervisor's assessment outranks the person's own, however recent), and never below what
  their training has shown;
- completed training, a credential or coaching raises the level to what it reaches when that
  is higher, and never lowers it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SELF = "self"
SUPERVISOR = "supervisor"
RAISING = frozenset({"training", "credential", "coaching"})


@dataclass(frozen=True)
class Entry:
    kind: str
    level: int


@dataclass(frozen=True)
class Current:
    level: int
    source: str
    self_level: int | None
    supervisor_level: int | None


def current_level(entries: Iterable[Entry]) -> Current | None:
    """The current level from log entries in the order they were recorded (None if empty)."""
    level: int | None = None
    source = ""
    self_level: int | None = None
    supervisor_level: int | None = None
    # The highest level training (or a credential, or coaching) has shown so far, and by what.
    floor: tuple[int, str] | None = None
    for entry in entries:
        if entry.kind == SUPERVISOR:
            supervisor_level = entry.level
            level, source = entry.level, SUPERVISOR
        elif entry.kind == SELF:
            self_level = entry.level
            if supervisor_level is None:
                if floor is not None and floor[0] > entry.level:
                    level, source = floor
                else:
                    level, source = entry.level, SELF
        elif entry.kind in RAISING:
            if floor is None or entry.level > floor[0]:
                floor = (entry.level, entry.kind)
            if level is None or entry.level > level:
                level, source = entry.level, entry.kind
        else:
            raise ValueError(f"unknown evidence kind {entry.kind!r}")
    if level is None:
        return None
    return Current(level, source, self_level, supervisor_level)
