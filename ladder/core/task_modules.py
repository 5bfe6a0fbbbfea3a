"""Import every module that registers tasks, so a worker knows them all."""

from importlib import import_module

TASK_MODULES = [
    "ladder.people.jobs",
    "ladder.learning.jobs",
    "ladder.shared_learning.jobs",
    "ladder.shared_learning.coaching",
    "ladder.shared_learning.digest",
    "ladder.openings.openings",
    "ladder.openings.scenarios",
    "ladder.reports.snapshots",
]


def load_all() -> None:
    for module in TASK_MODULES:
        import_module(module)
