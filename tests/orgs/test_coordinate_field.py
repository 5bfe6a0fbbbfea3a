"""One coordinate rule for every place on a map: branches and temp workers' homes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ladder.network.models import TempWorker
from ladder.orgs.models import Branch

FIELDS = [
    (Branch, "latitude", 90),
    (Branch, "longitude", 180),
    (TempWorker, "home_latitude", 90),
    (TempWorker, "home_longitude", 180),
]


@pytest.mark.parametrize(("model", "name", "bound"), FIELDS)
def test_bounds_are_inclusive_and_blank_is_allowed(model: type, name: str, bound: int) -> None:
    field = model._meta.get_field(name)
    for value in (Decimal(-bound), Decimal(0), Decimal(bound)):
        field.clean(value, None)
    field.clean(None, None)


@pytest.mark.parametrize(("model", "name", "bound"), FIELDS)
def test_beyond_the_bound_is_refused(model: type, name: str, bound: int) -> None:
    field = model._meta.get_field(name)
    for value in (Decimal(-bound) - Decimal("0.000001"), Decimal(bound) + 1):
        with pytest.raises(ValidationError):
            field.clean(value, None)
