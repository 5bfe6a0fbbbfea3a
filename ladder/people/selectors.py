"""Reads of people's records that are more than one line: the directory and the profile."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from ladder.core.access import Access
from ladder.orgs.models import Branch, Library, Region
from ladder.people.models import (
    Credential,
    Employment,
    EvidenceFile,
    JobClass,
    Person,
    PriorExperience,
)

FULL_TIME = "full"
PART_TIME = "part"


def _not_ended() -> Q:
    today = timezone.localdate()
    return Q(end_date__isnull=True) | Q(end_date__gte=today)


def person_is_editable_by(access: Access, person: Person) -> bool:
    """Self, site admins, and admins of a library where the person works (or is about to)."""
    if access.is_site_admin or (access.person_id is not None and access.person_id == person.pk):
        return True
    if not access.admin_library_ids:
        return False
    return Employment.objects.filter(
        _not_ended(), person_id=person.pk, library_id__in=access.admin_library_ids
    ).exists()


def managed_people(access: Access) -> QuerySet[Person]:
    return Person.objects.managed_by(access)


def credentials_managed_by(access: Access) -> QuerySet[Credential]:
    return Credential.objects.filter(person_id__in=managed_people(access).values("pk"))


def evidence_managed_by(access: Access) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.filter(
        credential__person_id__in=managed_people(access).values("pk")
    ).select_related("credential__person")


def experience_managed_by(access: Access) -> QuerySet[PriorExperience]:
    return PriorExperience.objects.filter(person_id__in=managed_people(access).values("pk"))


# --- directory -----------------------------------------------------------------------------


def directory_libraries(access: Access) -> QuerySet[Library]:
    """The libraries whose people the user can find in the directory."""
    if access.is_site_admin:
        return Library.objects.all()
    return Library.objects.filter(pk__in=access.colleague_library_ids | access.admin_library_ids)


def directory_people(
    access: Access,
    *,
    q: str = "",
    library: Library | None = None,
    branch: Branch | None = None,
    region: Region | None = None,
    job_class: JobClass | None = None,
    schedule: str = "",
) -> QuerySet[Person]:
    """People the user may see who hold a current employment matching the filters.

    Each person carries `current_employments` (library, branch, job class and `full_time`
    loaded), so the page runs the same handful of queries however many rows it shows.
    """
    jobs = Employment.objects.current()
    if not access.is_site_admin:
        # Someone who left the user's library stays visible to its admins (their history),
        # but the directory lists people by the jobs they hold there now.
        jobs = jobs.filter(
            Q(library_id__in=access.colleague_library_ids | access.admin_library_ids)
            | Q(person_id__in=access.report_ids)
            | Q(person_id=access.person_id)
        )
    if library is not None:
        jobs = jobs.filter(library=library)
    if branch is not None:
        jobs = jobs.filter(branch=branch)
    if region is not None:
        jobs = jobs.filter(library__region=region)
    if job_class is not None:
        jobs = jobs.filter(job_class=job_class)
    # The same rule as Employment.with_full_time, against the library's own threshold.
    if schedule == FULL_TIME:
        jobs = jobs.filter(weekly_hours__gte=F("library__full_time_threshold"))
    elif schedule == PART_TIME:
        jobs = jobs.filter(weekly_hours__lt=F("library__full_time_threshold"))

    people = Person.objects.visible_to(access).filter(pk__in=jobs.values("person_id"))
    for term in q.split():
        people = people.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(preferred_name__icontains=term)
            | Q(email__icontains=term)
        )
    shown = (
        Employment.objects.current()
        .with_full_time()
        .select_related("library", "branch", "job_class")
        .order_by("library__name", "job_class__name")
    )
    return people.prefetch_related(
        Prefetch("employments", queryset=shown, to_attr="current_employments")
    ).order_by("last_name", "first_name", "email")


# --- profile -------------------------------------------------------------------------------


def profile_for(access: Access, person: Person) -> dict[str, Any]:
    """What the user may see of a person's profile; private parts only for managers."""
    is_managed = managed_people(access).filter(pk=person.pk).exists()
    employments_qs = (
        Employment.objects.filter(person=person)
        .with_full_time()
        .select_related("library", "branch", "job_class", "supervisor")
        .order_by("-start_date", "pk")
    )
    if not is_managed:
        # Colleagues see where and as what someone works today, not their HR details.
        employments_qs = employments_qs.current()
    employments = list(employments_qs)
    # A manager sees HR details only of the jobs they manage (their library's, their reports'):
    # a former employee's new job elsewhere stays private to that library.
    private_ids = (
        set(
            Employment.objects.visible_to(access).filter(person=person).values_list("pk", flat=True)
        )
        if is_managed
        else set()
    )
    for job in employments:
        job.show_private = job.pk in private_ids  # type: ignore[attr-defined]
    employments = [job for job in employments if job.show_private or job.is_current]  # type: ignore[attr-defined]
    credentials: list[Credential] = []
    experience: list[PriorExperience] = []
    if is_managed:
        credentials = list(
            Credential.objects.filter(person=person)
            .select_related("certification_type")
            .prefetch_related("evidence")
            .order_by("kind", "-awarded_on", "pk")
        )
        experience = list(
            PriorExperience.objects.filter(person=person).order_by("-start_date", "pk")
        )
    manageable_library_ids = (
        {e.library_id for e in employments}
        if access.is_site_admin
        else {e.library_id for e in employments} & access.admin_library_ids
    )
    return {
        "person": person,
        "is_self": access.person_id == person.pk,
        "is_managed": is_managed,
        "is_editable": person_is_editable_by(access, person),
        "employments": employments,
        "can_add_employment": access.is_site_admin or access.is_library_admin,
        "manageable_library_ids": manageable_library_ids,
        "credentials": credentials,
        "experience": experience,
    }
