import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.people.models import Employment, Person
from ladder.people.services import person_create, person_update, staff_create


def test_library_admin_creates_a_person_with_a_login_by_email(world):
    person = person_create(
        by=world.alice, email=" New.Hire@Riverside.example ", first_name="Nia", last_name="Hire"
    )
    assert person.email == "new.hire@riverside.example"
    # No password until they set one through 'forgot password' (StaffPasswordResetForm).
    assert not person.has_usable_password()
    entry = AuditEntry.objects.get(action="people.person.created")
    assert entry.actor == world.alice
    assert entry.object_id == str(person.pk)


def test_staff_member_cannot_create_people(world):
    with pytest.raises(PermissionDenied):
        person_create(by=world.bob, email="x@example.org", first_name="X", last_name="Y")
    assert not Person.objects.filter(email="x@example.org").exists()


def test_duplicate_email_is_refused_whatever_the_case(world):
    with pytest.raises(ValidationError) as exc:
        person_create(by=world.alice, email="BOB@riverside.example", first_name="B", last_name="P")
    assert "email" in exc.value.message_dict


def test_names_and_a_valid_email_are_required(world):
    with pytest.raises(ValidationError) as exc:
        person_create(by=world.alice, email="not-an-email", first_name=" ", last_name="")
    assert set(exc.value.message_dict) >= {"email", "first_name", "last_name"}


def test_person_edits_their_own_profile_and_the_change_is_audited(world):
    person_update(by=world.bob, person=world.bob, preferred_name="Bobby", pronouns="he/him")
    world.bob.refresh_from_db()
    assert world.bob.preferred_name == "Bobby"
    entry = AuditEntry.objects.get(action="people.person.updated")
    assert entry.changes == {"preferred_name": ["", "Bobby"], "pronouns": ["", "he/him"]}


def test_saving_unchanged_profile_writes_no_audit_entry(world):
    person_update(by=world.bob, person=world.bob, first_name="Bob")
    assert not AuditEntry.objects.filter(action="people.person.updated").exists()


def test_library_admin_edits_a_staff_members_profile_and_email(world):
    person_update(by=world.alice, person=world.bob, email="robert@riverside.example")
    world.bob.refresh_from_db()
    assert world.bob.email == "robert@riverside.example"


def test_person_cannot_change_their_own_sign_in_email(world):
    with pytest.raises(PermissionDenied):
        person_update(by=world.bob, person=world.bob, email="bob@elsewhere.example")


def test_colleague_cannot_edit_someone_elses_profile(world):
    with pytest.raises(PermissionDenied):
        person_update(by=world.bob, person=world.sam, bio="hacked")


def test_supervisor_can_see_but_not_edit_a_reports_profile(world):
    with pytest.raises(PermissionDenied):
        person_update(by=world.sam, person=world.bob, bio="edited by sam")


def test_other_librarys_admin_cannot_edit_riverside_staff(world):
    with pytest.raises(PermissionDenied):
        person_update(by=world.carol, person=world.bob, first_name="Carol was here")
    world.bob.refresh_from_db()
    assert world.bob.first_name == "Bob"


def test_admin_cannot_edit_someone_whose_job_at_their_library_ended(world):
    Employment.objects.filter(person=world.bob).update(end_date="2020-01-01")
    with pytest.raises(PermissionDenied):
        person_update(by=world.alice, person=world.bob, bio="x")


def test_invalid_profile_change_is_rejected_and_not_kept_in_memory(world):
    with pytest.raises(ValidationError) as exc:
        person_update(by=world.bob, person=world.bob, first_name="", pronouns="x" * 41)
    assert set(exc.value.message_dict) == {"first_name", "pronouns"}
    assert world.bob.first_name == "Bob"


def test_unknown_fields_are_a_programming_error(world):
    with pytest.raises(TypeError):
        person_update(by=world.bob, person=world.bob, is_superuser=True)


def test_staff_create_makes_the_person_and_first_job_together(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        employment = staff_create(
            by=world.alice,
            person_fields={
                "email": "pat@riverside.example",
                "first_name": "Pat",
                "last_name": "New",
            },
            employment_fields={
                "library": world.riverside,
                "job_class": world.page,
                "weekly_hours": "12",
                "start_date": world.bob.employments.get().start_date,
                "branch": world.riverside_east,
                "supervisor": world.sam,
            },
        )
    assert employment.person.email == "pat@riverside.example"
    assert employment.supervisor == world.sam
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["pat@riverside.example"]
    assert "/accounts/reset/" in mailoutbox[0].body


def test_staff_create_saves_nothing_when_the_job_is_invalid(world, mailoutbox):
    with pytest.raises(ValidationError) as exc:
        staff_create(
            by=world.alice,
            person_fields={
                "email": "pat@riverside.example",
                "first_name": "Pat",
                "last_name": "New",
            },
            employment_fields={
                "library": world.riverside,
                "job_class": world.page,
                "weekly_hours": "0",
                "start_date": world.bob.employments.get().start_date,
            },
        )
    assert "weekly_hours" in exc.value.message_dict
    assert not Person.objects.filter(email="pat@riverside.example").exists()
    assert mailoutbox == []
