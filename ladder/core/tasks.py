"""One task interface. The default runs work in-process; LADDER_TASK_BACKEND=celery sends it
to a Celery worker on Redis. Tasks report progress on a Job row that pages poll with HTMX."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ladder.core.models import Job

log = logging.getLogger(__name__)

TaskFn = Callable[..., Any]
_REGISTRY: dict[str, TaskFn] = {}


class Progress:
    """Handed to a task so it can say how far it is."""

    def __init__(self, job: Job | None) -> None:
        self.job = job

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        if self.job is None:
            return
        self.job.done = done
        if total is not None:
            self.job.total = total
        if message:
            self.job.message = message[:255]
        Job.objects.filter(pk=self.job.pk).update(
            done=self.job.done, total=self.job.total, message=self.job.message
        )


def task(name: str) -> Callable[[TaskFn], TaskFn]:
    """Register a function as a task. It receives progress=Progress and JSON-able kwargs."""

    def register(fn: TaskFn) -> TaskFn:
        _REGISTRY[name] = fn
        return fn

    return register


def run_job(job_id: str, name: str, kwargs: dict[str, Any]) -> None:
    job = Job.objects.filter(pk=job_id).first() if job_id else None
    if job is not None:
        Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    try:
        result = _REGISTRY[name](progress=Progress(job), **kwargs)
    except Exception as exc:
        log.exception("task %s failed", name)
        if job is not None:
            Job.objects.filter(pk=job.pk).update(
                state=Job.State.FAILED, message=str(exc)[:255], finished_at=timezone.now()
            )
        if settings.LADDER_TASK_BACKEND == "inline":
            raise
        return
    if job is not None:
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.DONE,
            result=result if isinstance(result, dict) else {"value": result},
            finished_at=timezone.now(),
        )


def enqueue(name: str, *, owner: Any = None, track: bool = True, **kwargs: Any) -> Job | None:
    """Run the named task in the background (or in-process) and return its Job."""
    if name not in _REGISTRY:
        raise KeyError(f"unknown task {name!r}")
    job = Job.objects.create(name=name, owner=owner) if track else None
    job_id = str(job.pk) if job else ""
    if settings.LADDER_TASK_BACKEND == "celery":
        from ladder.celery import run_task

        transaction.on_commit(lambda: run_task.delay(job_id, name, kwargs))
    else:
        run_job(job_id, name, kwargs)
        if job is not None:
            job.refresh_from_db()
    return job
