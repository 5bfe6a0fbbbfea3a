"""Every skills API list (and every answer that grows with the data) runs the same number of
queries for 5 rows as for 50: no query per row."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.skills.models import (
    Area,
    Competency,
    Evidence,
    ExternalScheme,
    ExternalTag,
    Hat,
    HatAssignment,
    HatRequirement,
    Interest,
    JobClassCompetency,
    Rating,
)
from tests import factories as f
from tests.api.conftest import API
from tests.api.test_skills import make_framework
from tests.conftest import login

serial = itertools.count()


def _competencies(world, n):
    framework = make_framework() if not Area.objects.exists() else Area.objects.first().framework
    area = Area.objects.filter(framework=framework).first()
    tag = ExternalTag.objects.first()
    made = []
    for _ in range(n):
        i = next(serial)
        competency = Competency.objects.create(
            framework=framework, area=area, code=f"c-{i}", name=f"Competency {i}", position=i
        )
        competency.external_tags.add(tag)
        made.append(competency)
    return made


def _frameworks(world, n):
    for _ in range(n):
        i = next(serial)
        make_framework(f"Framework {i}", f"framework-{i}", network=world.network)


def _schemes(world, n):
    for _ in range(n):
        i = next(serial)
        scheme = ExternalScheme.objects.create(name=f"Scheme {i}", slug=f"scheme-{i}")
        ExternalTag.objects.create(scheme=scheme, code="a", name="A", is_required=True)


def _requirements(world, n):
    for competency in _competencies(world, n):
        JobClassCompetency.objects.create(job_class=world.page, competency=competency, level=2)


def _ratings(world, n):
    for competency in _competencies(world, n):
        Rating.objects.create(person=world.bob, competency=competency, level=2, source="self")


def _evidence(world, n):
    for competency in _competencies(world, n):
        Evidence.objects.create(
            person=world.bob,
            competency=competency,
            kind="supervisor",
            level=2,
            recorded_by=world.sam,
        )


def _staff(world):
    person = f.PersonFactory()
    return f.EmploymentFactory(
        person=person,
        library=world.riverside,
        branch=world.riverside_main,
        job_class=world.assistant,
        supervisor=world.sam,
        weekly_hours=Decimal("20"),
        start_date=dt.date(2021, 1, 4),
    )


def _hats(world, n):
    competencies = _competencies(world, n)
    for competency in competencies:
        i = next(serial)
        hat = Hat.objects.create(library=world.riverside, name=f"Hat {i}", weekly_hours=2)
        HatRequirement.objects.create(hat=hat, competency=competency, level=3)
        job = _staff(world)
        HatAssignment.objects.create(hat=hat, employment=job, start_date=dt.date(2022, 1, 3))
        Rating.objects.create(person=job.person, competency=competency, level=1, source="self")


def _interests(world, n):
    competencies = _competencies(world, n)
    for competency in competencies:
        interest = Interest.objects.create(person=_staff(world).person, library_school=True)
        interest.target_job_classes.add(world.librarian2)
        interest.learn.add(competency)
        interest.teach.add(competency)


LISTS = {
    "frameworks": _frameworks,
    "frameworks/{framework}": _competencies,
    "competencies": _competencies,
    "external-schemes": _schemes,
    "job-classes/{page}/competencies": _requirements,
    "people/{bob}/ratings": _ratings,
    "people/{bob}/skill-evidence": _evidence,
    "libraries/{riverside}/hats": _hats,
    "libraries/{riverside}/hat-board": _hats,
    "interests": _interests,
}


def _size(body) -> int:
    """How many rows an answer holds, whatever its shape."""
    if isinstance(body, list):
        return len(body)
    if "items" in body:
        return len(body["items"])
    if "areas" in body:
        return sum(len(area["competencies"]) for area in body["areas"])
    return len(body["hats"]) + len(body["people"])


def _count_queries(world, path: str) -> tuple[int, int]:
    # alice, a library admin, goes through the scoped querysets (a superuser would not).
    client = login(world.alice)
    framework = Area.objects.first().framework_id if Area.objects.exists() else 0
    url = f"{API}/" + path.format(
        bob=world.bob.pk, page=world.page.pk, riverside=world.riverside.pk, framework=framework
    )
    client.get(url)  # warm up: the session and anything cached per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"limit": 100})
    assert response.status_code == 200, response.content
    return len(queries), _size(response.json())


@pytest.mark.parametrize("path", list(LISTS))
def test_skills_query_count_does_not_grow_with_rows(world, path):
    make = LISTS[path]
    make(world, 5)
    few_queries, few_rows = _count_queries(world, path)
    make(world, 45)
    many_queries, many_rows = _count_queries(world, path)
    assert many_rows >= few_rows + 45
    assert many_queries == few_queries, (
        f"{path}: {few_queries} queries for 5, {many_queries} for 50"
    )
