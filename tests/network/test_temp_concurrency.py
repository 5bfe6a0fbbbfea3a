"""Two coordinators place the same worker at the same moment on overlapping requests: the
worker's row lock lets exactly one placement through. Run with DATABASE_URL=postgres://...
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ladder.network import temp
from ladder.network.models import TempLevel, TempPlacement, TempRequest
from ladder.orgs.models import Role
from tests import factories as f
from tests.network.temp_helpers import END, START, agency

__all__ = ["agency"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
def test_two_coordinators_placing_one_worker_at_once_place_them_once(world, agency):
    second = f.PersonFactory(email="second@buckeye.example")
    Role.objects.create(person=second, kind=Role.Kind.NETWORK_COORDINATOR, network=world.network)
    requests = [agency.request]
    for offset in range(1, 8):
        requests.append(
            temp.temp_request_create(
                by=world.alice,
                library=world.riverside,
                level=TempLevel.PARAPROFESSIONAL,
                starts_on=START + dt.timedelta(days=offset),
                ends_on=END + dt.timedelta(days=offset),
                weekly_hours=Decimal("20"),
            )
        )
    coordinators = [world.nina, second]
    start_line = threading.Barrier(len(requests))
    placed: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def place(index: int, request: TempRequest) -> None:
        start_line.wait()
        try:
            temp.temp_place(by=coordinators[index % 2], request=request, worker=agency.near)
            placed.append(request.pk)
        except ValidationError as exc:
            refused.append(exc.message_dict["worker"][0])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=place, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(placed) == 1
    assert len(refused) == len(requests) - 1
    assert all("already placed" in message for message in refused)
    assert TempPlacement.objects.filter(worker=agency.near, is_cancelled=False).count() == 1
    statuses = list(TempRequest.objects.values_list("status", flat=True))
    assert statuses.count(TempRequest.Status.FILLED) == 1
