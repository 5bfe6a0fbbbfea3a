"""The scalar eligibility check and the vectorised ranking judge every kind of requirement alike
(ladder.people.requirements): on generated people, and when a definition changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladder.careers import eligibility
from ladder.careers.eligibility import (
    GAP_CERTIFICATION,
    GAP_COMPETENCY,
    GAP_EDUCATION,
    GAP_EXPERIENCE,
)
from ladder.network.models import TempPlacement, TempRequest, TempWorker
from ladder.openings import ranking, scoring
from ladder.openings.models import Opening
from ladder.people import requirements as rules
from ladder.people.models import (
    CertificationType,
    Credential,
    EducationLevel,
    Employment,
    JobClass,
    PriorExperience,
)
from ladder.skills.models import Competency, JobClassCompetency, Rating
from tests import factories as f

LEVELS = [int(level) for level in EducationLevel]
HOURS = st.decimals(min_value=Decimal("1"), max_value=Decimal("45"), places=1)
DAYS_AGO = st.integers(min_value=0, max_value=5000)
LENGTH = st.one_of(st.none(), st.integers(min_value=0, max_value=4000))

people = st.lists(
    st.fixed_dictionaries(
        {
            # (level, awarded, accredited)
            "degrees": st.lists(
                st.tuples(st.sampled_from(LEVELS[1:]), st.booleans(), st.booleans()), max_size=3
            ),
            # (which certification, awarded, expires in days or never)
            "certifications": st.lists(
                st.tuples(
                    st.integers(0, 1),
                    st.booleans(),
                    st.one_of(st.none(), st.integers(-800, 800)),
                ),
                max_size=3,
            ),
            # (started days ago, lasted days or ongoing, weekly hours)
            "jobs": st.lists(st.tuples(DAYS_AGO, LENGTH, HOURS), max_size=3),
            # (started days ago, lasted days or ongoing, weekly hours, library work)
            "prior": st.lists(st.tuples(DAYS_AGO, LENGTH, HOURS, st.booleans()), max_size=2),
            "temp": st.lists(st.tuples(DAYS_AGO, st.integers(0, 400), HOURS), max_size=1),
            # rating per competency (None: not rated)
            "ratings": st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=2, max_size=2),
        }
    ),
    min_size=1,
    max_size=4,
)
requirement = st.fixed_dictionaries(
    {
        "min_education": st.sampled_from(LEVELS),
        "accredited": st.booleans(),
        "years": st.decimals(min_value=Decimal("0"), max_value=Decimal("8"), places=1),
        "certifications": st.lists(st.integers(0, 1), unique=True, max_size=2),
        "levels": st.lists(st.integers(0, 4), min_size=2, max_size=2),
        "full_time": st.sampled_from([Decimal("35"), Decimal("37.5"), Decimal("40")]),
    }
)


def _make_job_class(world, spec, certs, comps) -> JobClass:
    accredited = spec["accredited"] and spec["min_education"] >= EducationLevel.MLS
    job_class = f.JobClassFactory(
        network=world.network,
        min_education=spec["min_education"],
        requires_accredited=accredited,
        min_years_experience=spec["years"],
    )
    job_class.required_certifications.set([certs[i] for i in spec["certifications"]])
    for competency, level in zip(comps, spec["levels"], strict=True):
        JobClassCompetency.objects.create(job_class=job_class, competency=competency, level=level)
    return job_class


def _make_person(world, facts, certs, comps, today: dt.date) -> int:
    person = f.PersonFactory()
    for level, awarded, accredited in facts["degrees"]:
        Credential.objects.create(
            person=person,
            kind=Credential.Kind.DEGREE,
            degree_level=level,
            accredited=accredited and level == EducationLevel.MLS,
            status=Credential.Status.AWARDED if awarded else Credential.Status.IN_PROGRESS,
            awarded_on=today - dt.timedelta(days=100) if awarded else None,
            started_on=today - dt.timedelta(days=400),
        )
    for which, awarded, expires in facts["certifications"]:
        Credential.objects.create(
            person=person,
            kind=Credential.Kind.CERTIFICATION,
            certification_type=certs[which],
            status=Credential.Status.AWARDED if awarded else Credential.Status.IN_PROGRESS,
            awarded_on=today - dt.timedelta(days=900) if awarded else None,
            expires_on=None if expires is None else today + dt.timedelta(days=expires),
        )
    for ago, length, hours in facts["jobs"]:
        start = today - dt.timedelta(days=ago)
        Employment.objects.create(
            person=person,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=hours,
            start_date=start,
            end_date=None if length is None else start + dt.timedelta(days=length),
        )
    for ago, length, hours, library_work in facts["prior"]:
        start = today - dt.timedelta(days=ago)
        PriorExperience.objects.create(
            person=person,
            employer="Elsewhere",
            role="Clerk",
            start_date=start,
            end_date=None if length is None else start + dt.timedelta(days=length),
            hours_per_week=hours,
            is_library_work=library_work,
        )
    for ago, length, hours in facts["temp"]:
        start = today - dt.timedelta(days=ago)
        _placement(world, person, start, start + dt.timedelta(days=length), hours)
    for competency, level in zip(comps, facts["ratings"], strict=True):
        if level is not None:
            Rating.objects.create(person=person, competency=competency, level=level)
    return person.pk


def _placement(world, person, starts: dt.date, ends: dt.date, hours: Decimal) -> None:
    worker = TempWorker.objects.create(
        network=world.network, person=person, level="paraprofessional", available_from=starts
    )
    request = TempRequest.objects.create(
        network=world.network,
        library=world.hillcrest,
        level="paraprofessional",
        starts_on=starts,
        ends_on=ends,
        weekly_hours=hours,
    )
    TempPlacement.objects.create(
        request=request, worker=worker, starts_on=starts, ends_on=ends, weekly_hours=hours
    )


def _ranked(world, job_class: JobClass, ids: list[int]):
    opening = Opening.objects.create(
        library=world.riverside,
        job_class=job_class,
        weekly_hours=Decimal("40"),
        status=Opening.Status.INTERNAL,
    )
    spec, competency_ids = ranking.opening_spec(opening)
    weights = scoring.Weights(grace_months=0)
    candidates = ranking.load_candidates(opening, ids, spec, competency_ids, weights.grace_months)
    scores = scoring.score(candidates, spec, weights)
    return candidates, spec, weights, scores


def _assert_agree(world, job_class: JobClass, ids: list[int]) -> None:
    today = timezone.localdate()
    facts = eligibility.person_facts(ids, today)
    req = eligibility.requirements_for([job_class.pk])[job_class.pk]
    candidates, spec, weights, scores = _ranked(world, job_class, ids)
    for i, pk in enumerate(ids):
        found = eligibility.gaps(facts[pk], req)
        kinds = {gap.kind for gap in found}
        assert (GAP_EDUCATION not in kinds) == (scores.education_status[i] == 0)
        assert (GAP_EXPERIENCE not in kinds) == (scores.experience_status[i] == 0)
        assert (GAP_CERTIFICATION not in kinds) == bool(candidates.certifications_met[i])
        assert sorted(candidates.missing_certifications[i]) == sorted(
            gap.details["name"] for gap in found if gap.kind == GAP_CERTIFICATION
        )
        hard = {GAP_EDUCATION, GAP_EXPERIENCE, GAP_CERTIFICATION}
        assert (not kinds & hard) == (scores.parts[i, 0] == 1.0)
        if len(spec.required_levels):  # none listed: no gap, and the part scores 0
            assert (GAP_COMPETENCY not in kinds) == bool(np.isclose(scores.parts[i, 1], 1.0))
        lacking = {gap.details["name"] for gap in found if gap.kind == GAP_COMPETENCY}
        explained = {
            line.split(" (")[0]
            for part in scoring.explain(candidates, spec, weights, scores, i)
            if part.key == "competencies"
            for line in part.lines
            if line.endswith("below.")
        }
        assert explained == lacking


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(requirement=requirement, population=people)
def test_scalar_eligibility_and_vectorised_ranking_agree(world, framework, requirement, population):
    today = timezone.localdate()
    with transaction.atomic():
        type(world.riverside).objects.filter(pk=world.riverside.pk).update(
            full_time_threshold=requirement["full_time"]
        )
        certs = [CertificationType.objects.create(name=f"Cert {n}") for n in range(2)]
        comps = list(Competency.objects.filter(code__in=["ils", "circulation"]).order_by("code"))
        job_class = _make_job_class(world, requirement, certs, comps)
        ids = sorted(_make_person(world, p, certs, comps, today) for p in population)
        _assert_agree(world, job_class, ids)
        transaction.set_rollback(True)


# --- the disagreements the shared definitions settled ------------------------------------------


def test_spells_adding_up_to_exactly_the_required_years_meet_it(world):
    """10/35-style weights make Decimal sums land a hair below the whole number: the scalar
    check used to refuse "Needs 2.0 years of experience (has 2.0)" while the ranking (floats)
    counted it met."""
    person = f.PersonFactory()
    end = dt.date(2024, 1, 1)
    # 257 days at 15 h, 531 at 12.5 h, 568 at 25 h and 25 full-time: exactly 2 FTE years.
    for days, hours in [(257, "15"), (531, "12.5"), (568, "25"), (25, "35")]:
        PriorExperience.objects.create(
            person=person,
            employer="Elsewhere",
            role="Clerk",
            start_date=end - dt.timedelta(days=days - 1),
            end_date=end,
            hours_per_week=Decimal(hours),
        )
    facts = eligibility.person_facts([person.pk], on=end)[person.pk]
    assert facts.years_experience < 2  # the Decimal sum: 1.999…9
    job_class = f.JobClassFactory(network=world.network, min_years_experience=Decimal("2"))
    req = eligibility.requirements_for([job_class.pk])[job_class.pk]
    assert eligibility.gaps(facts, req) == []


def test_a_competency_required_at_level_zero_is_a_full_fit_in_the_ranking(world, framework):
    person = f.EmploymentFactory(library=world.riverside, job_class=world.page).person
    comps = list(Competency.objects.filter(code__in=["ils", "circulation"]).order_by("code"))
    job_class = _make_job_class(
        world,
        {
            "min_education": 0,
            "accredited": False,
            "years": 0,
            "certifications": [],
            "levels": [0, 0],
        },
        [],
        comps,
    )
    _assert_agree(world, job_class, [person.pk])
    _, _, _, scores = _ranked(world, job_class, [person.pk])
    assert scores.parts[0, 1] == 1.0  # was 0: min(0 / max(0, 1), 1)


def test_a_doctorate_with_accreditation_needs_an_accredited_mls_everywhere(world):
    """The ladder said "Doctorate, and an MLS/MLIS from an ALA-accredited programme"; the
    eligibility check and the ranking asked for the doctorate only. The stricter wording wins."""
    job_class = f.JobClassFactory(
        network=world.network,
        min_education=EducationLevel.DOCTORATE,
        requires_accredited=True,
    )
    person = f.EmploymentFactory(library=world.riverside, job_class=world.page).person
    f.CredentialFactory(person=person, degree_level=EducationLevel.DOCTORATE)
    f.CredentialFactory(person=person, degree_level=EducationLevel.MLS, accredited=False)
    assert rules.requirements_in_words(job_class) == [
        "Doctorate, and an MLS/MLIS from an ALA-accredited programme"
    ]
    found = eligibility.gaps_for(person, job_class)
    assert [g.kind for g in found] == [GAP_EDUCATION]
    assert found[0].label == (
        "Needs a Doctorate or higher and an ALA-accredited MLS/MLIS "
        "(has an MLS/MLIS from a programme that is not accredited)"
    )
    _assert_agree(world, job_class, [person.pk])
    f.CredentialFactory(person=person, degree_level=EducationLevel.MLS, accredited=True)
    assert eligibility.gaps_for(person, job_class) == []
    _assert_agree(world, job_class, [person.pk])


# --- one definition, every reader ------------------------------------------------------------


def test_changing_the_accreditation_rule_changes_eligibility_ranking_and_wording(
    world, monkeypatch
):
    librarian = f.JobClassFactory(
        name="Librarian II",
        network=world.network,
        min_education=EducationLevel.MLS,
        requires_accredited=True,
    )
    person = f.EmploymentFactory(library=world.riverside, job_class=world.page).person
    f.CredentialFactory(person=person, degree_level=EducationLevel.MLS, accredited=False)
    client = Client()
    client.force_login(world.alice)
    page = reverse("people:jobclass_detail", args=[librarian.pk])

    def everywhere():
        _, _, _, scores = _ranked(world, librarian, [person.pk])
        return (
            [g.kind for g in eligibility.gaps_for(person, librarian)],
            int(scores.education_status[0]),
            rules.requirements_in_words(librarian),
            "MLS/MLIS from an ALA-accredited programme" in client.get(page).content.decode(),
        )

    assert everywhere() == (
        [GAP_EDUCATION],
        2,
        ["MLS/MLIS from an ALA-accredited programme"],
        True,
    )
    # The one edit: accreditation no longer required of anyone.
    monkeypatch.setattr(rules, "needs_accredited_mls", lambda min_education, requires: False)
    assert everywhere() == ([], 0, ["MLS/MLIS"], False)


def test_changing_the_full_time_week_changes_eligibility_and_ranking_together(world, monkeypatch):
    """A part-timer's years: 17.5 h a week for two years is one FTE year against a 35-hour week,
    two against a 17.5-hour one. The rule lives in requirements.fte_weight / FULL_TIME_HOURS."""
    librarian1 = f.JobClassFactory(network=world.network, min_years_experience=Decimal("2"))
    person = f.PersonFactory()
    today = timezone.localdate()
    PriorExperience.objects.create(
        person=person,
        employer="Elsewhere",
        role="Clerk",
        start_date=today - dt.timedelta(days=731),
        end_date=today - dt.timedelta(days=1),
        hours_per_week=Decimal("17.5"),
    )

    def everywhere():
        _, _, _, scores = _ranked(world, librarian1, [person.pk])
        return (
            [g.kind for g in eligibility.gaps_for(person, librarian1)],
            int(scores.experience_status[0]),
        )

    assert everywhere() == ([GAP_EXPERIENCE], 2)
    monkeypatch.setattr(rules, "FULL_TIME_HOURS", Decimal("17.5"))
    assert everywhere() == ([], 0)
