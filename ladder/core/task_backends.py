"""The backends behind ladder.core.tasks, in Django's tasks API (the django-tasks backport;
on Django 6 the import becomes django.tasks and TASKS stays as it is).

settings.TASKS names two: "default" runs a task in the caller at once; "celery" sends it to a
Celery worker on Redis (LADDER_TASK_BACKEND=celery). The worker runs ladder.celery's app,
which loads this module by name (no import back into core).
"""

from __future__ import annotations

from typing import Any, TypeVar

import django
from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id
from typing_extensions import ParamSpec

T = TypeVar("T")
P = ParamSpec("P")


def _result(
    task: Task[P, T], args: Any, kwargs: dict[str, Any], alias: str, status: TaskResultStatus
) -> TaskResult[T]:
    now = timezone.now()
    return TaskResult(
        task=task,
        id=get_random_id(),
        status=status,
        enqueued_at=now,
        started_at=now if status != TaskResultStatus.READY else None,
        finished_at=now if status == TaskResultStatus.SUCCESSFUL else None,
        last_attempted_at=now if status != TaskResultStatus.READY else None,
        args=list(args),
        kwargs=kwargs,
        backend=alias,
        errors=[],
        worker_ids=[],
    )


class InProcessBackend(BaseTaskBackend):
    """Runs the task in the caller, at once. Unlike django-tasks' ImmediateBackend, which
    records a failure on the result, the task's exception reaches the caller as in a direct
    call: in development and tests a broken task is loud."""

    supports_priority = True

    def enqueue(self, task: Task[P, T], args: Any, kwargs: Any) -> TaskResult[T]:
        self.validate_task(task)
        value = task.call(*args, **kwargs)
        result = _result(task, args, kwargs, self.alias, TaskResultStatus.SUCCESSFUL)
        object.__setattr__(result, "_return_value", value)
        return result


@shared_task(name="ladder.run_task")
def run_task(module_path: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """The Celery side: run the django-tasks Task named by its module path."""
    django.setup()  # a worker process: apps (and with them every named job) loaded once
    task: Task[..., Any] = import_string(module_path)
    task.call(*args, **kwargs)


class CeleryBackend(BaseTaskBackend):
    """Queues the task on Celery once the enqueuing transaction commits (so the worker sees
    the rows it was queued for)."""

    def enqueue(self, task: Task[P, T], args: Any, kwargs: Any) -> TaskResult[T]:
        self.validate_task(task)
        result = _result(task, args, kwargs, self.alias, TaskResultStatus.READY)
        path, sent_args, sent_kwargs = task.module_path, result.args, result.kwargs
        transaction.on_commit(lambda: run_task.delay(path, sent_args, sent_kwargs))
        return result
