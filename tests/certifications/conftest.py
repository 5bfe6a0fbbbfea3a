"""Fixtures for the certification tests.

`lssc_tags` adds the LSSC external scheme's ten tags to the `framework` fixture's competencies:
core-skills and ils → technology; e-resources → technology; circulation → access-services and
foundations; interlibrary-loan → access-services and communication-teamwork;
reference-interview → reference-information-services.
`certs` installs the shipped templates and has nina adopt all three into the Buckeye network
(`certs.lssc`, `certs.state`, `certs.cpd`). `record(person, on, hours, codes)` adds a training
record with competencies by code (verified unless told).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from ladder.certifications.models import Scheme
from ladder.certifications.scheme_templates import install_templates
from ladder.certifications.schemes import scheme_adopt
from ladder.learning.models import TrainingCompetency, TrainingRecord
from ladder.people.models import Credential, EducationLevel, Person
from ladder.skills.default_framework import LSSC_SETS, LSSC_SLUG
from ladder.skills.models import Competency, ExternalScheme, ExternalTag, Framework
from tests.conftest import World

TAGS = {
    "core-skills": ["technology"],
    "ils": ["technology"],
    "e-resources": ["technology"],
    "circulation": ["access-services", "foundations"],
    "interlibrary-loan": ["access-services", "communication-teamwork"],
    "reference-interview": ["reference-information-services"],
}


@pytest.fixture
def lssc_tags(framework: Framework) -> dict[str, ExternalTag]:
    scheme = ExternalScheme.objects.create(name="LSSC", slug=LSSC_SLUG)
    tags = {
        code: ExternalTag.objects.create(scheme=scheme, code=code, name=name, is_required=req)
        for code, name, req in LSSC_SETS
    }
    for competency in Competency.objects.filter(framework=framework):
        competency.external_tags.set([tags[c] for c in TAGS[competency.code]])
    return tags


@dataclass
class Certs:
    lssc: Scheme
    state: Scheme
    cpd: Scheme
    templates: list[Scheme]


@pytest.fixture
def certs(world: World, lssc_tags: dict[str, ExternalTag]) -> Certs:
    templates = install_templates()
    by_slug = {t.slug: t for t in templates}
    adopted = {
        slug: scheme_adopt(by=world.nina, template=t, network=world.network)
        for slug, t in by_slug.items()
    }
    return Certs(
        lssc=adopted["lssc"],
        state=adopted["state-public-librarian"],
        cpd=adopted["association-cpd"],
        templates=templates,
    )


def record(
    person: Person,
    on: dt.date,
    hours: str | Decimal,
    codes: list[str] | tuple[str, ...] = (),
    *,
    kind: str = "workshop",
    status: str = TrainingRecord.Status.VERIFIED,
    title: str = "",
) -> TrainingRecord:
    rec = TrainingRecord.objects.create(
        person=person,
        title=title or f"Training {'/'.join(codes) or 'general'}",
        kind=kind,
        completed_on=on,
        hours=Decimal(hours),
        status=status,
    )
    for code in codes:
        TrainingCompetency.objects.create(
            record=rec, competency=Competency.objects.get(code=code), level=2
        )
    return rec


def give_degree(person: Person, level: int = EducationLevel.SECONDARY) -> Credential:
    return Credential.objects.create(
        person=person,
        kind=Credential.Kind.DEGREE,
        degree_level=level,
        status=Credential.Status.AWARDED,
        awarded_on=dt.date(2010, 6, 1),
    )
