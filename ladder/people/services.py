"""Every write to people's records: profiles, employments, credentials, evidence, experience.

Each function checks the permission through access_for(by), validates (ValidationError with
a field dict), writes inside one transaction and leaves an audit entry with old -> new values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypedDict, TypeVar

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from typing_extensions import Unpack

from ladder.core.access import Access, access_for
from ladder.core.audit import assign_fields, assign_validated, diff, log_action, snapshot
from ladder.core.files import attach_upload, delete_stored_files
from ladder.core.links import absolute_url
from ladder.core.mail import send_templated
from ladder.core.policies import library_admin, require
from ladder.orgs.models import Branch, Library
from ladder.people import requirements as rules
from ladder.people.access import compute_access
from ladder.people.account import email_change_record, end_access_if_left
from ladder.people.models import (
    CertificationType,
    Credential,
    EducationLevel,
    Employment,
    EvidenceFile,
    JobClass,
    Person,
    PriorExperience,
)
from ladder.people.policies import (
    can_add_staff_to,
    can_add_staff_without_library,
    can_attach,
    can_change_sign_in_email,
    can_edit_employment,
    can_edit_person,
    can_manage_employments,
    can_set_pay,
)


class PersonDetails(TypedDict, total=False):
    """A profile's optional details (person_create takes the e-mail and names apart)."""

    preferred_name: str
    pronouns: str
    phone: str
    bio: str
    is_mentor: bool


class ProfileFields(PersonDetails, total=False):
    """What person_update may change (PROFILE_FIELDS, and the e-mail for admins)."""

    first_name: str
    last_name: str
    email: str


class EmploymentDetails(TypedDict, total=False):
    """An employment's optional details (employment_create takes job, hours and start apart)."""

    branch: Branch | None
    title: str
    benefits_eligible: bool
    supervisor: Person | None
    end_date: dt.date | None


class EmploymentFields(EmploymentDetails, total=False):
    """What employment_update may change (EMPLOYMENT_FIELDS)."""

    job_class: JobClass
    weekly_hours: Decimal
    start_date: dt.date


class CredentialFields(TypedDict, total=False):
    """What credential_create and credential_update may set (CREDENTIAL_FIELDS)."""

    kind: str
    status: str
    degree_level: int | None
    field: str
    institution: str
    accredited: bool
    certification_type: CertificationType | None
    issuer: str
    expires_on: dt.date | None
    renewal_hours: Decimal | None
    awarded_on: dt.date | None
    started_on: dt.date | None


class ExperienceFields(TypedDict, total=False):
    """What experience_create and experience_update may set (EXPERIENCE_FIELDS)."""

    employer: str
    role: str
    start_date: dt.date
    end_date: dt.date | None
    hours_per_week: Decimal
    is_library_work: bool


# A person edits these on their own profile; their library's admins may too.
PROFILE_FIELDS = [
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "phone",
    "bio",
    "is_mentor",
]
# The login itself is changed by an admin, not by the person (it is how they sign in).
ADMIN_PROFILE_FIELDS = [*PROFILE_FIELDS, "email"]

EMPLOYMENT_FIELDS = [
    "branch",
    "job_class",
    "title",
    "weekly_hours",
    "benefits_eligible",
    "supervisor",
    "start_date",
    "end_date",
]
# What a job pays depends on these: nobody sets them on their own employment.
PAY_FIELDS = ["job_class", "weekly_hours", "benefits_eligible"]
CREDENTIAL_FIELDS = [
    "kind",
    "status",
    "degree_level",
    "field",
    "institution",
    "accredited",
    "certification_type",
    "issuer",
    "expires_on",
    "renewal_hours",
    "awarded_on",
    "started_on",
]
EXPERIENCE_FIELDS = [
    "employer",
    "role",
    "start_date",
    "end_date",
    "hours_per_week",
    "is_library_work",
]

# --- helpers -------------------------------------------------------------------------------


def _model_errors(obj: Model, exclude: list[str] | None = None) -> dict[str, list[str]]:
    """Field validation of the model (lengths, choices, min/max), as a field dict."""
    try:
        # Uniqueness and constraints are checked by our own rules, with clearer messages.
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return dict(exc.message_dict)
    return {}


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _save_logged(
    *, by: Person, obj: Model, action: str, summary: str, changes: dict[str, Any]
) -> None:
    """Write the record and its audit entry together: neither is kept without the other."""
    with transaction.atomic():
        obj.save()
        log_action(actor=by, action=action, obj=obj, summary=summary, changes=changes)


_R = TypeVar("_R", Credential, PriorExperience)


@dataclass(frozen=True)
class _RecordRules(Generic[_R]):
    """What differs between the kinds of record kept on a person's profile.

    Whoever may edit the person may add, change and delete these records, and each write
    is audited with its old and new values: only the fields, the check and the wording vary.
    """

    noun: str  # in the audit actions: people.<noun>.created/updated/deleted
    fields: list[str]
    check: Callable[[_R], None]  # normalises and validates, raising ValidationError
    summary: Callable[[_R], str]


def _record_create(
    rules: _RecordRules[_R], *, by: Person, record: _R, fields: Mapping[str, Any]
) -> _R:
    require(can_edit_person, access_for(by), record.person)
    assign_fields(record, fields=fields, allowed=rules.fields)
    rules.check(record)
    _save_logged(
        by=by,
        obj=record,
        action=f"people.{rules.noun}.created",
        summary=rules.summary(record),
        changes=diff({}, snapshot(record, rules.fields)),
    )
    return record


def _record_update(
    rules: _RecordRules[_R], *, by: Person, record: _R, fields: Mapping[str, Any]
) -> _R:
    require(can_edit_person, access_for(by), record.person)
    changes = assign_validated(
        record, fields=fields, allowed=rules.fields, validate=lambda: rules.check(record)
    )
    if changes:
        _save_logged(
            by=by,
            obj=record,
            action=f"people.{rules.noun}.updated",
            summary=rules.summary(record),
            changes=changes,
        )
    return record


def _record_delete(rules: _RecordRules[_R], *, by: Person, record: _R) -> None:
    require(can_edit_person, access_for(by), record.person)
    with transaction.atomic():
        log_action(
            actor=by,
            action=f"people.{rules.noun}.deleted",
            obj=record,
            summary=rules.summary(record),
            changes=diff(snapshot(record, rules.fields), dict.fromkeys(rules.fields)),
        )
        record.delete()


# --- persons -------------------------------------------------------------------------------


def _validate_person(person: Person, *, exclude: list[str] | None = None) -> None:
    errors = _model_errors(person, exclude=["password", *(exclude or [])])
    for name in ("first_name", "last_name"):
        if not (getattr(person, name) or "").strip() and name not in errors:
            _add(errors, name, "This field is required.")
    if person.email and "email" not in errors:
        clash = Person.objects.filter(email__iexact=person.email).exclude(pk=person.pk)
        if clash.exists():
            _add(errors, "email", "A person with this e-mail address already exists.")
    _raise_if(errors)


def person_create(
    *,
    by: Person,
    email: str,
    first_name: str,
    last_name: str,
    library: Library | None = None,
    **fields: Unpack[PersonDetails],
) -> Person:
    """An admin adds a staff member. They set their own password through 'Forgot password'.

    `library` is the library the person is added through (add staff, import): its admins may
    then give them their first job there (see employment_create).
    """
    access = access_for(by)
    require(library_admin, access, message="Only library admins add staff.")
    if library is not None:
        require(can_add_staff_to, access, library)
    elif not access.is_site_admin:
        require(can_add_staff_without_library, access)
        library = Library.objects.get(pk=next(iter(access.admin_library_ids)))
    person = Person(
        email=(email or "").strip().lower(),
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        added_by_library=library,
    )
    assign_fields(person, fields=fields, allowed=PROFILE_FIELDS)
    # No password until they set one through the reset link: an unusable password costs no
    # hashing (imports add thousands of people), and StaffPasswordResetForm accepts it.
    person.set_unusable_password()
    _validate_person(person)
    with transaction.atomic():
        person.save()
        log_action(
            actor=by,
            action="people.person.created",
            obj=person,
            summary=f"Added {person.display_name} ({person.email})",
        )
    return person


def person_update(*, by: Person, person: Person, **fields: Unpack[ProfileFields]) -> Person:
    """The person edits their own profile; admins of a library employing them may too."""
    access = access_for(by)
    require(can_edit_person, access, person)
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip().lower()
    if "email" in fields and fields["email"] != person.email:
        is_self = access.person_id == person.pk
        require(
            can_change_sign_in_email,
            access,
            person,
            message="Ask your library's admin to change your sign-in e-mail address."
            if is_self
            else f"{person.display_name} holds a role (site admin, network coordinator or "
            "library admin): only the site admin changes their sign-in e-mail address.",
        )
    old_email = person.email
    changes = assign_validated(
        person,
        fields=fields,
        allowed=ADMIN_PROFILE_FIELDS,
        validate=lambda: _validate_person(person),
    )
    if not changes:
        return person
    with transaction.atomic():
        person.save(update_fields=list(changes))
        log_action(
            actor=by,
            action="people.person.updated",
            obj=person,
            summary=f"Updated the profile of {person.display_name}",
            changes=changes,
        )
        if "email" in changes:
            email_change_record(person=person, old_email=old_email, by=by)
    return person


# --- employments ---------------------------------------------------------------------------


def _not_ended(on: dt.date | None = None) -> Q:
    on = on or timezone.localdate()
    return Q(end_date__isnull=True) | Q(end_date__gte=on)


def _validate_employment(employment: Employment, *, check_supervisor_chain: bool) -> None:
    errors = _model_errors(employment, exclude=["person", "library"])
    library_id = employment.library_id
    if employment.branch is not None and employment.branch.library_id != library_id:
        _add(errors, "branch", f"This branch does not belong to {employment.library}.")
    if (
        employment.job_class_id is not None
        and "job_class" not in errors
        and not JobClass.objects.available_to_library(library_id)
        .filter(pk=employment.job_class_id)
        .exists()
    ):
        _add(errors, "job_class", f"This job class is not available to {employment.library}.")
    start, end = employment.start_date, employment.end_date
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        _add(errors, "end_date", "The end date cannot be before the start date.")
    supervisor = employment.supervisor
    if supervisor is not None:
        if supervisor.pk == employment.person_id:
            _add(errors, "supervisor", "A person cannot supervise themselves.")
        elif not Employment.objects.filter(
            _not_ended(), person=supervisor, library_id=library_id
        ).exists():
            _add(
                errors,
                "supervisor",
                f"The supervisor must be currently employed at {employment.library}.",
            )
        elif (
            check_supervisor_chain and supervisor.pk in compute_access(employment.person).report_ids
        ):
            _add(
                errors,
                "supervisor",
                "This person already reports (directly or not) to the person being supervised.",
            )
    _raise_if(errors)


def _require_not_own_pay(
    access: Access, employment: Employment, library: Library, changing: set[str]
) -> None:
    if changing & set(PAY_FIELDS):
        require(
            can_set_pay,
            access,
            employment,
            message=f"You cannot change your own job class, hours or benefits: another admin of "
            f"{library} or the site admin does it.",
        )


def _require_attachable(access: Access, person: Person, library: Library) -> None:
    require(
        can_attach,
        access,
        person,
        library,
        message=f"You may not add a job at {library} for {person.display_name}: they were not "
        "added through your library, work elsewhere or hold a role. Ask the site admin.",
    )


def employment_create(
    *,
    by: Person,
    person: Person,
    library: Library,
    job_class: JobClass,
    weekly_hours: Any,
    start_date: dt.date,
    **fields: Unpack[EmploymentDetails],
) -> Employment:
    """An admin records a job at their library (a person may hold several at once)."""
    access = access_for(by)
    employment = Employment(
        person=person,
        library=library,
        job_class=job_class,
        weekly_hours=weekly_hours,
        start_date=start_date,
    )
    require(can_manage_employments, access, library)
    _require_not_own_pay(access, employment, library, set(PAY_FIELDS))
    _require_attachable(access, person, library)
    assign_fields(employment, fields=fields, allowed=EMPLOYMENT_FIELDS)
    _validate_employment(employment, check_supervisor_chain=True)
    _save_logged(
        by=by,
        obj=employment,
        action="people.employment.created",
        summary=f"{person.display_name}: {job_class} at {library}",
        changes=diff({}, snapshot(employment, EMPLOYMENT_FIELDS)),
    )
    return employment


def employment_update(
    *, by: Person, employment: Employment, **fields: Unpack[EmploymentFields]
) -> Employment:
    access = access_for(by)
    require(can_edit_employment, access, employment)
    changing = {name for name, value in fields.items() if getattr(employment, name) != value}
    _require_not_own_pay(access, employment, employment.library, changing)
    old_supervisor_id = employment.supervisor_id
    changes = assign_validated(
        employment,
        fields=fields,
        allowed=EMPLOYMENT_FIELDS,
        validate=lambda: _validate_employment(
            employment, check_supervisor_chain=employment.supervisor_id != old_supervisor_id
        ),
    )
    if not changes:
        return employment
    with transaction.atomic():
        employment.save()
        log_action(
            actor=by,
            action="people.employment.updated",
            obj=employment,
            summary=f"Updated {employment}",
            changes=changes,
        )
        if "end_date" in changes:
            _after_job_end(employment, by)
    return employment


def employment_end(*, by: Person, employment: Employment, end_date: dt.date) -> Employment:
    access = access_for(by)
    require(can_edit_employment, access, employment)
    if not isinstance(end_date, dt.date):
        raise ValidationError({"end_date": ["Enter the last day of the employment."]})
    if employment.end_date is not None and employment.end_date < timezone.localdate():
        raise ValidationError(
            {"end_date": [f"This employment already ended on {employment.end_date.isoformat()}."]}
        )
    if end_date < employment.start_date:
        raise ValidationError({"end_date": ["The end date cannot be before the start date."]})
    before = employment.end_date
    with transaction.atomic():
        employment.end_date = end_date
        employment.save(update_fields=["end_date"])
        log_action(
            actor=by,
            action="people.employment.ended",
            obj=employment,
            summary=f"Ended {employment} on {end_date.isoformat()}",
            changes={"end_date": [before, end_date]},
        )
        _after_job_end(employment, by)
    return employment


def _after_job_end(employment: Employment, by: Person) -> None:
    """Access ends with the job: once the transaction commits (a promotion ends one line and
    starts the next in the same transaction), a person left with no job today or later is
    signed out everywhere; a job ending later is handled by `ladder end_leavers_access`."""
    if employment.end_date is None or employment.end_date >= timezone.localdate():
        return
    person = employment.person
    transaction.on_commit(lambda: end_access_if_left(person=person, by=by))


def staff_create(
    *,
    by: Person,
    person_fields: dict[str, Any],
    employment_fields: dict[str, Any],
    send_welcome: bool = True,
) -> Employment:
    """'Add staff': the person and their first employment, both or neither.

    The new person gets an e-mail with a link to set their password, once the records exist.
    """
    with transaction.atomic():
        person = person_create(by=by, library=employment_fields.get("library"), **person_fields)
        employment = employment_create(by=by, person=person, **employment_fields)
        if send_welcome:
            transaction.on_commit(lambda: _send_welcome(employment, by))
    return employment


def _send_welcome(employment: Employment, by: Person) -> None:
    person = employment.person
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    link = absolute_url("password_reset_confirm", uidb64=uid, token=token)
    send_templated(
        "people/email/welcome",
        {
            "person": person,
            "added_by": by.display_name,
            "library": employment.library.name,
            "link": link,
            "login_url": absolute_url("login"),
        },
        subject="Your Ladder account",
        to=[person.email],
    )


# --- credentials ---------------------------------------------------------------------------


def _normalise_credential(credential: Credential) -> None:
    """Drop the fields of the other kind, so a degree never carries an expiry date."""
    if credential.kind == Credential.Kind.CERTIFICATION:
        credential.degree_level = None
        credential.accredited = False
    elif credential.kind == Credential.Kind.DEGREE:
        credential.certification_type = None
        credential.issuer = ""
        credential.expires_on = None
        credential.renewal_hours = None


def _validate_credential(credential: Credential) -> None:
    errors = _model_errors(credential, exclude=["person"])
    today = timezone.localdate()
    if credential.kind == Credential.Kind.DEGREE:
        if credential.degree_level in (None, EducationLevel.NONE) and "degree_level" not in errors:
            _add(errors, "degree_level", "A degree needs a level.")
        if credential.accredited and not rules.degree_can_be_accredited(credential.degree_level):
            _add(errors, "accredited", rules.ACCREDITED_ONLY_MLS)
    elif (
        credential.kind == Credential.Kind.CERTIFICATION
        and credential.certification_type_id is None
        and not (credential.issuer or "").strip()
    ):
        _add(errors, "certification_type", "A certification needs a type or an issuer.")
    awarded, started, expires = credential.awarded_on, credential.started_on, credential.expires_on
    if credential.status == Credential.Status.AWARDED and awarded is None:
        _add(errors, "awarded_on", "An awarded credential needs the date it was awarded.")
    if isinstance(awarded, dt.date) and awarded > today:
        _add(errors, "awarded_on", "The award date cannot be in the future.")
    if isinstance(awarded, dt.date) and isinstance(started, dt.date) and awarded < started:
        _add(errors, "awarded_on", "The award date cannot be before the start date.")
    if isinstance(awarded, dt.date) and isinstance(expires, dt.date) and expires < awarded:
        _add(errors, "expires_on", "The expiry date cannot be before the award date.")
    _raise_if(errors)


def _check_credential(credential: Credential) -> None:
    _normalise_credential(credential)
    _validate_credential(credential)


_CREDENTIALS = _RecordRules[Credential](
    noun="credential",
    fields=CREDENTIAL_FIELDS,
    check=_check_credential,
    summary=lambda credential: f"{credential.person.display_name}: {credential.title}",
)


def credential_create(
    *, by: Person, person: Person, **fields: Unpack[CredentialFields]
) -> Credential:
    return _record_create(_CREDENTIALS, by=by, record=Credential(person=person), fields=fields)


def credential_update(
    *, by: Person, credential: Credential, **fields: Unpack[CredentialFields]
) -> Credential:
    return _record_update(_CREDENTIALS, by=by, record=credential, fields=fields)


def credential_delete(*, by: Person, credential: Credential) -> None:
    files = list(credential.evidence.values_list("file", flat=True))
    with transaction.atomic():
        _record_delete(_CREDENTIALS, by=by, record=credential)
        # Files go only once the rows are gone for good.
        transaction.on_commit(lambda: delete_stored_files(files))


# --- evidence ------------------------------------------------------------------------------


def evidence_add(
    *, by: Person, credential: Credential, upload: UploadedFile[bytes]
) -> EvidenceFile:
    """Attach a file proving a credential (type checked by extension and by content)."""
    access = access_for(by)
    require(can_edit_person, access, credential.person)
    evidence = EvidenceFile(credential=credential)
    with attach_upload(stored=evidence, upload=upload, by=by):
        log_action(
            actor=by,
            action="people.evidence.added",
            obj=evidence,
            summary=(
                f"{credential.person.display_name}: {evidence.original_name} for {credential.title}"
            ),
        )
    return evidence


def evidence_delete(*, by: Person, evidence: EvidenceFile) -> None:
    access = access_for(by)
    require(can_edit_person, access, evidence.credential.person)
    stored = evidence.file.name or ""
    with transaction.atomic():
        log_action(
            actor=by,
            action="people.evidence.deleted",
            obj=evidence,
            summary=f"{evidence.credential.person.display_name}: {evidence.original_name}",
        )
        evidence.delete()
        transaction.on_commit(lambda: delete_stored_files([stored]))


# --- prior experience ----------------------------------------------------------------------


def _validate_experience(experience: PriorExperience) -> None:
    errors = _model_errors(experience, exclude=["person"])
    for name in ("employer", "role"):
        if not (getattr(experience, name) or "").strip() and name not in errors:
            _add(errors, name, "This field is required.")
    start, end = experience.start_date, experience.end_date
    if isinstance(start, dt.date) and start > timezone.localdate():
        _add(errors, "start_date", "Prior experience cannot start in the future.")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        _add(errors, "end_date", "The end date cannot be before the start date.")
    _raise_if(errors)


_EXPERIENCE = _RecordRules[PriorExperience](
    noun="experience",
    fields=EXPERIENCE_FIELDS,
    check=_validate_experience,
    summary=lambda experience: f"{experience.person.display_name}: {experience}",
)


def experience_create(
    *, by: Person, person: Person, **fields: Unpack[ExperienceFields]
) -> PriorExperience:
    return _record_create(_EXPERIENCE, by=by, record=PriorExperience(person=person), fields=fields)


def experience_update(
    *, by: Person, experience: PriorExperience, **fields: Unpack[ExperienceFields]
) -> PriorExperience:
    return _record_update(_EXPERIENCE, by=by, record=experience, fields=fields)


def experience_delete(*, by: Person, experience: PriorExperience) -> None:
    _record_delete(_EXPERIENCE, by=by, record=experience)
