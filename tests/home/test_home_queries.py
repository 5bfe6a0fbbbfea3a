"""Each role's home page runs a bounded number of queries whatever the data size (issue #15):
the same ceiling holds with a few and with many people, requests and records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.careers.models import DevelopmentPlan, Evaluation, PlanGoal
from ladder.learning.models import Offering, Registration, TrainingRecord
from ladder.openings.models import Application, Opening
from ladder.people.models import EducationLevel
from ladder.skills.models import Hat, HatAssignment
from ladder.tuition.models import Enrolment
from tests import factories as f
from tests.learning.conftest import HOUR, future, make_session

# Ceilings per role, measured and rounded up: a change that makes one grow with the data fails
# at the larger size first.
# alice: her waiting list plus the progress dashboard's headline figures (reports.headline).
BOUNDS = {"tina": 32, "sam": 48, "alice": 90, "nina": 27, "root": 18}


def more(world, grow, n: int) -> None:
    """n more of everything the panels count: reports of sam with plans, evaluations and hats,
    registrations and training, tuition applications, opening applications, member libraries."""
    today = timezone.localdate()
    offering = Offering.objects.create(
        title="Workshop",
        kind=Offering.Kind.WORKSHOP,
        provider_kind=Offering.Provider.NETWORK,
        provider_network=world.network,
        ce_hours=Decimal("3"),
    )
    opening = Opening.objects.create(
        library=world.riverside,
        job_class=grow.librarian1,
        weekly_hours=Decimal("40"),
        status=Opening.Status.INTERNAL,
    )
    for i in range(n):
        person = f.PersonFactory()
        job = f.EmploymentFactory(
            person=person,
            library=world.riverside,
            branch=world.riverside_main,
            job_class=world.assistant,
            weekly_hours=Decimal("20"),
            start_date=dt.date(2021, 1, 1),
            supervisor=world.sam,
        )
        f.CredentialFactory(person=person, degree_level=EducationLevel.SECONDARY)
        plan = DevelopmentPlan.objects.create(
            person=person, title="Grow", starts_on=today, ends_on=today + dt.timedelta(days=300)
        )
        PlanGoal.objects.create(plan=plan, description="Learn")
        Evaluation.objects.create(
            person=person,
            library=world.riverside,
            reviewer=world.sam,
            period_start=today - dt.timedelta(days=400),
            period_end=today - dt.timedelta(days=35),
        )
        hat = Hat.objects.create(library=world.riverside, name=f"Hat {i}", weekly_hours=2)
        HatAssignment.objects.create(
            hat=hat, employment=job, role="wearer", start_date=today - dt.timedelta(days=9)
        )
        session = make_session(offering, [(future(5 + i), future(5 + i) + 3 * HOUR)])
        Registration.objects.create(person=person, session=session, status="requested")
        Registration.objects.create(person=grow.tina, session=session, status="confirmed")
        TrainingRecord.objects.create(
            person=grow.tina, title=f"Course {i}", kind="workshop", completed_on=today, hours=2
        )
        Enrolment.objects.create(
            programme=grow.programme,
            person=person,
            library=world.riverside,
            institution="Kent State University",
            degree_level=EducationLevel.BACHELOR,
            expected_start=today,
            expected_end=today + dt.timedelta(days=700),
        )
        Application.objects.create(opening=opening, person=person)
        library = f.LibraryFactory(region=world.north)
        f.MembershipFactory(network=world.network, library=library)


@pytest.mark.parametrize("size", [1, 12])
@pytest.mark.parametrize("who", sorted(BOUNDS))
def test_home_queries_are_bounded(
    world, grow, client_for, django_assert_max_num_queries, who, size
):
    more(world, grow, size)
    person = grow.tina if who == "tina" else getattr(world, who)
    client = client_for(person)
    with django_assert_max_num_queries(BOUNDS[who]):
        response = client.get(reverse("home"))
    assert response.status_code == 200
