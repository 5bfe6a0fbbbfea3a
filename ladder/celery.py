"""The Celery app: the scale-out backend of ladder.core.tasks (LADDER_TASK_BACKEND=celery)."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ladder.settings")

app = Celery("ladder")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="ladder.run_task")
def run_task(job_id: str, name: str, kwargs: dict[str, Any]) -> None:
    import django

    django.setup()
    from ladder.core.task_modules import load_all
    from ladder.core.tasks import run_job

    load_all()
    run_job(job_id, name, kwargs)
