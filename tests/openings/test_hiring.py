"""Hiring changes the job (issue #16): the hire ends the old line and starts the new one (or
promotes through the promotion service), fills the opening and tells every applicant once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ladder.openings import hiring
from ladder.openings import openings as svc
from ladder.openings.models import Application, HiringSettings, Opening
from ladder.people.models import EducationLevel, Employment
from ladder.tuition.models import Promotion
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _opening(world, job_class, hours: str = "40", branch=None) -> Opening:
    draft = svc.opening_create(
        by=world.alice,
        library=world.riverside,
        job_class=job_class,
        weekly_hours=Decimal(hours),
        branch=branch or world.riverside_main,
        benefits_eligible=True,
    )
    return svc.opening_publish(by=world.alice, opening=draft)


def _bob_job(world) -> Employment:
    return Employment.objects.get(person=world.bob, library=world.riverside)


def _mails_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


def test_a_part_time_to_full_time_conversion_ends_the_old_job_and_starts_the_new(
    world, django_capture_on_commit_callbacks
) -> None:
    # Given: Bob, a 15-hour page, and Dave (Hillcrest) apply for a 40-hour page post.
    opening = _opening(world, world.page)
    old = _bob_job(world)
    bob = svc.application_create(by=world.bob, opening=opening, note="Full-time please")
    dave = svc.application_create(by=world.dave, opening=opening)
    svc.application_invite(by=world.alice, opening=opening, person=world.sam)
    mail.outbox.clear()

    # When: Alice hires Bob from today.
    with django_capture_on_commit_callbacks(execute=True):
        hired = hiring.application_decide(
            by=world.alice, application=bob, status="hired", start_date=TODAY()
        )

    # Then: the old line ended yesterday, the new one runs from today at 40 hours.
    old.refresh_from_db()
    assert old.end_date == TODAY() - dt.timedelta(days=1)
    new = hired.employment
    assert new is not None and new.pk != old.pk
    assert (new.job_class, new.weekly_hours, new.start_date, new.end_date) == (
        world.page,
        Decimal("40"),
        TODAY(),
        None,
    )
    assert new.branch == world.riverside_main and new.supervisor == world.sam
    assert new.benefits_eligible
    assert hired.promotion is None
    assert Employment.objects.filter(person=world.bob).current().get() == new
    # The opening is filled; Dave is not selected; the invited Sam never applied.
    opening.refresh_from_db()
    assert opening.status == Opening.Status.FILLED
    dave.refresh_from_db()
    assert dave.status == Application.Status.DECLINED
    # Each applicant gets exactly one e-mail, with absolute links; Sam none.
    assert len(_mails_to(world.bob.email)) == 1
    assert len(_mails_to(world.dave.email)) == 1
    assert _mails_to(world.sam.email) == []
    to_bob = _mails_to(world.bob.email)[0]
    assert "You are hired" in to_bob.subject
    assert "http://" in to_bob.body and "/people/me/" in to_bob.body
    assert to_bob.alternatives and "<a href=" in str(to_bob.alternatives[0][0])
    assert "another candidate" in _mails_to(world.dave.email)[0].body


def test_deciding_again_or_rerunning_the_mail_never_mails_twice(
    world, django_capture_on_commit_callbacks
) -> None:
    opening = _opening(world, world.page)
    bob = svc.application_create(by=world.bob, opening=opening)
    dave = svc.application_create(by=world.dave, opening=opening)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hiring.application_decide(by=world.alice, application=dave, status="declined")
    assert len(_mails_to(world.dave.email)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        hiring.application_decide(by=world.alice, application=bob, status="hired")
    hiring.tell_applicants(opening.pk)

    assert len(_mails_to(world.dave.email)) == 1
    assert len(_mails_to(world.bob.email)) == 1
    with pytest.raises(ValidationError):
        hiring.application_decide(by=world.alice, application=dave, status="hired")


def test_the_library_edits_the_texts_applicants_receive(
    world, django_capture_on_commit_callbacks
) -> None:
    HiringSettings.objects.create(
        library=world.riverside,
        hired_text="Welcome aboard, from all of us at Riverside.",
        not_selected_text="We were impressed, and hope to see you apply again.",
    )
    opening = _opening(world, world.page)
    bob = svc.application_create(by=world.bob, opening=opening)
    svc.application_create(by=world.dave, opening=opening)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        hiring.application_decide(by=world.alice, application=bob, status="hired")

    assert "Welcome aboard" in _mails_to(world.bob.email)[0].body
    assert "hope to see you apply again" in _mails_to(world.dave.email)[0].body


def test_a_hire_into_a_higher_class_goes_through_the_promotion_service(world) -> None:
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.SECONDARY, field="")
    opening = _opening(world, world.assistant)
    old = _bob_job(world)
    bob = svc.application_create(by=world.bob, opening=opening)

    hired = hiring.application_decide(
        by=world.alice, application=bob, status="hired", start_date=TODAY()
    )

    promotion = Promotion.objects.get(person=world.bob)
    assert hired.promotion == promotion
    assert promotion.status == Promotion.Status.ACCEPTED
    assert promotion.reason == Promotion.Reason.OPENING
    assert promotion.to_job_class == world.assistant
    assert promotion.new_employment == hired.employment
    old.refresh_from_db()
    assert old.end_date == TODAY() - dt.timedelta(days=1)
    new = hired.employment
    assert new is not None
    assert (new.job_class, new.weekly_hours) == (world.assistant, Decimal("40"))


def test_a_promotion_the_person_is_not_eligible_for_is_refused_and_nothing_changes(
    world,
) -> None:
    opening = _opening(world, world.manager)  # needs an MLS and three years
    bob = svc.application_create(by=world.bob, opening=opening)

    with pytest.raises(ValidationError, match="Eligibility rule"):
        hiring.application_decide(by=world.alice, application=bob, status="hired")

    bob.refresh_from_db()
    assert bob.status == Application.Status.APPLIED
    assert _bob_job(world).end_date is None
    assert not Promotion.objects.exists()


def test_staff_of_another_library_are_hired_by_the_site_admin_beside_their_job(world) -> None:
    opening = _opening(world, world.page, hours="20")
    dave = svc.application_create(by=world.dave, opening=opening)
    hillcrest_job = Employment.objects.get(person=world.dave)

    with pytest.raises(PermissionDenied, match="site admin"):
        hiring.application_decide(by=world.alice, application=dave, status="hired")
    assert Employment.objects.filter(person=world.dave).count() == 1

    hired = hiring.application_decide(by=world.root, application=dave, status="hired")

    hillcrest_job.refresh_from_db()
    assert hillcrest_job.end_date is None  # Hillcrest's job is Hillcrest's to end
    assert hired.employment is not None and hired.employment.library == world.riverside
    assert Employment.objects.filter(person=world.dave).current().count() == 2


def test_a_hire_of_someone_with_no_job_only_starts_the_new_one(world) -> None:
    # Erin applied while she worked at Riverside; her job has since ended.
    erin = f.PersonFactory(email="erin@riverside.example", added_by_library=world.riverside)
    f.EmploymentFactory(
        person=erin,
        library=world.riverside,
        job_class=world.page,
        start_date=dt.date(2020, 1, 6),
        end_date=TODAY() - dt.timedelta(days=30),
    )
    opening = _opening(world, world.page)
    application = Application.objects.create(
        opening=opening, person=erin, status=Application.Status.APPLIED, applied_at=timezone.now()
    )
    before = {e.pk: e.end_date for e in Employment.objects.all()}

    hired = hiring.application_decide(by=world.alice, application=application, status="hired")

    after = {e.pk: e.end_date for e in Employment.objects.all() if e.pk in before}
    assert after == before  # nobody's job was ended or changed
    assert hired.employment is not None and hired.employment.person == erin
    assert hired.employment.supervisor is None


def test_the_start_date_must_follow_the_current_job(world) -> None:
    opening = _opening(world, world.page)
    bob = svc.application_create(by=world.bob, opening=opening)

    with pytest.raises(ValidationError, match="starts after the current one"):
        hiring.application_decide(
            by=world.alice, application=bob, status="hired", start_date=dt.date(2019, 1, 1)
        )


# --- the page ---------------------------------------------------------------------------------


def test_hiring_on_the_page_shows_the_new_job_on_the_profile(
    world, client_for, django_capture_on_commit_callbacks
) -> None:
    opening = _opening(world, world.page)
    bob = svc.application_create(by=world.bob, opening=opening)
    client = client_for(world.alice)
    page = client.get(opening.get_absolute_url()).content.decode()
    assert f'id="start-{bob.pk}"' in page
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            opening.get_absolute_url(),
            {
                "action": "decide",
                "application": bob.pk,
                "status": "hired",
                "start_date": TODAY().isoformat(),
            },
            follow=True,
        )

    assert "is hired" in response.content.decode()
    assert len(_mails_to(world.bob.email)) == 1
    profile = client_for(world.bob).get(reverse("people:me"), follow=True).content.decode()
    assert "Full-time" in profile  # the new 40-hour job (the old one was part-time)


def test_a_hire_as_promotion_asks_no_admin_to_decide_it_again(
    world, django_capture_on_commit_callbacks
) -> None:
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.SECONDARY, field="")
    opening = _opening(world, world.assistant)
    bob = svc.application_create(by=world.bob, opening=opening)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        hiring.application_decide(by=world.alice, application=bob, status="hired")

    # No "promotion proposal" mail to the admins: bob hears he is hired and promoted.
    assert {tuple(m.to) for m in mail.outbox} == {(world.bob.email,)}
    assert any("promotion" in m.body.lower() for m in mail.outbox)
    assert not any(m.subject.endswith("is proposed") for m in mail.outbox)
