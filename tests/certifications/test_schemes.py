"""Schemes as data: templates, adoption, validation of bad input, coordinator edits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.certifications.models import Scheme
from ladder.certifications.scheme_templates import install_templates
from ladder.certifications.schemes import (
    scheme_adopt,
    scheme_errors,
    scheme_update,
    validate_scheme,
)
from ladder.core.models import AuditEntry

D = Decimal


def test_templates_install_idempotently(lssc_tags):
    first = install_templates()
    again = install_templates()
    assert [s.pk for s in first] == [s.pk for s in again]
    assert Scheme.objects.filter(network__isnull=True).count() == 3
    lssc = Scheme.objects.get(slug="lssc", network__isnull=True)
    assert lssc.parts.count() == 10
    assert lssc.parts.filter(is_required=True).count() == 3
    assert lssc.electives_needed == 3
    assert lssc.parts.get(code="technology").external_tag == lssc_tags["technology"]
    assert lssc.categories.get(code="technology").min_hours == 4
    assert {str(c) for c in lssc.conversions.all()} >= {"1 semester credit = 15.000 h"}
    for scheme in first:
        validate_scheme(scheme)


def test_adopt_copies_the_template(certs, world):
    lssc = certs.lssc
    assert lssc.network == world.network
    assert lssc.copied_from.slug == "lssc"
    assert lssc.parts.count() == 10 and lssc.conversions.count() == 4
    assert AuditEntry.objects.filter(action="certifications.scheme.adopted").count() == 3


def test_adopt_twice_is_refused(certs, world):
    with pytest.raises(ValidationError, match="already adopted"):
        scheme_adopt(by=world.nina, template=certs.lssc.copied_from, network=world.network)


@pytest.mark.parametrize("who", ["alice", "carol", "bob"])
def test_only_coordinators_adopt(lssc_tags, world, who):
    template = install_templates()[0]
    with pytest.raises(PermissionDenied):
        scheme_adopt(by=getattr(world, who), template=template, network=world.network)


def test_unsatisfiable_parts_are_refused(certs, world):
    with pytest.raises(ValidationError) as exc:
        scheme_update(by=world.nina, scheme=certs.lssc, values={"electives_needed": 8})
    assert "only 7 exist" in exc.value.message_dict["electives_needed"][0]


def test_negative_hours_are_refused(certs, world):
    with pytest.raises(ValidationError) as exc:
        scheme_update(by=world.nina, scheme=certs.lssc, values={"cycle_hours": D("-3")})
    assert exc.value.message_dict["cycle_hours"] == ["Hours cannot be negative."]


def test_zero_conversion_factor_is_refused(certs, world):
    with pytest.raises(ValidationError) as exc:
        scheme_update(
            by=world.nina, scheme=certs.lssc, values={}, conversions={"semester_credit": D("0")}
        )
    assert "semester_credit" in exc.value.message_dict["conversions"][0]


def test_negative_category_minimum_is_refused(certs, world):
    with pytest.raises(ValidationError, match="cannot be negative"):
        scheme_update(
            by=world.nina, scheme=certs.lssc, values={}, categories={"technology": D("-1")}
        )


def test_scheme_errors_on_raw_values():
    errors = scheme_errors(
        {"validity_years": 0, "electives_needed": 2, "min_activity_hours": "-1"},
        parts=[{"code": "a", "is_required": True}, {"code": "b", "is_required": False}],
        categories=[],
        conversions=[{"unit": "", "activity_kind": "roundtable", "factor": "0"}],
    )
    assert set(errors) == {
        "validity_years",
        "electives_needed",
        "min_activity_hours",
        "conversions",
    }


def test_coordinator_adjusts_and_it_is_logged(certs, world):
    scheme_update(
        by=world.nina,
        scheme=certs.lssc,
        values={"cycle_hours": D("40")},
        categories={"technology": D("6")},
        conversions={"conference_day": D("7"), "webinar": D("1")},
    )
    lssc = Scheme.objects.get(pk=certs.lssc.pk)
    assert lssc.cycle_hours == 40
    assert lssc.categories.get().min_hours == 6
    assert lssc.conversions.get(unit="conference_day").factor == 7
    assert lssc.conversions.get(activity_kind="webinar").factor == 1
    assert lssc.copied_from.cycle_hours == 32  # the template is untouched
    entry = AuditEntry.objects.get(action="certifications.scheme.updated")
    assert entry.changes["cycle_hours"] == ["32.0", "40"]


@pytest.mark.parametrize("who", ["alice", "carol", "root_template"])
def test_others_cannot_edit(certs, world, who):
    scheme = certs.lssc.copied_from if who == "root_template" else certs.lssc
    person = world.root if who == "root_template" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        scheme_update(by=person, scheme=scheme, values={"cycle_hours": D("1")})


def test_category_minimum_above_cycle_hours_is_refused(certs, world):
    with pytest.raises(ValidationError, match="exceeds the hours per cycle"):
        scheme_update(
            by=world.nina, scheme=certs.lssc, values={}, categories={"technology": D("40")}
        )


def test_coordinator_adds_a_part(certs, world):
    from ladder.certifications.scheme_parts import scheme_part_add

    part = scheme_part_add(by=world.nina, scheme=certs.lssc, code="outreach", name="Outreach")
    assert part.position == 10 and not part.is_required
    with pytest.raises(ValidationError, match="already exists"):
        scheme_part_add(by=world.nina, scheme=certs.lssc, code="outreach", name="Outreach")
    with pytest.raises(PermissionDenied):
        scheme_part_add(by=world.alice, scheme=certs.lssc, code="x", name="X")
