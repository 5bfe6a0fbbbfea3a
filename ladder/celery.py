"""The Celery app: the worker side of ladder.core.task_backends.CeleryBackend
(LADDER_TASK_BACKEND=celery). Start a worker with `celery -A ladder.celery worker`."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ladder.settings")

# The task module is named, not imported: Django is set up before the worker loads it.
app = Celery("ladder", include=["ladder.core.task_backends"])
app.config_from_object("django.conf:settings", namespace="CELERY")
