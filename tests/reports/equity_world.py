"""A hand-built data set for the equity report, on top of the `world` fixture (FY 2024:
1 July 2024 to 30 June 2025; both libraries start their fiscal year in July).

Riverside (city, large; serves 300,000), besides alice and sam (full-time professionals)
and bob (a part-time page, untrained):
  - 10 full-time assistants, 10 hours of training each; 3 of them have tuition support;
    3 applied for openings and 2 were hired;
  - 10 part-time pages: 4 with 2 hours of training, 6 with none; 2 applied, none hired;
    1 applied for tuition and was refused.
Hillcrest (rural, distant; serves 8,000), besides carol (professional) and dave (a
full-time assistant, untrained):
  - 6 part-time pages: 1 with 1 hour of training.
Declined training requests (Riverside staff): "Desk coverage" twice (once as "desk
coverage."), one with no reason.
`extra` adds that many more part-time pages at Riverside with 1 hour each (for query counts).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ladder.learning.models import Offering, Registration, Session, TrainingRecord
from ladder.openings.models import Application, Opening
from ladder.people.models import EducationLevel
from ladder.reports.periods import fiscal_year
from ladder.tuition.models import Enrolment, Programme
from tests import factories as f

PERIOD = fiscal_year(2024, 7)
DAY = dt.date(2024, 10, 15)
WHEN = timezone.make_aware(dt.datetime(2024, 10, 15, 10, 0))


def _staff(world, library, branch, job_class, hours: str, n: int):
    people = []
    for _ in range(n):
        person = f.PersonFactory()
        f.EmploymentFactory(
            person=person,
            library=library,
            branch=branch,
            job_class=job_class,
            weekly_hours=Decimal(hours),
            start_date=dt.date(2022, 1, 3),
        )
        people.append(person)
    return people


def _train(person, hours: str, *, above: bool = False) -> None:
    TrainingRecord.objects.create(
        person=person,
        title="Readers' advisory",
        kind=Offering.Kind.WORKSHOP,
        completed_on=DAY,
        hours=Decimal(hours),
        above_and_beyond=above,
    )


def build(world, extra: int = 0) -> dict[str, list]:
    w = world
    w.riverside.locale, w.riverside.population_served = "11", 300_000
    w.riverside.save()
    w.hillcrest.locale, w.hillcrest.population_served = "42", 8_000
    w.hillcrest.save()
    assistants = _staff(w, w.riverside, w.riverside_main, w.assistant, "40", 10)
    pages = _staff(w, w.riverside, w.riverside_east, w.page, "15", 10)
    rural = _staff(w, w.hillcrest, w.hillcrest_branch, w.page, "12", 6)
    for person in assistants:
        _train(person, "10")
    for index, person in enumerate(pages[:4]):
        _train(person, "2", above=index == 0)
    _train(rural[0], "1")
    # A record outside the period and a rejected one count for nothing.
    TrainingRecord.objects.create(
        person=pages[5], title="Old", kind="workshop", completed_on=dt.date(2023, 1, 5), hours=5
    )
    TrainingRecord.objects.create(
        person=pages[5], title="No", kind="workshop", completed_on=DAY, hours=5, status="rejected"
    )
    for person in _staff(w, w.riverside, w.riverside_east, w.page, "15", extra):
        _train(person, "1")

    programme = Programme.objects.create(
        name="Grow your own",
        sponsor=w.riverside,
        service_months=12,
        cap_per_year=Decimal("5000"),
        cap_lifetime=Decimal("12000"),
    )
    for person in assistants[:3]:
        Enrolment.objects.create(
            programme=programme,
            person=person,
            library=w.riverside,
            institution="Kent State",
            degree_level=EducationLevel.MLS,
            expected_start=dt.date(2024, 8, 20),
            expected_end=dt.date(2026, 5, 15),
            status=Enrolment.Status.ENROLLED,
        )
    refused = Enrolment.objects.create(
        programme=programme,
        person=pages[0],
        library=w.riverside,
        institution="Kent State",
        degree_level=EducationLevel.MLS,
        expected_start=dt.date(2025, 1, 10),
        expected_end=dt.date(2027, 5, 15),
        status=Enrolment.Status.REFUSED,
    )
    Enrolment.objects.filter(pk=refused.pk).update(applied_at=WHEN)

    opening = Opening.objects.create(
        library=w.riverside, job_class=w.assistant, weekly_hours=Decimal("40"), status="filled"
    )
    for person, status in [
        (assistants[0], "hired"),
        (assistants[1], "hired"),
        (assistants[2], "declined"),
        (pages[0], "declined"),
        (pages[1], "declined"),
    ]:
        Application.objects.create(opening=opening, person=person, status=status, applied_at=WHEN)

    offering = Offering.objects.create(
        title="Storytime skills",
        kind="workshop",
        provider_kind="library",
        provider_library=w.riverside,
    )
    session = Session.objects.create(
        offering=offering, starts_at=WHEN, ends_at=WHEN + dt.timedelta(hours=2), capacity=20
    )
    for person, note in [
        (pages[6], "Desk coverage"),
        (pages[7], "  desk coverage.\nWe are short on Saturdays"),
        (pages[8], ""),
    ]:
        registration = Registration.objects.create(
            session=session, person=person, status="declined", note=note
        )
        Registration.objects.filter(pk=registration.pk).update(updated_at=WHEN)
    return {"assistants": assistants, "pages": pages, "rural": rural}
