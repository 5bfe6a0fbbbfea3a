"""Access ends with the job, and supervision is per employment.

A library admin or supervisor whose relationship with a person ended no longer reaches that
person's record; a supervisor in library A reaches what concerns the person's job in A, not
their job (or evaluations, or approvals) in library B.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ladder.careers.models import Evaluation
from ladder.core.access import access_for
from ladder.learning import registrations as reg
from ladder.people import services
from ladder.people.account import end_leavers_access
from ladder.people.models import ApiToken, Employment
from ladder.people.selectors import employments_visible_to
from ladder.people.tokens import api_token_create
from tests import factories as f
from tests.api.conftest import ApiClient, token_for
from tests.learning.conftest import catalogue, register  # noqa: F401  (fixture)

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def _end(employment: Employment, on: dt.date = YESTERDAY) -> None:
    Employment.objects.filter(pk=employment.pk).update(end_date=on)


# --- the person left -------------------------------------------------------------------------


def test_the_former_library_admin_no_longer_reaches_a_leaver(world, client_for):
    _end(world.bob.employments.get())
    alice = client_for(world.alice)
    assert alice.get(f"/people/{world.bob.pk}/").status_code == 404
    api = ApiClient(token_for(world.alice))
    assert api.get(f"people/{world.bob.pk}/credentials").status_code == 404
    with pytest.raises(PermissionDenied):
        services.person_update(by=world.alice, person=world.bob, phone="555-0100")
    with pytest.raises(PermissionDenied):
        services.credential_create(
            by=world.alice, person=world.bob, kind="degree", degree_level=30, status="in_progress"
        )


def test_a_person_about_to_start_is_already_managed(world):
    newcomer = services.person_create(
        by=world.alice, email="soon@riverside.example", first_name="Soon", last_name="Here"
    )
    services.employment_create(
        by=world.alice,
        person=newcomer,
        library=world.riverside,
        job_class=world.page,
        weekly_hours=Decimal("10"),
        start_date=timezone.localdate() + dt.timedelta(days=14),
    )
    services.person_update(by=world.alice, person=newcomer, phone="555-0101")


# --- the supervisor left ---------------------------------------------------------------------


def test_a_supervisor_whose_own_job_ended_no_longer_supervises(world, client_for):
    assert world.bob.pk in access_for(world.sam).report_ids
    _end(world.sam.employments.get())
    sam = world.sam.__class__.objects.get(pk=world.sam.pk)
    assert access_for(sam).report_ids == frozenset()
    assert client_for(sam).get(f"/people/{world.bob.pk}/").status_code == 404
    # and alice, above sam, no longer reaches bob through sam (she still does as admin).
    assert world.bob.pk not in access_for(world.alice).report_ids


# --- two jobs, two supervisors ---------------------------------------------------------------


@pytest.fixture
def two_jobs(world):
    """dave works at Hillcrest (supervised by carol) and also at Riverside (by sam)."""
    return f.EmploymentFactory(
        person=world.dave,
        library=world.riverside,
        branch=world.riverside_main,
        job_class=world.page,
        weekly_hours=Decimal("12"),
        start_date=dt.date(2023, 1, 1),
        supervisor=world.sam,
    )


def test_supervision_is_per_employment(world, two_jobs):
    sam = access_for(world.sam)
    assert sam.supervises(world.dave.pk, library_id=world.riverside.pk)
    assert not sam.supervises(world.dave.pk, library_id=world.hillcrest.pk)
    jobs = set(
        employments_visible_to(sam).filter(person=world.dave).values_list("library_id", flat=True)
    )
    assert jobs == {world.riverside.pk}


def test_the_profile_shows_the_supervisor_only_their_library_job(world, two_jobs, client_for):
    body = client_for(world.sam).get(f"/people/{world.dave.pk}/").content.decode()
    assert "12" in body  # Riverside hours
    assert "Private to Hillcrest College Library" in body


def test_a_supervisor_sees_only_their_librarys_evaluations(world, two_jobs):
    from ladder.careers.evaluations import evaluations_visible_to
    from ladder.careers.policies import can_evaluate

    at_hillcrest = Evaluation.objects.create(
        person=world.dave,
        library=world.hillcrest,
        reviewer=world.carol,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
    )
    at_riverside = Evaluation.objects.create(
        person=world.dave,
        library=world.riverside,
        reviewer=world.sam,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
    )
    visible = set(evaluations_visible_to(access_for(world.sam)).values_list("pk", flat=True))
    assert at_riverside.pk in visible
    assert at_hillcrest.pk not in visible
    assert can_evaluate(access_for(world.sam), world.dave, world.riverside)
    assert not can_evaluate(access_for(world.sam), world.dave, world.hillcrest)


def test_approval_belongs_to_the_library_that_asks_for_it(world, two_jobs, catalogue):  # noqa: F811
    world.hillcrest.registration_needs_approval = True
    world.hillcrest.save()
    request = register(world.dave, catalogue.webinar_session, status="requested")
    # sam supervises dave's Riverside job, which needs no approval: not his to decide.
    assert request not in reg.approval_queue(access_for(world.sam))
    with pytest.raises(PermissionDenied):
        reg.registration_approve(by=world.sam, registration=request)
    # carol, his Hillcrest supervisor and admin, decides.
    assert request in reg.approval_queue(access_for(world.carol))
    reg.registration_approve(by=world.carol, registration=request)


# --- sessions and tokens end with the last job -------------------------------------------


def test_ending_the_last_job_signs_the_person_out_everywhere(
    world, client_for, django_capture_on_commit_callbacks
):
    bob = client_for(world.bob)
    _, raw = api_token_create(by=world.bob, name="script")
    with django_capture_on_commit_callbacks(execute=True):
        services.employment_end(
            by=world.alice, employment=world.bob.employments.get(), end_date=YESTERDAY
        )
    assert bob.get(f"/people/{world.bob.pk}/").status_code == 302
    assert ApiClient(raw).get("me").status_code == 401


def test_ending_one_of_two_jobs_keeps_the_person_signed_in(
    world, two_jobs, client_for, django_capture_on_commit_callbacks
):
    dave = client_for(world.dave)
    with django_capture_on_commit_callbacks(execute=True):
        services.employment_end(by=world.alice, employment=two_jobs, end_date=YESTERDAY)
    assert dave.get(f"/people/{world.dave.pk}/").status_code == 200


def test_a_job_ending_later_is_handled_by_the_periodic_job(world, client_for):
    api_token_create(by=world.bob, name="script")
    services.employment_end(
        by=world.alice, employment=world.bob.employments.get(), end_date=timezone.localdate()
    )
    assert ApiToken.objects.filter(person=world.bob, revoked_at__isnull=True).exists()
    # The day after: run_periodic's end_leavers_access signs bob out, once.
    _end(world.bob.employments.get())
    assert end_leavers_access() == 1
    assert not ApiToken.objects.filter(person=world.bob, revoked_at__isnull=True).exists()
    assert end_leavers_access() == 0


def test_an_admin_whose_job_at_the_library_ended_is_no_longer_its_admin(
    world, client_for, django_capture_on_commit_callbacks
):
    from ladder.orgs.models import Role

    # sam becomes a second admin; alice ends his job: he is no longer an admin there.
    Role.objects.create(person=world.sam, kind=Role.Kind.LIBRARY_ADMIN, library=world.riverside)
    with django_capture_on_commit_callbacks(execute=True):
        services.employment_end(
            by=world.alice, employment=world.sam.employments.get(), end_date=YESTERDAY
        )
    assert not Role.objects.filter(person=world.sam).exists()
    sam = world.sam.__class__.objects.get(pk=world.sam.pk)
    assert access_for(sam).admin_library_ids == frozenset()
    # an admin who never worked at the library (nina-like contractors) keeps the role
    Role.objects.create(person=world.dave, kind=Role.Kind.LIBRARY_ADMIN, library=world.riverside)
    assert end_leavers_access() == 0
    assert Role.objects.filter(person=world.dave, library=world.riverside).exists()


def test_the_periodic_job_ends_the_role_of_an_admin_who_left_later(world):
    from ladder.orgs.models import Role

    Role.objects.create(person=world.sam, kind=Role.Kind.LIBRARY_ADMIN, library=world.riverside)
    _end(world.sam.employments.get())
    end_leavers_access()
    assert not Role.objects.filter(person=world.sam).exists()
    assert Role.objects.filter(person=world.alice).exists()
