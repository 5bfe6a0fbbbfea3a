"""One task interface on Django's tasks API (django-tasks): `run_job` is the one Django task,
and `enqueue` sends it to the backend LADDER_TASK_BACKEND names (in-process by default,
Celery on Redis when set to "celery"; see ladder.core.task_backends). Each named job reports
progress on a Job row that pages poll with HTMX."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task as django_task

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
    """Register a function as a named job. It receives progress=Progress and JSON-able kwargs."""

    def register(fn: TaskFn) -> TaskFn:
        _REGISTRY[name] = fn
        return fn

    return register


@django_task
def run_job(job_id: str, name: str, kwargs: dict[str, Any]) -> None:
    """Run a named job, recording its state, result or failure on its Job row."""
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
        raise
    if job is not None:
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.DONE,
            result=result if isinstance(result, dict) else {"value": result},
            finished_at=timezone.now(),
        )


def enqueue(name: str, *, owner: Any = None, track: bool = True, **kwargs: Any) -> Job | None:
    """Run the named job in the background (or in-process) and return its Job."""
    if name not in _REGISTRY:
        raise KeyError(f"unknown task {name!r}")
    job = Job.objects.create(name=name, owner=owner) if track else None
    job_id = str(job.pk) if job else ""
    backend = "celery" if settings.LADDER_TASK_BACKEND == "celery" else "default"
    run_job.using(backend=backend).enqueue(job_id, name, kwargs)
    if job is not None:
        job.refresh_from_db()
    return job
