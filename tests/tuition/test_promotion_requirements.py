"""The class a degree opens follows the education rule of ladder.people.requirements."""

from __future__ import annotations

import datetime as dt

from ladder.people.models import Credential, EducationLevel, Employment
from ladder.tuition.promotions import next_job_class_for_degree
from tests import factories as f


def _degree(person, level, accredited=False) -> Credential:
    return f.CredentialFactory(
        person=person, degree_level=level, accredited=accredited, awarded_on=dt.date(2024, 6, 1)
    )


def _job(grow) -> Employment:
    return (
        Employment.objects.filter(person=grow.tina)
        .select_related("library", "job_class")
        .get(library__ladder__isnull=False)
    )


def test_an_accredited_mls_opens_librarian_ii_an_unaccredited_one_skips_it(world, grow):
    job = _job(grow)
    unaccredited = _degree(grow.tina, EducationLevel.MLS)
    # Librarian II asks accreditation; the branch manager class (a rung higher) does not.
    assert next_job_class_for_degree(job, unaccredited) == world.manager
    accredited = _degree(grow.tina, EducationLevel.MLS, accredited=True)
    assert next_job_class_for_degree(job, accredited) == world.librarian2


def test_a_doctorate_opens_a_class_asking_accreditation_only_with_an_accredited_mls(world, grow):
    professor = f.JobClassFactory(
        network=world.network,
        min_education=EducationLevel.DOCTORATE,
        requires_accredited=True,
    )
    f.LadderStepFactory(ladder=world.riverside.ladder, job_class=professor, position=9)
    Credential.objects.filter(person=grow.tina).delete()
    job = _job(grow)
    doctorate = _degree(grow.tina, EducationLevel.DOCTORATE)
    # The manager class asks an MLS, unaccredited: the doctorate meets it, not the professor's.
    assert next_job_class_for_degree(job, doctorate) == world.manager
    _degree(grow.tina, EducationLevel.MLS, accredited=True)
    assert next_job_class_for_degree(job, doctorate) == professor
