"""Every API list runs the same number of queries for 5 rows as for 50: no query per row."""

import datetime as dt
import secrets
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.people.models import ApiToken, CertificationType, Employment, EvidenceFile
from tests import factories as f
from tests.api.conftest import API
from tests.conftest import login


def _staff(world, n):
    """n people employed at Riverside with a branch, a supervisor and a credential each."""
    people = []
    for i in range(n):
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            branch=world.riverside_east,
            job_class=world.assistant,
            supervisor=world.sam,
            weekly_hours=Decimal(10 + i % 30),
            start_date=dt.date(2021, 1, 4),
        )
        people.append(person)
    return people


def _credentials(world, n):
    lssc, _ = CertificationType.objects.get_or_create(name="LSSC")
    for _ in range(n):
        credential = f.CredentialFactory(
            person=world.bob, kind="certification", degree_level=None, certification_type=lssc
        )
        EvidenceFile.objects.create(
            credential=credential,
            file="evidence/x.pdf",
            original_name="certificate.pdf",
            content_type="application/pdf",
            size=100,
        )


def _libraries(world, n):
    for _ in range(n):
        library = f.LibraryFactory(region=world.north)
        f.MembershipFactory(network=world.network, library=library)


def _job_classes(world, n):
    lssc, _ = CertificationType.objects.get_or_create(name="LSSC")
    for _ in range(n):
        f.JobClassFactory(network=world.network).required_certifications.add(lssc)


def _ladders(world, n):
    for _ in range(n):
        ladder = f.LadderFactory(network=world.network)
        f.LadderStepFactory(ladder=ladder, job_class=world.page, position=1)
        f.LadderStepFactory(ladder=ladder, job_class=world.assistant, position=2)


def _tokens(world, n):
    for i in range(n):
        ApiToken.objects.create(
            person=world.alice, name=f"t{i}", prefix=f"ldr_{i}", token_hash=secrets.token_hex(32)
        )


def _past_employments(world, n):
    for i in range(n):
        Employment.objects.create(
            person=world.bob,
            library=world.riverside,
            branch=world.riverside_main,
            job_class=world.page,
            supervisor=world.sam,
            weekly_hours=Decimal(10),
            start_date=dt.date(2000 + i % 20, 1, 1),
            end_date=dt.date(2000 + i % 20, 6, 30),
        )


LISTS = {
    "networks": lambda w, n: f.NetworkFactory.create_batch(n),
    "regions": lambda w, n: f.RegionFactory.create_batch(n, network=w.network),
    "libraries": _libraries,
    "branches": lambda w, n: f.BranchFactory.create_batch(n, library=w.riverside),
    "people": _staff,
    "employments": _staff,
    "people/{bob}/employments": _past_employments,
    "credentials": _credentials,
    "people/{bob}/credentials": _credentials,
    "job-classes": _job_classes,
    "ladders": _ladders,
    "tokens": _tokens,
}


def _count_queries(world, path: str) -> tuple[int, int]:
    # alice, a library admin, goes through the scoped querysets (a superuser would not).
    client = login(world.alice)
    url = f"{API}/{path.format(bob=world.bob.pk)}"
    client.get(url)  # warm up: the session and anything cached per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"limit": 100})
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["items"])


@pytest.mark.parametrize("path", list(LISTS))
def test_list_query_count_does_not_grow_with_rows(world, path):
    make = LISTS[path]
    make(world, 5)
    few_queries, few_rows = _count_queries(world, path)
    make(world, 45)
    many_queries, many_rows = _count_queries(world, path)
    assert many_rows >= few_rows + 45
    assert many_queries == few_queries, (
        f"{path}: {few_queries} queries for 5, {many_queries} for 50"
    )
