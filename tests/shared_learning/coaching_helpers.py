"""Shared set-up for the coaching tests: mentors at every distance from bob (Riverside Main).

- sam: Riverside Main (same branch as bob), mentor, circulation level 3
- erin: Riverside Eastside (same library, other branch), mentor, circulation level 4
- dave: Hillcrest (same network), mentor, circulation level 4
- weak: Riverside Main, mentor, circulation level 2 (below the good level: not suggested)
- shy: Riverside Main, level 4 but not a volunteer mentor (not suggested)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from ladder.people.models import Person
from ladder.shared_learning import coaching
from ladder.shared_learning.models import CoachingRequest, CoachingSession
from ladder.skills.models import Competency, EvidenceKind, Interest, Rating
from tests import factories as f


@dataclass
class Mentors:
    circulation: Competency
    sam: Person
    erin: Person
    dave: Person
    weak: Person
    shy: Person


def make_mentor(person: Person, competency: Competency, level: int, *, is_mentor: bool = True):
    person.is_mentor = is_mentor
    person.save(update_fields=["is_mentor"])
    interest, _ = Interest.objects.get_or_create(person=person)
    interest.teach.add(competency)
    Rating.objects.update_or_create(
        person=person,
        competency=competency,
        defaults={"level": level, "source": EvidenceKind.SUPERVISOR},
    )
    return person


def mentors(world, framework) -> Mentors:
    circulation = framework.competencies.get(code="circulation")
    erin = f.PersonFactory(email="erin@riverside.example", first_name="Erin", last_name="East")
    f.EmploymentFactory(
        person=erin,
        library=world.riverside,
        branch=world.riverside_east,
        job_class=world.assistant,
        weekly_hours=Decimal("40"),
    )
    weak = f.PersonFactory(email="weak@riverside.example", first_name="Wes", last_name="Weak")
    shy = f.PersonFactory(email="shy@riverside.example", first_name="Shy", last_name="Expert")
    for person in (weak, shy):
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            branch=world.riverside_main,
            job_class=world.assistant,
        )
    make_mentor(world.sam, circulation, 3)
    make_mentor(erin, circulation, 4)
    make_mentor(world.dave, circulation, 4)
    make_mentor(weak, circulation, 2)
    make_mentor(shy, circulation, 4, is_mentor=False)
    return Mentors(circulation, world.sam, erin, world.dave, weak, shy)


def ask(world, m: Mentors, mentor: Person | None = None) -> CoachingRequest:
    return coaching.coaching_request_create(
        by=world.bob,
        mentor=mentor or m.sam,
        competency=m.circulation,
        details="Holds and renewals.",
        preferred_times="Tuesday mornings",
        preferred_place="Riverside Main",
    )


def accepted_with_held_session(world, m: Mentors, minutes: int = 90) -> CoachingRequest:
    request = ask(world, m)
    coaching.coaching_accept(by=m.sam, request=request)
    session = coaching.coaching_session_schedule(
        by=m.sam,
        request=request,
        starts_at=timezone.now() + dt.timedelta(days=2),
        minutes=minutes,
        place="Riverside Main workroom",
    )
    # The meeting took place: move it into the past, as the calendar would.
    CoachingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3)
    )
    session.refresh_from_db()
    coaching.coaching_session_log(by=m.sam, session=session, held=True, notes="Went well.")
    return request
