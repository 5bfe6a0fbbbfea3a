"""Shared set-up of the temp agency tests: a roster near Riverside and a request there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from ladder.network import temp
from ladder.network.models import TempLevel, TempRequest, TempWorker
from ladder.skills.models import Competency
from tests import factories as f

TODAY = dt.date.today()
START = TODAY + dt.timedelta(days=14)
END = START + dt.timedelta(days=27)


@dataclass
class Agency:
    ils: Competency
    circulation: Competency
    near: TempWorker  # paraprofessional, 1 km away, ILS + circulation
    far: TempWorker  # professional, ~100 km away, ILS + circulation
    page: TempWorker  # non-professional, circulation only
    request: TempRequest  # Riverside Eastside, paraprofessional, ILS


def make_worker(world, email: str, level: str, lat: str, lon: str, comps, **fields) -> TempWorker:
    person = f.PersonFactory(email=email, first_name=email.split("@")[0].title(), last_name="Temp")
    return temp.temp_worker_create(
        by=world.nina,
        network=world.network,
        person=person,
        level=level,
        available_from=fields.pop("available_from", TODAY),
        competencies=comps,
        home_latitude=Decimal(lat),
        home_longitude=Decimal(lon),
        **fields,
    )


@pytest.fixture
def agency(world, framework) -> Agency:
    ils = Competency.objects.get(code="ils")
    circulation = Competency.objects.get(code="circulation")
    # Riverside's branches are at the factory default, Columbus (39.961176, -82.998794).
    near = make_worker(
        world,
        "near@temps.example",
        TempLevel.PARAPROFESSIONAL,
        "39.97",
        "-83.00",
        [ils, circulation],
    )
    far = make_worker(
        world, "far@temps.example", TempLevel.PROFESSIONAL, "40.80", "-83.40", [ils, circulation]
    )
    page = make_worker(
        world, "page@temps.example", TempLevel.NON_PROFESSIONAL, "39.96", "-82.99", [circulation]
    )
    request = temp.temp_request_create(
        by=world.alice,
        library=world.riverside,
        branch=world.riverside_east,
        level=TempLevel.PARAPROFESSIONAL,
        starts_on=START,
        ends_on=END,
        weekly_hours=Decimal("20"),
        competencies=[ils],
        duties="Cover the circulation desk during a leave.",
    )
    return Agency(ils, circulation, near, far, page, request)
