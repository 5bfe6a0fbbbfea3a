"""Above and beyond (DESIGN.md practice 1): training in competencies the person's job class
and hats do not require, on the date of the training, is flagged, and the reason says which."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ladder.learning.models import OfferingCompetency
from ladder.learning.transcript import above_and_beyond
from ladder.skills.models import Hat, HatAssignment, HatRequirement, JobClassCompetency
from tests import factories as f
from tests.learning import test_transcript_records as shared
from tests.learning.conftest import register

# The shared fixtures (see test_transcript_records).
ils, ran = shared.ils, shared.ran
attend, ran_session = shared.attend, shared.ran_session

ON = dt.date(2025, 5, 14)


def test_a_page_attending_an_ils_workshop_goes_above_and_beyond(world, ran):
    record = attend(ran.bob, world.sam)

    assert record.above_and_beyond is True
    assert record.above_and_beyond_reason == (
        "ILS and systems is not required of a Page or by any of their hats"
    )


def test_an_assistant_whose_job_requires_ils_is_not_flagged(world, ran):
    JobClassCompetency.objects.create(job_class=world.assistant, competency=ran.ils, level=2)

    record = attend(ran.dave, world.sam)

    assert record.above_and_beyond is False
    assert record.above_and_beyond_reason == ""


def test_a_hat_worn_on_the_day_makes_the_competency_required(world, ils):
    hat = Hat.objects.create(library=world.riverside, name="Systems desk", weekly_hours=5)
    HatRequirement.objects.create(hat=hat, competency=ils, level=2)
    bobs_job = world.bob.employments.get()
    HatAssignment.objects.create(
        hat=hat, employment=bobs_job, role="backup", start_date=dt.date(2025, 1, 1)
    )

    assert above_and_beyond(world.bob, [ils], ON) == (False, "")
    # Before he took the hat on, the same training was beyond his duties.
    flagged, _ = above_and_beyond(world.bob, [ils], dt.date(2024, 12, 31))
    assert flagged is True


def test_only_the_competencies_beyond_the_job_are_named(world, framework, ils):
    circulation = framework.competencies.get(code="circulation")
    reference = framework.competencies.get(code="reference-interview")
    JobClassCompetency.objects.create(job_class=world.page, competency=circulation, level=2)

    flagged, reason = above_and_beyond(world.bob, [circulation, ils, reference], ON)

    assert flagged is True
    assert reason == (
        "ILS and systems and Reference interview are not required of a Page or by any of their hats"
    )


def test_the_job_held_on_the_date_counts_not_todays(world, ils):
    # bob was a library assistant (whose job requires ILS) until last year, a page since.
    bobs_job = world.bob.employments.get()
    bobs_job.start_date = dt.date(2024, 1, 1)
    bobs_job.save()
    f.EmploymentFactory(
        person=world.bob,
        library=world.riverside,
        job_class=world.assistant,
        weekly_hours=Decimal("20"),
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2023, 12, 31),
    )
    JobClassCompetency.objects.create(job_class=world.assistant, competency=ils, level=2)

    assert above_and_beyond(world.bob, [ils], dt.date(2023, 6, 1)) == (False, "")
    assert above_and_beyond(world.bob, [ils], dt.date(2024, 6, 1))[0] is True


def test_two_jobs_name_both_job_classes(world, ils):
    f.EmploymentFactory(
        person=world.bob,
        library=world.hillcrest,
        job_class=world.assistant,
        weekly_hours=Decimal("10"),
        start_date=dt.date(2021, 1, 1),
    )

    _, reason = above_and_beyond(world.bob, [ils], ON)

    assert reason == (
        "ILS and systems is not required of a Library Assistant or a Page or by any of their hats"
    )


def test_an_offering_with_no_competencies_is_not_flagged(world, catalogue):
    session = ran_session(catalogue.webinar, world.sam)
    registration = register(world.bob, session)

    record = attend(registration, world.sam)

    assert not OfferingCompetency.objects.filter(offering=catalogue.webinar).exists()
    assert record.above_and_beyond is False
    assert above_and_beyond(world.bob, [], ON) == (False, "")


def test_the_transcript_page_says_why(world, ran, client_for):
    attend(ran.bob, world.sam)

    page = client_for(world.bob).get(f"/learning/transcripts/{world.bob.pk}/")

    assert "Above and beyond" in page.content.decode()
    assert "ILS and systems is not required of a Page or by any of their hats" in (
        page.content.decode()
    )
