"""The home pages' worlds: the tuition tests' grow-your-own world (Riverside's ladder, a
programme covering Riverside, tina the assistant with a bachelor's, supervised by sam)."""

from __future__ import annotations

from tests.tuition.conftest import grow

__all__ = ["grow"]
