"""The scale-out backend: a real Celery worker on Redis runs a task queued through the interface."""

from __future__ import annotations

import socket
import time

import pytest

from ladder.core import tasks
from ladder.core.models import Job
from tests.core.test_tasks import count_to  # noqa: F401  (registers tests.count_to)


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_celery_worker_runs_a_queued_task_and_reports_progress(world, settings):
    from celery.contrib.testing.worker import start_worker

    from ladder.celery import app

    settings.LADDER_TASK_BACKEND = "celery"
    app.conf.update(
        broker_url="redis://127.0.0.1:6379/15", result_backend="redis://127.0.0.1:6379/15"
    )
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1):
        job = tasks.enqueue("tests.count_to", owner=world.alice, n=4)
        assert job is not None
        result = None
        for _ in range(100):
            result = Job.objects.get(pk=job.pk)
            if result.state in {Job.State.DONE, Job.State.FAILED}:
                break
            time.sleep(0.1)
    assert result is not None
    assert result.state == Job.State.DONE
    assert result.done == 4 and result.result == {"counted": 4}
