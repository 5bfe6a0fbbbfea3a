"""Helpers shared by the licence pool tests."""

from __future__ import annotations

import datetime as dt

from ladder.shared_learning.models import LicencePool, LicenceRequest, LicenceWindow
from tests import factories as f


def make_pool(world, **fields) -> LicencePool:
    values = {"name": "Lynda.com", "platform": "Lynda.com", "network": world.network, "seats": 2}
    values.update(fields)
    if "library" in fields:
        values["network"] = None
    return LicencePool.objects.create(**values)


def staff(world, n: int, library=None) -> list:
    people = []
    for _ in range(n):
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=library or world.riverside,
            job_class=world.page,
            start_date=dt.date(2020, 1, 6),
        )
        people.append(person)
    return people


def past_window(pool: LicencePool, person, ended_days_ago: int) -> LicenceWindow:
    ends_on = dt.date.today() - dt.timedelta(days=ended_days_ago)
    return LicenceWindow.objects.create(
        pool=pool,
        person=person,
        starts_on=ends_on - dt.timedelta(days=pool.window_days - 1),
        ends_on=ends_on,
        status=LicenceWindow.Status.ENDED,
    )


def state(pool: LicencePool) -> tuple[list, list]:
    """Everything stored for the pool, to show that a refused request changed nothing."""
    windows = list(LicenceWindow.objects.filter(pool=pool).order_by("pk").values())
    requests = list(LicenceRequest.objects.filter(pool=pool).order_by("pk").values())
    return windows, requests
