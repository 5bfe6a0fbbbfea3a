"""Eligibility: the facts of a person, the requirements of a job class, and the gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.careers import eligibility as el
from ladder.network.models import TempPlacement, TempRequest, TempWorker
from ladder.people.models import CertificationType, Credential, EducationLevel
from tests import factories as f
from tests.careers.eligibility_setup import Careers, make_careers, rate

ON = dt.date(2025, 6, 1)


@pytest.fixture
def careers(world, framework) -> Careers:
    return make_careers(world, framework)


def kinds(gaps):
    return [g.kind for g in gaps]


def test_bachelors_satisfies_bachelors_or_higher(world, careers):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    rate(world.bob, careers.interview, 3)
    rate(world.bob, careers.ils, 2)
    assert el.gaps_for(world.bob, careers.librarian1, on=ON) == []
    assert careers.librarian1 in el.eligible_job_classes(world.bob, on=ON)


def test_secondary_diploma_fails_bachelors_requirement(world, careers):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.SECONDARY)
    found = el.gaps_for(world.bob, careers.librarian1, on=ON)
    education = [g for g in found if g.kind == el.GAP_EDUCATION]
    assert education[0].label.startswith("Needs a Bachelor's degree or higher")
    assert "Secondary" in education[0].label


def test_higher_degree_satisfies_lower_requirement(world, careers):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.MASTER)
    found = el.gaps_for(world.bob, careers.librarian1, on=ON)
    assert el.GAP_EDUCATION not in kinds(found)


def test_in_progress_degree_does_not_count(world, careers):
    f.CredentialFactory(
        person=world.bob,
        degree_level=EducationLevel.BACHELOR,
        status=Credential.Status.IN_PROGRESS,
        awarded_on=None,
    )
    facts = el.person_facts([world.bob.pk], on=ON)[world.bob.pk]
    assert facts.education == EducationLevel.NONE
    assert facts.in_progress_degrees == [(EducationLevel.BACHELOR, False, None)]
    assert el.GAP_EDUCATION in kinds(el.gaps_for(world.bob, careers.librarian1, on=ON))


def test_unaccredited_mls_fails_when_accreditation_required(world, careers):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.MLS, accredited=False)
    found = el.gaps_for(world.bob, world.librarian2, on=ON)
    assert found[0].kind == el.GAP_EDUCATION
    assert found[0].label == (
        "Needs an ALA-accredited MLS/MLIS (has an MLS/MLIS from a programme that is not accredited)"
    )


def test_accredited_mls_meets_librarian_ii(world, careers):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.MLS, accredited=True)
    assert el.gaps_for(world.bob, world.librarian2, on=ON) == []


def test_unaccredited_mls_is_enough_when_not_required(world, careers):
    # The branch manager class asks for an MLS without accreditation.
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.MLS, accredited=False)
    assert el.GAP_EDUCATION not in kinds(el.gaps_for(world.bob, world.manager, on=ON))


def test_bachelors_lacks_mls_with_a_sentence(world, careers):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    found = el.gaps_for(world.bob, world.librarian2, on=ON)
    assert found[0].label == "Needs an ALA-accredited MLS/MLIS (has a Bachelor's degree)"


def _lssc(world, careers):
    lssc = CertificationType.objects.create(name="LSSC")
    world.assistant.required_certifications.add(lssc)
    return lssc


def test_expired_certification_fails(world, careers):
    lssc = _lssc(world, careers)
    Credential.objects.create(
        person=world.bob,
        kind=Credential.Kind.CERTIFICATION,
        certification_type=lssc,
        awarded_on=dt.date(2020, 1, 1),
        expires_on=dt.date(2024, 1, 1),
    )
    found = el.gaps_for(world.bob, world.assistant, on=ON)
    cert = [g for g in found if g.kind == el.GAP_CERTIFICATION]
    assert cert[0].details["certification_type_id"] == lssc.pk
    assert "expired on 2024-01-01" in cert[0].label


def test_current_certification_passes(world, careers):
    lssc = _lssc(world, careers)
    Credential.objects.create(
        person=world.bob,
        kind=Credential.Kind.CERTIFICATION,
        certification_type=lssc,
        awarded_on=dt.date(2022, 1, 1),
        expires_on=dt.date(2026, 1, 1),
    )
    assert el.GAP_CERTIFICATION not in kinds(el.gaps_for(world.bob, world.assistant, on=ON))


def test_in_progress_certification_fails(world, careers):
    lssc = _lssc(world, careers)
    Credential.objects.create(
        person=world.bob,
        kind=Credential.Kind.CERTIFICATION,
        certification_type=lssc,
        status=Credential.Status.IN_PROGRESS,
    )
    assert el.GAP_CERTIFICATION in kinds(el.gaps_for(world.bob, world.assistant, on=ON))


def test_part_time_years_are_weighted(world, careers):
    # bob: a page at 15 h/week since 2019-03-01, threshold 35 h.
    facts = el.person_facts([world.bob.pk], on=dt.date(2023, 2, 28))[world.bob.pk]
    assert facts.years_experience == pytest.approx(Decimal(4) * 15 / 35, abs=Decimal("0.01"))


def test_full_time_years_count_whole(world, careers):
    facts = el.person_facts([world.sam.pk], on=dt.date(2023, 2, 28))[world.sam.pk]
    assert facts.years_experience == pytest.approx(Decimal(4), abs=Decimal("0.01"))


def test_prior_library_work_counts_and_other_work_does_not(world, careers):
    f.PriorExperienceFactory(
        person=world.dave,
        start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2011, 12, 31),
        hours_per_week=Decimal("35"),
    )
    f.PriorExperienceFactory(
        person=world.dave,
        start_date=dt.date(2012, 1, 1),
        end_date=dt.date(2013, 12, 31),
        hours_per_week=Decimal("40"),
        is_library_work=False,
    )
    before = dt.date(2019, 2, 28)  # before dave's Hillcrest job
    facts = el.person_facts([world.dave.pk], on=before)[world.dave.pk]
    assert facts.years_experience == pytest.approx(Decimal(2), abs=Decimal("0.01"))


def test_temp_placement_years_count_unless_cancelled(world, careers):
    worker = TempWorker.objects.create(
        network=world.network,
        person=world.nina,
        level="paraprofessional",
        available_from=dt.date(2015, 1, 1),
    )
    request = TempRequest.objects.create(
        network=world.network,
        library=world.riverside,
        level="paraprofessional",
        starts_on=dt.date(2015, 1, 1),
        ends_on=dt.date(2016, 12, 31),
        weekly_hours=Decimal("35"),
    )
    TempPlacement.objects.create(
        request=request,
        worker=worker,
        starts_on=dt.date(2015, 1, 1),
        ends_on=dt.date(2015, 12, 31),
        weekly_hours=Decimal("35"),
    )
    TempPlacement.objects.create(
        request=request,
        worker=worker,
        starts_on=dt.date(2016, 1, 1),
        ends_on=dt.date(2016, 12, 31),
        weekly_hours=Decimal("35"),
        is_cancelled=True,
    )
    facts = el.person_facts([world.nina.pk], on=ON)[world.nina.pk]
    assert facts.years_experience == pytest.approx(Decimal(1), abs=Decimal("0.01"))


def test_concurrent_part_time_jobs_add_up(world, careers):
    f.EmploymentFactory(
        person=world.bob,
        library=world.hillcrest,
        job_class=world.page,
        weekly_hours=Decimal("17.5"),
        start_date=dt.date(2019, 3, 1),
    )
    facts = el.person_facts([world.bob.pk], on=dt.date(2023, 2, 28))[world.bob.pk]
    expected = Decimal(4) * (Decimal(15) / 35 + Decimal("17.5") / 35)
    assert facts.years_experience == pytest.approx(expected, abs=Decimal("0.01"))
    assert facts.library_ids == {world.riverside.pk, world.hillcrest.pk}
    assert facts.library_id == world.hillcrest.pk  # the job with the most hours


def test_missing_experience_gap(world, careers):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.MLS, accredited=True)
    found = el.gaps_for(world.bob, world.manager, on=dt.date(2021, 3, 1))
    gap = next(g for g in found if g.kind == el.GAP_EXPERIENCE)
    assert gap.details["required_years"] == "3.0"
    assert Decimal(gap.details["missing_years"]) > Decimal("2")
    assert gap.label.startswith("Needs 3.0 years of experience (has 0.")


def test_competency_below_level(world, careers):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    rate(world.bob, careers.interview, 2)
    found = el.gaps_for(world.bob, careers.librarian1, on=ON)
    assert kinds(found) == [el.GAP_COMPETENCY, el.GAP_COMPETENCY]
    interview = next(g for g in found if g.competency_id == careers.interview.pk)
    assert interview.details["current_level"] == 2
    assert interview.details["required_level"] == 3
    assert interview.label == "Reference interview: needs level 3 (now 2)"
    ils = next(g for g in found if g.competency_id == careers.ils.pk)
    assert ils.details["current_level"] == 0


def test_next_steps_follow_the_library_ladder(world, careers):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.SECONDARY)
    rate(world.bob, careers.circulation, 2)
    steps = el.next_steps([world.bob.pk, world.alice.pk, world.dave.pk], on=ON)
    (bob_step,) = steps[world.bob.pk]
    assert bob_step.job_class_id == world.assistant.pk
    assert bob_step.eligible
    assert steps[world.alice.pk] == []  # Librarian II is the top of the ladder
    assert steps[world.dave.pk] == []  # Hillcrest has no ladder


def test_a_degree_skips_a_rung_the_next_step_is_the_highest_eligible(world, careers):
    # Bob, a page with a bachelor's and Librarian I's skills but not the assistant's
    # circulation level: Librarian I is his next step, not the assistant rung he can't reach.
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    rate(world.bob, careers.interview, 3)
    rate(world.bob, careers.ils, 2)
    (step,) = el.next_steps([world.bob.pk], on=ON)[world.bob.pk]
    assert step.job_class_id == careers.librarian1.pk
    assert step.eligible


def test_no_rung_reachable_the_next_step_is_the_next_rung(world, careers):
    # Nothing above is met; the next step is the assistant rung just above.
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.SECONDARY)
    (step,) = el.next_steps([world.bob.pk], on=ON)[world.bob.pk]
    assert step.job_class_id == world.assistant.pk
    assert len(step.gaps) == 1


def test_next_step_is_the_next_rung_not_the_rung_with_fewest_gaps(world, careers):
    # Bob, a page with no diploma and no ratings: the assistant rung above lacks two things
    # (a diploma, circulation), Librarian II only one (the MLS). His next step is still the
    # assistant rung: a ladder is climbed from where one stands (issue #16).
    (step,) = el.next_steps([world.bob.pk], on=ON)[world.bob.pk]
    assert step.job_class_id == world.assistant.pk
    assert len(step.gaps) == 2


def test_one_requirement_away(world, careers):
    rate(world.bob, careers.circulation, 2)
    (step,) = el.next_steps([world.bob.pk], on=ON)[world.bob.pk]
    assert step.one_away
    assert step.gaps[0].kind == el.GAP_EDUCATION


def test_person_facts_query_count_is_constant(world, careers):
    people = [f.PersonFactory() for _ in range(5)]
    for p in people:
        f.EmploymentFactory(person=p, library=world.riverside, job_class=world.page)
        f.CredentialFactory(person=p)
        rate(p, careers.ils, 1)
    with CaptureQueriesContext(connection) as few:
        el.person_facts([p.pk for p in people], on=ON)
        el.next_steps([p.pk for p in people], on=ON)
    more = [f.PersonFactory() for _ in range(45)]
    for p in more:
        f.EmploymentFactory(person=p, library=world.riverside, job_class=world.page)
        f.CredentialFactory(person=p)
        rate(p, careers.interview, 2)
    ids = [p.pk for p in people + more]
    with CaptureQueriesContext(connection) as many:
        facts = el.person_facts(ids, on=ON)
        el.next_steps(ids, on=ON)
    assert len(many) == len(few)
    assert len(facts) == 50


def test_requirements_for_reads_in_three_queries(world, careers, django_assert_num_queries):
    with django_assert_num_queries(3):
        reqs = el.requirements_for([careers.librarian1.pk, world.librarian2.pk])
    assert reqs[careers.librarian1.pk].competencies[careers.interview.pk] == (
        "Reference interview",
        3,
    )
