"""Interests: what a person wants next (target job classes, full-time, management, library
school, what to learn) and what they will teach others.

Private by default (DESIGN.md): the person sees and edits their own; their supervisor chain and
their library's admins see them read-only (people_managed_by); anyone else gets a 404.
Supervisors and admins get a list of their people's interests, filterable.

Mentoring: listing competencies one will teach makes the person a mentor (Person.is_mentor), in
the same transaction. Clearing the list does not un-flag them: a mentor may still teach anything
on request (DESIGN.md practice 2), so they stop being one only by saying so (is_mentor=False),
which is refused while they still list competencies to teach.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from typing_extensions import Unpack

from ladder.core.access import Access, access_for, get_visible_or_404
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.orgs.models import Library, Membership
from ladder.people.models import Employment, JobClass, Person
from ladder.people.selectors import people_managed_by
from ladder.skills import policies
from ladder.skills.models import Competency, Interest


class InterestFields(TypedDict, total=False):
    """What interest_update may set (INTEREST_FIELDS): the lists replace the stored ones."""

    wants_full_time: bool
    wants_management: bool
    library_school: bool
    topics: str
    target_job_classes: Iterable[JobClass]
    learn: Iterable[Competency]
    teach: Iterable[Competency]
    is_mentor: bool


INTEREST_FLAGS = ["wants_full_time", "wants_management", "library_school"]
INTEREST_LISTS = ["target_job_classes", "learn", "teach"]
INTEREST_FIELDS = [*INTEREST_FLAGS, "topics", *INTEREST_LISTS, "is_mentor"]
TOPICS_MAX = 2000


# ---------------------------------------------------------------------------------------------
# Who sees what
# ---------------------------------------------------------------------------------------------


def interest_person_or_404(access: Access, pk: int) -> Person:
    """The person whose interests the user may read: self, supervisor chain, their admins."""
    person: Person = get_visible_or_404(people_managed_by(access), pk=pk)
    return person


def interest_of(person: Person) -> Interest | None:
    return (
        Interest.objects.filter(person=person)
        .prefetch_related(
            Prefetch("target_job_classes", queryset=JobClass.objects.order_by("name")),
            Prefetch("learn", queryset=Competency.objects.select_related("area")),
            Prefetch("teach", queryset=Competency.objects.select_related("area")),
        )
        .first()
    )


# ---------------------------------------------------------------------------------------------
# What a person may choose
# ---------------------------------------------------------------------------------------------


def _libraries_of(person: Person) -> QuerySet[Employment, Any]:
    return Employment.objects.current().filter(person=person).values("library_id")


def job_classes_for(person: Person) -> QuerySet[JobClass]:
    """Job classes of the person's libraries and their networks' templates; without a current
    job, every template class."""
    libraries = _libraries_of(person)
    if not libraries.exists():
        return JobClass.objects.filter(library__isnull=True).order_by("name", "pk")
    networks = Membership.objects.filter(library_id__in=libraries).values("network_id")
    return JobClass.objects.filter(
        Q(library_id__in=libraries)
        | Q(library__isnull=True, network__isnull=True)
        | Q(library__isnull=True, network_id__in=networks)
    ).order_by("name", "pk")


def competencies_for(person: Person) -> QuerySet[Competency]:
    """Competencies of the shared frameworks and of the person's libraries' networks."""
    networks = Membership.objects.filter(library_id__in=_libraries_of(person)).values("network_id")
    return (
        Competency.objects.filter(
            Q(framework__network__isnull=True) | Q(framework__network_id__in=networks)
        )
        .select_related("framework", "area")
        .order_by("framework__name", "area__position", "area__name", "position", "name")
    )


# ---------------------------------------------------------------------------------------------
# The one write
# ---------------------------------------------------------------------------------------------


def _pks(values: Iterable[Any]) -> list[int]:
    return sorted({value.pk for value in values})


def _check_choices(
    errors: dict[str, list[str]], name: str, chosen: list[Any], allowed: QuerySet[Any]
) -> None:
    if not chosen:
        return
    ok = set(allowed.filter(pk__in=[c.pk for c in chosen]).values_list("pk", flat=True))
    wrong = [str(c) for c in chosen if c.pk not in ok]
    if wrong:
        errors.setdefault(name, []).append(f"Not a choice open to you: {', '.join(wrong)}.")


def interest_update(*, by: Person, person: Person, **fields: Unpack[InterestFields]) -> Interest:
    """The person states their interests. Lists replace the stored ones; omitted fields stay."""
    require(policies.can_edit_interests, access_for(by), person)
    unknown = set(fields) - set(INTEREST_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected interest fields: {sorted(unknown)}")

    interest = interest_of(person) or Interest(person=person)
    is_new = interest.pk is None
    before: dict[str, Any] = {name: getattr(interest, name) for name in INTEREST_FLAGS}
    before["topics"] = interest.topics
    for name in INTEREST_LISTS:
        before[name] = [] if is_new else _pks(getattr(interest, name).all())
    before["is_mentor"] = person.is_mentor

    after = dict(before)
    given: Mapping[str, Any] = fields  # read by the names in INTEREST_FLAGS and INTEREST_LISTS
    lists: dict[str, list[Any]] = {}
    errors: dict[str, list[str]] = {}
    for name in INTEREST_FLAGS:
        if name in fields:
            after[name] = bool(given[name])
    if "topics" in fields:
        after["topics"] = (fields["topics"] or "").strip()
        if len(after["topics"]) > TOPICS_MAX:
            errors["topics"] = [f"Keep it under {TOPICS_MAX} characters."]
    for name in INTEREST_LISTS:
        if name in fields:
            lists[name] = list(given[name] or [])
            after[name] = _pks(lists[name])
    _check_choices(
        errors, "target_job_classes", lists.get("target_job_classes", []), job_classes_for(person)
    )
    competencies = competencies_for(person)
    _check_choices(errors, "learn", lists.get("learn", []), competencies)
    _check_choices(errors, "teach", lists.get("teach", []), competencies)

    teaches = bool(after["teach"])
    if teaches:
        if fields.get("is_mentor") is False:
            errors.setdefault("is_mentor", []).append(
                "You listed competencies you will teach, so you are a mentor. "
                "Clear that list to stop mentoring."
            )
        after["is_mentor"] = True
    elif fields.get("is_mentor") is not None:
        after["is_mentor"] = bool(fields["is_mentor"])
    if errors:
        raise ValidationError(errors)

    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if not changes and not is_new:
        return interest
    with transaction.atomic():
        for name in INTEREST_FLAGS:
            setattr(interest, name, after[name])
        interest.topics = after["topics"]
        interest.save()
        for name, values in lists.items():
            getattr(interest, name).set(values)
        if after["is_mentor"] != person.is_mentor:
            person.is_mentor = after["is_mentor"]
            person.save(update_fields=["is_mentor"])
        log_action(
            actor=by,
            action="skills.interest.updated",
            obj=interest,
            summary=f"{person.display_name} updated their interests",
            changes=changes,
        )
    return interest


# ---------------------------------------------------------------------------------------------
# The supervisors' and admins' list
# ---------------------------------------------------------------------------------------------


def interests_visible_to(access: Access) -> QuerySet[Interest]:
    """Interests of the user's people now: their reports and their libraries' current staff."""
    interests = Interest.objects.all()
    if access.is_site_admin:
        return interests
    staff = Employment.objects.current().filter(library_id__in=access.admin_library_ids)
    return interests.filter(
        Q(person_id__in=access.report_ids) | Q(person_id__in=staff.values("person_id"))
    ).exclude(person_id=access.person_id or 0)


def interest_filter_choices(access: Access) -> dict[str, QuerySet[Any]]:
    """What the filters offer: only job classes and competencies the user's people named."""
    scope = interests_visible_to(access).values("pk")
    targeted = Interest.target_job_classes.through.objects.filter(interest_id__in=scope)
    return {
        "job_classes": JobClass.objects.filter(pk__in=targeted.values("jobclass_id")).order_by(
            "name", "pk"
        ),
        "learn": Competency.objects.filter(
            pk__in=Interest.learn.through.objects.filter(interest_id__in=scope).values(
                "competency_id"
            )
        ).order_by("name", "pk"),
        "teach": Competency.objects.filter(
            pk__in=Interest.teach.through.objects.filter(interest_id__in=scope).values(
                "competency_id"
            )
        ).order_by("name", "pk"),
    }


def interests_for_manager(
    access: Access,
    *,
    wants_full_time: bool = False,
    wants_management: bool = False,
    library_school: bool = False,
    target_job_class: JobClass | None = None,
    learns: Competency | None = None,
    teaches: Competency | None = None,
    library: Library | None = None,
) -> QuerySet[Interest]:
    """The interests of the user's people, matching every filter given.

    Each row carries its lists and the person's current jobs (`current_jobs`), prefetched, so
    a page of them costs the same handful of queries however long it is.
    """
    interests = interests_visible_to(access)
    if wants_full_time:
        interests = interests.filter(wants_full_time=True)
    if wants_management:
        interests = interests.filter(wants_management=True)
    if library_school:
        interests = interests.filter(library_school=True)
    # Membership tests through subqueries, so rows are never duplicated by the joins.
    if target_job_class is not None:
        interests = interests.filter(
            pk__in=Interest.target_job_classes.through.objects.filter(
                jobclass_id=target_job_class.pk
            ).values("interest_id")
        )
    if learns is not None:
        interests = interests.filter(
            pk__in=Interest.learn.through.objects.filter(competency_id=learns.pk).values(
                "interest_id"
            )
        )
    if teaches is not None:
        interests = interests.filter(
            pk__in=Interest.teach.through.objects.filter(competency_id=teaches.pk).values(
                "interest_id"
            )
        )
    if library is not None:
        interests = interests.filter(
            person_id__in=Employment.objects.current().filter(library=library).values("person_id")
        )
    jobs = Employment.objects.current().select_related("library", "job_class", "branch")
    return (
        interests.select_related("person")
        .prefetch_related(
            Prefetch("target_job_classes", queryset=JobClass.objects.order_by("name")),
            Prefetch("learn", queryset=Competency.objects.order_by("name")),
            Prefetch("teach", queryset=Competency.objects.order_by("name")),
            Prefetch("person__employments", queryset=jobs, to_attr="current_jobs"),
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )
