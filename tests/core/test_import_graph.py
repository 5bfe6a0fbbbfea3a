"""The import contracts in pyproject.toml ([tool.importlinter]): core imports no other ladder
app, and the apps import each other without cycles. `make lint` runs the same check."""

from __future__ import annotations

import sys
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert code == 0, "an import contract is broken: run `lint-imports` for the imports at fault"


def test_a_new_cycle_between_apps_breaks_the_contract(tmp_path, monkeypatch):
    """The same contracts, on a copy of the tree where core imports people: both break."""
    copy = tmp_path / "tree"
    (copy / "ladder").mkdir(parents=True)
    for path in (ROOT / "ladder").rglob("*.py"):
        target = copy / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    access = copy / "ladder" / "core" / "access.py"
    access.write_text(access.read_text() + "\nfrom ladder.people.models import Person  # noqa\n")
    (copy / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    monkeypatch.chdir(copy)
    monkeypatch.syspath_prepend(str(copy))
    for name in [m for m in list(sys.modules) if m == "ladder" or m.startswith("ladder.")]:
        monkeypatch.delitem(sys.modules, name)
    code = lint_imports(config_filename=str(copy / "pyproject.toml"), no_cache=True)
    assert code == 1
