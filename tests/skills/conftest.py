"""Fixtures shared by the skills tests (the `framework` fixture lives in tests/conftest.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from ladder.orgs.models import Role
from tests import factories as f


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
