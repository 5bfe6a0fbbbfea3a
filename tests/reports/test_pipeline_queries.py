"""Every report page and API call runs a bounded number of queries, whatever the data size."""

import datetime as dt
from decimal import Decimal

import pytest

from ladder.people.models import EducationLevel
from ladder.tuition.models import Enrolment, Programme, Promotion
from tests import factories as f
from tests.conftest import login
from tests.reports import pipeline_world

D = dt.date
Y = {"year": pipeline_world.YEAR}
MAX_QUERIES = 50


def grow(world, n: int) -> None:
    """n more people at Riverside and n at Hillcrest, each with a history in every measure."""
    programme = Programme.objects.create(
        name=f"Programme {n}",
        sponsor=world.riverside,
        reimbursement_percent=Decimal("100"),
        cap_per_year=Decimal("5000"),
        cap_lifetime=Decimal("12000"),
        service_months=24,
    )
    for i in range(n):
        for lib in (world.riverside, world.hillcrest):
            person = f.PersonFactory()
            f.EmploymentFactory(
                person=person,
                library=lib,
                job_class=world.page,
                start_date=D(2019, 1, 1),
                end_date=D(2021, 12, 31),
            )
            old = f.EmploymentFactory(
                person=person,
                library=lib,
                job_class=world.assistant,
                start_date=D(2022, 1, 1),
                end_date=D(2025, 10, 31) if i % 2 else None,
            )
            pipeline_world.mls(person, D(2025, 6, 1))
            Enrolment.objects.create(
                programme=programme,
                person=person,
                library=lib,
                institution="Kent State",
                degree_level=EducationLevel.MLS,
                expected_start=D(2023, 8, 1),
                expected_end=D(2025, 6, 1),
                status=Enrolment.Status.COMPLETED,
                enrolled_on=D(2023, 9, 1),
                completed_on=D(2025, 6, 1),
                commitment_starts_on=D(2023, 6, 1),
                commitment_months=24,
            )
            if i % 2:
                f.EmploymentFactory(
                    person=person,
                    library=lib,
                    job_class=world.librarian2,
                    start_date=D(2025, 11, 1),
                    weekly_hours=Decimal("40"),
                )
                Promotion.objects.create(
                    person=person,
                    library=lib,
                    from_employment=old,
                    to_job_class=world.librarian2,
                    effective_date=D(2025, 11, 1),
                    status=Promotion.Status.ACCEPTED,
                )


@pytest.mark.parametrize("n", [3, 30])
def test_pages_run_bounded_queries(world, n, django_assert_max_num_queries):
    pipeline_world.build(world)
    grow(world, n)
    alice, nina = login(world.alice), login(world.nina)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert alice.get("/reports/library/", Y).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        response = alice.get(
            "/reports/library/people/",
            {**Y, "library": world.riverside.pk, "measure": "stage:promoted"},
        )
        assert response.status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert nina.get("/reports/network/", Y).status_code == 200
