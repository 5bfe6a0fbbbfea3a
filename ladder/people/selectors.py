"""Reads of people's records that are more than one line: the directory and the profile."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from ladder.core.access import Access
from ladder.orgs.models import Branch, Library, Membership, Region
from ladder.people.models import (
    Credential,
    Employment,
    EmploymentQuerySet,
    EvidenceFile,
    JobClass,
    Ladder,
    Person,
    PriorExperience,
)

FULL_TIME = "full"
PART_TIME = "part"


def _not_ended(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})


def people_visible_to(access: Access) -> QuerySet[Person]:
    """Who appears in the user's directory: whom they manage, and their current colleagues."""
    people = Person.objects.all()
    if access.is_site_admin:
        return people
    return people.filter(
        _managed(access)
        | Q(
            employments__library_id__in=access.colleague_library_ids,
            employments__end_date__isnull=True,
        )
    ).distinct()


def people_managed_by(access: Access) -> QuerySet[Person]:
    """Whose private record (credentials, experience, HR fields) the user may see."""
    people = Person.objects.all()
    if access.is_site_admin:
        return people
    return people.filter(_managed(access)).distinct()


def _managed(access: Access) -> Q:
    # Access ends with the job: an admin manages the people whose job at their library has
    # not ended (or is about to start); a supervisor their current reports; everyone themself.
    return (
        Q(pk=access.person_id)
        | Q(pk__in=access.report_ids)
        | (Q(employments__library_id__in=access.admin_library_ids) & _not_ended("employments__"))
    )


def employments_visible_to(access: Access) -> EmploymentQuerySet:
    """The jobs the user sees: their own, their library's, and (as a supervisor) their
    reports' jobs in the libraries where they supervise them."""
    employments = cast(EmploymentQuerySet, Employment.objects.all())
    if access.is_site_admin:
        return employments
    return employments.filter(
        Q(person_id=access.person_id)
        | access.supervised_q()
        | Q(library_id__in=access.admin_library_ids)
    )


def credentials_visible_to(access: Access) -> QuerySet[Credential]:
    return Credential.objects.filter(person_id__in=people_managed_by(access).values("pk"))


def evidence_files_visible_to(access: Access) -> QuerySet[EvidenceFile]:
    return EvidenceFile.objects.filter(
        credential__person_id__in=people_managed_by(access).values("pk")
    ).select_related("credential__person")


def experience_visible_to(access: Access) -> QuerySet[PriorExperience]:
    return PriorExperience.objects.filter(person_id__in=people_managed_by(access).values("pk"))


# --- directory -----------------------------------------------------------------------------


def directory_libraries(access: Access) -> QuerySet[Library]:
    """The libraries whose people the user can find in the directory."""
    if access.is_site_admin:
        return Library.objects.all()
    return Library.objects.filter(pk__in=access.colleague_library_ids | access.admin_library_ids)


def jobs_matching(
    jobs: EmploymentQuerySet,
    *,
    library: Library | None = None,
    branch: Branch | None = None,
    region: Region | None = None,
    job_class: JobClass | None = None,
    schedule: str = "",
) -> EmploymentQuerySet:
    """The employments the directory's filters keep: the directory and its export agree."""
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
    return jobs


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
    jobs = jobs_matching(
        jobs,
        library=library,
        branch=branch,
        region=region,
        job_class=job_class,
        schedule=schedule,
    )
    people = people_visible_to(access).filter(pk__in=jobs.values("person_id"))
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
    is_managed = people_managed_by(access).filter(pk=person.pk).exists()
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
        set(employments_visible_to(access).filter(person=person).values_list("pk", flat=True))
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
        "employments": employments,
        "manageable_library_ids": manageable_library_ids,
        "credentials": credentials,
        "experience": experience,
    }


def ladder_adopting_libraries(access: Access, ladder: Ladder) -> list[Library]:
    """The libraries the user administers that may use this ladder."""
    if access.is_site_admin and not access.admin_library_ids:
        return []  # A site admin changes libraries through the Django admin.
    libraries = Library.objects.filter(pk__in=access.admin_library_ids).select_related("ladder")
    if ladder.library_id is not None:
        libraries = libraries.filter(pk=ladder.library_id)
    elif ladder.network_id is not None:
        members = Membership.objects.filter(network_id=ladder.network_id).values("library_id")
        libraries = libraries.filter(pk__in=members)
    return list(libraries.order_by("name"))
