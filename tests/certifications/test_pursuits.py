"""Pursuits: entry rules, parts counted from training, earning, status over time, renewal,
and the Credential that careers' eligibility reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.careers.eligibility import person_facts
from ladder.certifications.models import PartCompletion, Pursuit
from ladder.certifications.progress import Status, progress_of, status_on
from ladder.certifications.services import (
    pursuit_earn,
    pursuit_record_held,
    pursuit_record_part,
    pursuit_renew,
    pursuit_start,
)
from ladder.learning.models import TrainingRecord
from ladder.people.models import Credential, EducationLevel
from tests import factories as f
from tests.certifications.conftest import give_degree, record

D = Decimal
START = dt.date(2023, 1, 10)


def _finish_lssc(world, certs) -> Pursuit:
    """bob pursues LSSC and completes 3 required + 3 electives through training/approver."""
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc, started_on=START)
    record(world.bob, dt.date(2023, 3, 1), "6", ["core-skills"])  # technology
    record(world.bob, dt.date(2023, 4, 1), "6", ["circulation"])  # access + foundations
    record(world.bob, dt.date(2023, 5, 1), "6", ["interlibrary-loan"])  # comm. + access
    record(world.bob, dt.date(2023, 6, 1), "3", ["reference-interview"])  # reference
    parts = {p.code: p for p in certs.lssc.parts.all()}
    pursuit_record_part(
        by=world.sam,
        pursuit=pursuit,
        part=parts["youth-services"],
        method=PartCompletion.Method.PORTFOLIO,
        completed_on=dt.date(2023, 7, 1),
    )
    return pursuit


def test_entry_rule_education_is_checked(certs, world):
    with pytest.raises(ValidationError, match="Secondary"):
        pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc)


def test_entry_rule_work_hours_is_checked(certs, world):
    newcomer = f.PersonFactory()
    f.EmploymentFactory(
        person=newcomer,
        library=world.riverside,
        job_class=world.page,
        weekly_hours=D("20"),
        start_date=dt.date.today() - dt.timedelta(days=70),
    )
    give_degree(newcomer)
    with pytest.raises(ValidationError, match="1820 hours of library work in the last 5 years"):
        pursuit_start(by=newcomer, person=newcomer, scheme=certs.lssc)


def test_template_cannot_be_pursued(certs, world):
    give_degree(world.bob)
    with pytest.raises(ValidationError, match="template"):
        pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc.copied_from)


def test_other_library_admin_cannot_start_for_someone(certs, world):
    give_degree(world.bob)
    with pytest.raises(PermissionDenied):
        pursuit_start(by=world.carol, person=world.bob, scheme=certs.lssc)
    with pytest.raises(PermissionDenied):
        pursuit_start(by=world.nina, person=world.bob, scheme=certs.lssc)


def test_supervisor_starts_for_report_and_twice_is_refused(certs, world):
    give_degree(world.bob)
    pursuit_start(by=world.sam, person=world.bob, scheme=certs.lssc)
    with pytest.raises(ValidationError, match="already"):
        pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc)


def test_parts_count_from_verified_training(certs, world):
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc, started_on=START)
    record(world.bob, dt.date(2023, 3, 1), "6", ["core-skills"])
    record(world.bob, dt.date(2023, 3, 2), "6", ["circulation"], status="pending")
    record(world.bob, dt.date(2022, 3, 2), "6", ["interlibrary-loan"])  # before starting
    progress = progress_of(pursuit, dt.date(2024, 1, 1))
    done = {p.part.code for p in progress.required + progress.electives if p.done}
    assert done == {"technology"}
    assert progress.parts_remaining == 5
    assert progress.status == Status.PURSUING
    assert progress.finish_by == dt.date(2027, 1, 10)


def test_pending_record_counts_once_verified(certs, world):
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc, started_on=START)
    rec = record(world.bob, dt.date(2023, 3, 2), "6", ["circulation"], status="pending")
    assert progress_of(pursuit).required_done == 0
    TrainingRecord.objects.filter(pk=rec.pk).update(status="verified")
    assert progress_of(pursuit).required_done == 1


def test_candidate_cannot_record_own_part(certs, world):
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc)
    part = certs.lssc.parts.get(code="youth-services")
    with pytest.raises(PermissionDenied):
        pursuit_record_part(
            by=world.bob, pursuit=pursuit, part=part, method="course", completed_on=START
        )
    with pytest.raises(PermissionDenied):
        pursuit_record_part(
            by=world.carol, pursuit=pursuit, part=part, method="course", completed_on=START
        )


def test_part_of_another_scheme_or_twice_is_refused(certs, world):
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc)
    other = certs.lssc.copied_from.parts.first()
    with pytest.raises(ValidationError, match="not a part"):
        pursuit_record_part(
            by=world.sam, pursuit=pursuit, part=other, method="course", completed_on=START
        )
    part = certs.lssc.parts.get(code="youth-services")
    pursuit_record_part(
        by=world.sam, pursuit=pursuit, part=part, method="course", completed_on=START
    )
    with pytest.raises(ValidationError, match="already"):
        pursuit_record_part(
            by=world.sam, pursuit=pursuit, part=part, method="course", completed_on=START
        )


def test_earning_needs_every_part(certs, world):
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc, started_on=START)
    with pytest.raises(ValidationError, match="6 part"):
        pursuit_earn(by=world.sam, pursuit=pursuit)


def test_earning_after_the_time_limit_is_refused(certs, world):
    pursuit = _finish_lssc(world, certs)
    with pytest.raises(ValidationError, match="time limit"):
        pursuit_earn(by=world.sam, pursuit=pursuit, earned_on=dt.date(2027, 2, 1))


def test_earning_creates_the_credential_careers_sees(certs, world):
    pursuit = _finish_lssc(world, certs)
    assert progress_of(pursuit).parts_complete
    pursuit = pursuit_earn(by=world.sam, pursuit=pursuit, earned_on=dt.date(2023, 8, 1))
    assert pursuit.expires_on == dt.date(2027, 8, 1)
    cred = Credential.objects.get(person=world.bob, kind="certification")
    assert cred.certification_type == certs.lssc.certification_type
    assert cred.status == "awarded" and cred.awarded_on == dt.date(2023, 8, 1)
    assert cred.expires_on == dt.date(2027, 10, 1)  # end of the two months' grace
    facts = person_facts([world.bob.pk], on=dt.date(2027, 9, 1))[world.bob.pk]
    assert certs.lssc.certification_type_id in facts.certification_type_ids
    lapsed = person_facts([world.bob.pk], on=dt.date(2027, 10, 2))[world.bob.pk]
    assert certs.lssc.certification_type_id not in lapsed.certification_type_ids


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (dt.date(2025, 1, 1), Status.EARNED),
        (dt.date(2026, 7, 31), Status.EARNED),
        (dt.date(2026, 8, 1), Status.RENEWAL_WINDOW),
        (dt.date(2027, 8, 1), Status.RENEWAL_WINDOW),
        (dt.date(2027, 8, 2), Status.GRACE),
        (dt.date(2027, 10, 1), Status.GRACE),
        (dt.date(2027, 10, 2), Status.LAPSED),
    ],
)
def test_status_over_time(certs, world, today, status):
    pursuit = pursuit_record_held(
        by=world.sam, person=world.bob, scheme=certs.lssc, earned_on=dt.date(2023, 8, 1)
    )
    assert status_on(pursuit, today) == status


def test_out_of_time_status(certs, world):
    give_degree(world.bob)
    pursuit = pursuit_start(by=world.bob, person=world.bob, scheme=certs.lssc, started_on=START)
    assert status_on(pursuit, dt.date(2027, 1, 10)) == Status.PURSUING
    assert status_on(pursuit, dt.date(2027, 1, 11)) == Status.OUT_OF_TIME


def test_renewal_needs_hours_and_technology_minimum(certs, world):
    pursuit = pursuit_record_held(
        by=world.sam, person=world.bob, scheme=certs.lssc, earned_on=dt.date(2022, 8, 1)
    )
    record(world.bob, dt.date(2023, 1, 5), "30", ["circulation"])
    record(world.bob, dt.date(2023, 2, 5), "0.5", ["core-skills"])  # under the 1-hour minimum
    record(world.bob, dt.date(2021, 2, 5), "10", ["core-skills"])  # before the cycle
    with pytest.raises(ValidationError, match="not open yet"):
        pursuit_renew(by=world.sam, pursuit=pursuit, renewed_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        pursuit_renew(by=world.sam, pursuit=pursuit, renewed_on=dt.date(2026, 1, 1))
    message = exc.value.message_dict["pursuit"][0]
    assert (
        "Short of 2 contact hours, 4 hours of technology" in message
        and "4 hours of technology" in message
    )
    progress = progress_of(pursuit, dt.date(2026, 1, 1))
    assert progress.status == Status.RENEWAL_WINDOW
    assert [c.activity.title for c in progress.cycle.too_short] == ["Training core-skills"]
    # Given 2 hours of roundtable (counts 1) and 4 of technology, it renews.
    record(world.bob, dt.date(2025, 3, 1), "4", ["ils"])
    renewal = pursuit_renew(by=world.sam, pursuit=pursuit, renewed_on=dt.date(2026, 1, 1))
    assert renewal.contact_hours == D("34.00")
    pursuit.refresh_from_db()
    assert pursuit.expires_on == dt.date(2030, 8, 1)
    assert pursuit.cycle_start == dt.date(2026, 1, 2)
    assert pursuit.credential.expires_on == dt.date(2030, 10, 1)
    # The next cycle starts empty: nothing counted twice.
    assert progress_of(pursuit, dt.date(2026, 2, 1)).cycle.total == 0


def test_renewal_in_grace_and_after_lapse(certs, world):
    pursuit = pursuit_record_held(
        by=world.sam, person=world.bob, scheme=certs.lssc, earned_on=dt.date(2020, 1, 15)
    )
    record(world.bob, dt.date(2023, 1, 5), "28", ["circulation"])
    record(world.bob, dt.date(2024, 2, 1), "4", ["core-skills"])  # during grace
    with pytest.raises(ValidationError, match="lapsed"):
        pursuit_renew(by=world.sam, pursuit=pursuit, renewed_on=dt.date(2024, 3, 16))
    renewal = pursuit_renew(by=world.sam, pursuit=pursuit, renewed_on=dt.date(2024, 2, 20))
    assert renewal.new_expiry == dt.date(2028, 1, 15)


def test_roundtables_count_at_half_time(certs, world):
    pursuit = pursuit_record_held(
        by=world.sam, person=world.bob, scheme=certs.lssc, earned_on=dt.date(2022, 8, 1)
    )
    record(world.bob, dt.date(2023, 1, 5), "4", ["core-skills"], kind="roundtable")
    progress = progress_of(pursuit, dt.date(2023, 2, 1))
    assert progress.cycle.total == 2
    assert progress.categories[0].hours == 2 and progress.categories[0].short_by == 2


def test_yearly_cpd_needs_the_rolling_total(certs, world):
    pursuit = pursuit_record_held(
        by=world.alice, person=world.sam, scheme=certs.cpd, earned_on=dt.date(2024, 1, 1)
    )
    record(world.sam, dt.date(2024, 6, 1), "30")
    progress = progress_of(pursuit, dt.date(2024, 12, 1))
    assert progress.cycle.is_met
    assert progress.rolling.total == 30 and progress.rolling.shortfall == 90
    assert progress.hours_short == 90


def test_state_certificate_grades(certs, world):
    give_degree(world.alice, EducationLevel.MLS)
    with pytest.raises(ValidationError, match="Grade 1"):
        pursuit_record_held(
            by=world.sam,
            person=world.bob,
            scheme=certs.state,
            earned_on=dt.date(2022, 1, 1),
            grade="Grade 9",
        )
    held = pursuit_record_held(
        by=world.sam,
        person=world.bob,
        scheme=certs.state,
        earned_on=dt.date(2022, 1, 1),
        grade="Grade 2",
    )
    assert held.expires_on == dt.date(2027, 1, 1) and held.grade == "Grade 2"
