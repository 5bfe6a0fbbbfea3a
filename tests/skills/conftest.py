"""Fixtures shared by the skills tests. Keep them generic: several test files build on them."""

import datetime as dt
from decimal import Decimal

import pytest

from ladder.orgs.models import Role
from ladder.skills.models import Area, Competency, Framework, Level
from tests import factories as f

LEVELS = [
    (0, "None", "No experience yet."),
    (1, "Aware", "Knows what it is and where to find help."),
    (2, "Working", "Does it with occasional help."),
    (3, "Proficient", "Does it alone and handles the unusual case."),
    (4, "Expert", "Teaches others and improves how it is done."),
]

AREAS = {
    "technology": ("Technology", ["core-skills", "ils", "e-resources"]),
    "access": ("Access services", ["circulation", "interlibrary-loan"]),
    "reference": ("Reference and information services", ["reference-interview"]),
}


@pytest.fixture
def framework(db) -> Framework:
    """A shared framework with levels 0-4, three areas and six competencies
    (framework.competencies.all(); codes: core-skills, ils, e-resources, circulation,
    interlibrary-loan, reference-interview)."""
    fw = Framework.objects.create(name="Test framework", slug="test-framework", is_default=True)
    Level.objects.bulk_create(
        Level(framework=fw, value=value, name=name, description=description)
        for value, name, description in LEVELS
    )
    for area_position, (area_code, (area_name, codes)) in enumerate(AREAS.items()):
        area = Area.objects.create(
            framework=fw, code=area_code, name=area_name, position=area_position
        )
        for position, code in enumerate(codes):
            Competency.objects.create(
                framework=fw,
                area=area,
                code=code,
                name=code.replace("-", " ").capitalize(),
                position=position,
            )
    return fw


@pytest.fixture
def riverside_admin(world):
    """rita: a Riverside library admin (and assistant at Eastside) in nobody's supervisor chain,
    unlike alice, who supervises sam, who supervises bob."""
    rita = f.PersonFactory(email="rita@riverside.example", first_name="Rita", last_name="Hr")
    f.EmploymentFactory(
        person=rita,
        library=world.riverside,
        branch=world.riverside_east,
        job_class=world.assistant,
        weekly_hours=Decimal("40"),
        start_date=dt.date(2020, 1, 6),
    )
    Role.objects.create(person=rita, kind=Role.Kind.LIBRARY_ADMIN, library=world.riverside)
    return rita
