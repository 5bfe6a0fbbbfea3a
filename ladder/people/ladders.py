"""Job classes, certification types and career ladders: the services that change them and the
selectors that read them.

Ownership: a job class or ladder with a library belongs to that library (its admins edit it);
without one it is a network template (the network's coordinators edit it). Everything here is
readable by every logged-in user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from typing_extensions import Unpack

from ladder.core.access import Access, access_for
from ladder.core.audit import diff, log_action, snapshot
from ladder.core.policies import admin_or_coordinator, require
from ladder.orgs.models import Library, Membership, Network
from ladder.people import requirements as rules
from ladder.people.models import (
    CertificationType,
    Employment,
    JobClass,
    Ladder,
    LadderStep,
    Person,
)
from ladder.people.policies import (
    can_add_owned,
    can_choose_ladder,
    can_edit_job_class,
    can_edit_ladder,
)


class JobClassFields(TypedDict, total=False):
    """What jobclass_create and jobclass_update may set (JOBCLASS_EDITABLE)."""

    name: str
    code: str
    is_professional: bool
    is_management: bool
    description: str
    min_education: int
    requires_accredited: bool
    min_years_experience: Decimal
    required_certifications: Iterable[CertificationType]


JOBCLASS_FIELDS = [
    "name",
    "code",
    "is_professional",
    "is_management",
    "description",
    "min_education",
    "requires_accredited",
    "min_years_experience",
]
JOBCLASS_EDITABLE = {*JOBCLASS_FIELDS, "required_certifications"}


def _check_owner(network: Network | None, library: Library | None) -> None:
    if (network is None) == (library is None):
        raise ValidationError(
            {
                "owner": "Choose either a network (for a network template) or a library "
                "(for the library's own), not both."
            }
        )


def owner_label(obj: JobClass | Ladder) -> str:
    if obj.library_id is not None:
        return f"{obj.library} (its own)"
    if obj.network_id is not None:
        return f"{obj.network} template"
    return "Template for every network"


# ---------------------------------------------------------------------------------------------
# What a library may use
# ---------------------------------------------------------------------------------------------


def _library_networks(library_id: int) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(library_id=library_id).values("network_id")


def job_classes_available_to(library: Library) -> QuerySet[JobClass]:
    """The templates of the library's networks (and network-less ones), and its own classes."""
    return JobClass.objects.available_to_library(library.pk)


def _allowed_job_classes(network: Network | None, library: Library | None) -> QuerySet[JobClass]:
    if library is not None:
        return job_classes_available_to(library)
    # A network template ladder may use only template classes, never a library's own.
    return JobClass.objects.filter(
        Q(network__isnull=True) | Q(network_id=network.pk if network else None),
        library__isnull=True,
    )


def ladder_available_to(library: Library, ladder: Ladder) -> bool:
    """A library may use its own ladders and the templates of its networks."""
    if ladder.library_id is not None:
        return ladder.library_id == library.pk
    if ladder.network_id is None:
        return True
    return Membership.objects.filter(library_id=library.pk, network_id=ladder.network_id).exists()


def _check_steps(
    job_classes: Iterable[JobClass], *, network: Network | None, library: Library | None
) -> list[JobClass]:
    steps = list(job_classes)
    seen: set[int] = set()
    for job_class in steps:
        if job_class.pk in seen:
            raise ValidationError(
                {
                    "job_classes": f"{job_class.name} appears more than once; "
                    "list each job class once."
                }
            )
        seen.add(job_class.pk)
    allowed = set(
        _allowed_job_classes(network, library).filter(pk__in=seen).values_list("pk", flat=True)
    )
    for job_class in steps:
        if job_class.pk not in allowed:
            owner = library or network
            raise ValidationError(
                {
                    "job_classes": f"{job_class.name} ({owner_label(job_class)}) cannot be a "
                    f"step of a ladder of {owner}: a library's ladder may use only its network's "
                    "template job classes and its own; a template ladder only the network's "
                    "templates."
                }
            )
    return steps


# ---------------------------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------------------------


def _home_library_ids(access: Access) -> set[int]:
    return set(access.admin_library_ids | access.colleague_library_ids | access.network_library_ids)


def jobclass_list(
    access: Access,
    *,
    library_id: int | None = None,
    network_id: int | None = None,
    professional: bool | None = None,
) -> QuerySet[JobClass]:
    """Job classes for the list page. Without a filter: every template, and the own classes of
    the libraries the user works at, administers or coordinates."""
    qs = JobClass.objects.select_related("network", "library").prefetch_related(
        "required_certifications"
    )
    if library_id is not None:
        qs = qs.filter(
            Q(library_id=library_id)
            | Q(library__isnull=True, network__isnull=True)
            | Q(library__isnull=True, network_id__in=_library_networks(library_id))
        )
    if network_id is not None:
        member_libraries = Membership.objects.filter(network_id=network_id).values("library_id")
        qs = qs.filter(Q(network_id=network_id) | Q(library_id__in=member_libraries))
    if library_id is None and network_id is None and not access.is_site_admin:
        qs = qs.filter(Q(library__isnull=True) | Q(library_id__in=_home_library_ids(access)))
    if professional is not None:
        qs = qs.filter(is_professional=professional)
    return qs.order_by("library__name", "network__name", "name", "pk")


def jobclass_detail_queryset() -> QuerySet[JobClass]:
    return JobClass.objects.select_related("network", "library").prefetch_related(
        "required_certifications"
    )


def ladders_containing(job_class: JobClass) -> QuerySet[LadderStep]:
    return (
        LadderStep.objects.filter(job_class=job_class)
        .select_related("ladder__network", "ladder__library")
        .annotate(step_count=Count("ladder__steps"))
        .order_by("ladder__name", "ladder_id")
    )


def current_employment_count(access: Access, job_class: JobClass) -> int | None:
    """Current employments in this class at the libraries the user administers or coordinates.

    None for people who are not admins: head counts are an admin's business.
    """
    employments = Employment.objects.filter(job_class=job_class).current()
    if access.is_site_admin:
        return employments.count()
    library_ids = access.admin_library_ids | access.network_library_ids
    if not library_ids:
        return None
    return employments.filter(library_id__in=library_ids).count()


def ladder_list(
    access: Access, *, library_id: int | None = None, network_id: int | None = None
) -> QuerySet[Ladder]:
    qs = Ladder.objects.select_related("network", "library", "copied_from").annotate(
        step_count=Count("steps", distinct=True),
        adopter_count=Count("adopting_libraries", distinct=True),
    )
    if library_id is not None:
        qs = qs.filter(
            Q(library_id=library_id)
            | Q(library__isnull=True, network__isnull=True)
            | Q(library__isnull=True, network_id__in=_library_networks(library_id))
        )
    if network_id is not None:
        member_libraries = Membership.objects.filter(network_id=network_id).values("library_id")
        qs = qs.filter(Q(network_id=network_id) | Q(library_id__in=member_libraries))
    if library_id is None and network_id is None and not access.is_site_admin:
        qs = qs.filter(Q(library__isnull=True) | Q(library_id__in=_home_library_ids(access)))
    return qs.order_by("library__name", "network__name", "name", "pk")


def ladder_detail_queryset() -> QuerySet[Ladder]:
    steps = LadderStep.objects.select_related(
        "job_class__network", "job_class__library"
    ).prefetch_related("job_class__required_certifications")
    return Ladder.objects.select_related("network", "library", "copied_from").prefetch_related(
        Prefetch("steps", queryset=steps.order_by("position"))
    )


def ladder_job_classes(ladder: Ladder) -> list[JobClass]:
    """The ladder's job classes in step order."""
    steps = LadderStep.objects.filter(ladder=ladder).select_related(
        "job_class__library", "job_class__network"
    )
    return [step.job_class for step in steps.order_by("position")]


def selectable_job_classes(access: Access) -> QuerySet[JobClass]:
    """Job classes the user could put on some ladder they may edit (the service checks the
    particular ladder's owner)."""
    qs = JobClass.objects.select_related("network", "library")
    if not access.is_site_admin:
        admin_networks = Membership.objects.filter(library_id__in=access.admin_library_ids).values(
            "network_id"
        )
        qs = qs.filter(
            Q(library_id__in=access.admin_library_ids)
            | Q(library__isnull=True, network__isnull=True)
            | Q(library__isnull=True, network_id__in=access.coordinator_network_ids)
            | Q(library__isnull=True, network_id__in=admin_networks)
        )
    return qs.order_by("library__name", "network__name", "name", "pk")


def owner_choices(access: Access) -> list[tuple[str, str]]:
    """The owners a user may create job classes and ladders for, as form choices."""
    networks = Network.objects.order_by("name")
    libraries = Library.objects.order_by("name")
    if not access.is_site_admin:
        networks = networks.filter(pk__in=access.coordinator_network_ids)
        libraries = libraries.filter(pk__in=access.admin_library_ids)
    return [(f"network:{n.pk}", f"{n.name} (network template)") for n in networks] + [
        (f"library:{lib.pk}", f"{lib.name} (the library's own)") for lib in libraries
    ]


def resolve_owner(value: str) -> tuple[Network | None, Library | None]:
    """'network:3' or 'library:5' -> the object, for the owner choices above."""
    kind, _, pk = value.partition(":")
    if not pk.isdigit():
        raise ValidationError({"owner": "Choose a network or a library."})
    if kind == "network":
        return Network.objects.filter(pk=int(pk)).first(), None
    if kind == "library":
        return None, Library.objects.filter(pk=int(pk)).first()
    raise ValidationError({"owner": "Choose a network or a library."})


# ---------------------------------------------------------------------------------------------
# Certification types
# ---------------------------------------------------------------------------------------------


def certificationtype_create(
    *, by: Person, name: str, issuer: str = "", description: str = ""
) -> CertificationType:
    """A kind of certification that job classes may require. Names are shared by everyone, so
    only those who define job classes add them."""
    access = access_for(by)
    require(
        admin_or_coordinator,
        access,
        message="Only library admins and network coordinators add certification types.",
    )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the certification's name."})
    if CertificationType.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"A certification type named “{name}” already exists."})
    cert = CertificationType(name=name, issuer=(issuer or "").strip(), description=description)
    cert.full_clean()
    with transaction.atomic():
        cert.save()
        log_action(
            actor=by,
            action="people.certificationtype.created",
            obj=cert,
            summary=f"Added certification type {cert.name}",
            changes=diff({}, snapshot(cert, ["name", "issuer", "description"])),
        )
    return cert


# ---------------------------------------------------------------------------------------------
# Job classes
# ---------------------------------------------------------------------------------------------


def _owned_by(network_id: int | None, library_id: int | None) -> Q:
    """Rows with exactly this owner pair (None matches NULL)."""
    network = Q(network_id=network_id) if network_id is not None else Q(network__isnull=True)
    library = Q(library_id=library_id) if library_id is not None else Q(library__isnull=True)
    return network & library


def _check_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - JOBCLASS_EDITABLE
    if unknown:
        raise TypeError(f"Unknown job class fields: {', '.join(sorted(unknown))}")


def _validate_job_class(job_class: JobClass) -> None:
    job_class.code = (job_class.code or "").strip().lower()
    job_class.name = (job_class.name or "").strip()
    errors: dict[str, str] = {}
    same_code = JobClass.objects.filter(
        _owned_by(job_class.network_id, job_class.library_id), code=job_class.code
    )
    if job_class.pk is not None:
        same_code = same_code.exclude(pk=job_class.pk)
    if job_class.code and same_code.exists():
        owner = job_class.library or job_class.network or "the site"
        errors["code"] = (
            f"The code “{job_class.code}” is already used by another job class of {owner}; "
            "choose another."
        )
    accreditable = rules.needs_accredited_mls(job_class.min_education, requires_accredited=True)
    if job_class.requires_accredited and not accreditable:
        errors["requires_accredited"] = (
            "An ALA-accredited degree can be required only when the minimum education is "
            "MLS/MLIS or higher."
        )
    if errors:
        raise ValidationError(errors)
    job_class.full_clean()


def _jobclass_state(job_class: JobClass) -> dict[str, Any]:
    state = snapshot(job_class, JOBCLASS_FIELDS)
    # Compare 0 and 0.0 as equal: the database hands back one decimal place.
    state["min_years_experience"] = Decimal(state["min_years_experience"]).quantize(Decimal("0.1"))
    state["required_certifications"] = sorted(
        c.name for c in job_class.required_certifications.all()
    )
    return state


def _save_job_class(
    job_class: JobClass, certifications: Iterable[CertificationType] | None
) -> None:
    try:
        with transaction.atomic():
            job_class.save()
    except IntegrityError as exc:
        # Two people saving the same code at once: the constraint speaks for the code field.
        raise ValidationError(
            {"code": f"The code “{job_class.code}” is already used; choose another."}
        ) from exc
    if certifications is not None:
        job_class.required_certifications.set(list(certifications))


def jobclass_create(
    *,
    by: Person,
    network: Network | None = None,
    library: Library | None = None,
    **fields: Unpack[JobClassFields],
) -> JobClass:
    """A network template class (network) or a library's own class (library)."""
    _check_owner(network, library)
    access = access_for(by)
    require(
        can_add_owned,
        access,
        network,
        library,
        message=f"You may not add job classes to {library or network}.",
    )
    _check_fields(fields)
    certifications = fields.pop("required_certifications", None)
    job_class = JobClass(network=network, library=library, **fields)
    _validate_job_class(job_class)
    with transaction.atomic():
        _save_job_class(job_class, certifications)
        log_action(
            actor=by,
            action="people.jobclass.created",
            obj=job_class,
            summary=f"Added job class {job_class.name} ({owner_label(job_class)})",
            changes=diff({}, _jobclass_state(job_class)),
        )
    return job_class


def jobclass_update(
    *, by: Person, job_class: JobClass, **fields: Unpack[JobClassFields]
) -> JobClass:
    access = access_for(by)
    require(
        can_edit_job_class,
        access,
        job_class,
        message=f"You may not change {job_class.name}: it belongs to {owner_label(job_class)}.",
    )
    _check_fields(fields)
    certifications = fields.pop("required_certifications", None)
    before = _jobclass_state(job_class)
    for name, value in fields.items():
        setattr(job_class, name, value)
    _validate_job_class(job_class)
    with transaction.atomic():
        _save_job_class(job_class, certifications)
        changes = diff(before, _jobclass_state(job_class))
        if changes:
            log_action(
                actor=by,
                action="people.jobclass.updated",
                obj=job_class,
                summary=f"Changed job class {job_class.name}",
                changes=changes,
            )
    return job_class


# ---------------------------------------------------------------------------------------------
# Ladders
# ---------------------------------------------------------------------------------------------


def _step_names(job_classes: Iterable[JobClass]) -> list[str]:
    return [f"{jc.name} [{jc.code}]" for jc in job_classes]


def _write_steps(ladder: Ladder, job_classes: list[JobClass]) -> None:
    LadderStep.objects.filter(ladder=ladder).delete()
    LadderStep.objects.bulk_create(
        LadderStep(ladder=ladder, job_class=jc, position=index)
        for index, jc in enumerate(job_classes, start=1)
    )


def _check_ladder_name(name: str, *, network: Network | None, library: Library | None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the ladder a name."})
    owner = _owned_by(network.pk if network else None, library.pk if library else None)
    if Ladder.objects.filter(owner, name__iexact=name).exists():
        raise ValidationError(
            {"name": f"{library or network} already has a ladder named “{name}”."}
        )
    return name


def ladder_create(
    *,
    by: Person,
    network: Network | None = None,
    library: Library | None = None,
    name: str,
    job_classes: list[JobClass],
    description: str = "",
) -> Ladder:
    """A network's template ladder (network) or a library's own (library), with its steps in
    the order given."""
    _check_owner(network, library)
    access = access_for(by)
    require(
        can_add_owned,
        access,
        network,
        library,
        message=f"You may not add ladders to {library or network}.",
    )
    name = _check_ladder_name(name, network=network, library=library)
    steps = _check_steps(job_classes, network=network, library=library)
    ladder = Ladder(network=network, library=library, name=name, description=description or "")
    ladder.full_clean()
    with transaction.atomic():
        ladder.save()
        _write_steps(ladder, steps)
        log_action(
            actor=by,
            action="people.ladder.created",
            obj=ladder,
            summary=f"Added ladder {ladder.name} ({owner_label(ladder)})",
            changes={"name": [None, ladder.name], "steps": [[], _step_names(steps)]},
        )
    return ladder


def ladder_set_steps(*, by: Person, ladder: Ladder, job_classes: list[JobClass]) -> Ladder:
    """Replace the ladder's steps with job_classes, in that order (add, remove, reorder)."""
    access = access_for(by)
    require(
        can_edit_ladder,
        access,
        ladder,
        message=f"You may not change {ladder.name}: it belongs to {owner_label(ladder)}.",
    )
    steps = _check_steps(job_classes, network=ladder.network, library=ladder.library)
    with transaction.atomic():
        # Serialise concurrent edits of one ladder so the old list in the audit entry is true.
        Ladder.objects.select_for_update().filter(pk=ladder.pk).first()
        old = ladder_job_classes(ladder)
        if [jc.pk for jc in old] == [jc.pk for jc in steps]:
            return ladder
        _write_steps(ladder, steps)
        log_action(
            actor=by,
            action="people.ladder.steps_changed",
            obj=ladder,
            summary=f"Changed the steps of {ladder.name}",
            changes={
                "steps": [_step_names(old), _step_names(steps)],
                "job_class_ids": [[jc.pk for jc in old], [jc.pk for jc in steps]],
            },
        )
    return ladder


def _adopt(*, by: Person, library: Library, ladder: Ladder) -> Library:
    old = library.ladder_id
    library.ladder = ladder
    library.save(update_fields=["ladder"])
    log_action(
        actor=by,
        action="people.ladder.adopted",
        obj=library,
        summary=f"{library.name} now uses the ladder {ladder.name}",
        changes={"ladder": [old, ladder.pk]},
    )
    return library


def _require_library_admin(access: Access, library: Library) -> None:
    require(
        can_choose_ladder,
        access,
        library,
        message=f"Only the admins of {library.name} choose its ladder.",
    )


def ladder_adopt(*, by: Person, library: Library, ladder: Ladder) -> Library:
    """The library uses this ladder as it is: a template of its network, or one of its own."""
    access = access_for(by)
    _require_library_admin(access, library)
    if not ladder_available_to(library, ladder):
        raise ValidationError(
            {
                "ladder": f"{library.name} may use only its network's template ladders and its "
                f"own; {ladder.name} belongs to {owner_label(ladder)}."
            }
        )
    if library.ladder_id == ladder.pk:
        return library
    with transaction.atomic():
        return _adopt(by=by, library=library, ladder=ladder)


def _copy_name(ladder: Ladder, library: Library) -> str:
    base = f"{ladder.name} ({library.name})"
    taken = set(
        Ladder.objects.filter(library=library, name__istartswith=base).values_list(
            "name", flat=True
        )
    )
    taken = {name.lower() for name in taken}
    name, number = base, 2
    while name.lower() in taken:
        name = f"{base} {number}"
        number += 1
    return name


def ladder_copy(*, by: Person, library: Library, ladder: Ladder, name: str | None = None) -> Ladder:
    """A library's own copy of a ladder, with the same steps, which the library then uses.

    The copy is independent: later changes to the template do not reach it.
    """
    access = access_for(by)
    _require_library_admin(access, library)
    if not ladder_available_to(library, ladder):
        raise ValidationError(
            {
                "ladder": f"{library.name} may copy only its network's template ladders and its "
                f"own; {ladder.name} belongs to {owner_label(ladder)}."
            }
        )
    if name is None or not name.strip():
        name = _copy_name(ladder, library)
    name = _check_ladder_name(name, network=None, library=library)
    steps = _check_steps(ladder_job_classes(ladder), network=None, library=library)
    copy = Ladder(library=library, name=name, copied_from=ladder, description=ladder.description)
    copy.full_clean()
    with transaction.atomic():
        copy.save()
        _write_steps(copy, steps)
        log_action(
            actor=by,
            action="people.ladder.copied",
            obj=copy,
            summary=f"{library.name} copied {ladder.name} as {copy.name}",
            changes={
                "copied_from": [None, ladder.pk],
                "name": [None, copy.name],
                "steps": [[], _step_names(steps)],
            },
        )
        _adopt(by=by, library=library, ladder=copy)
    return copy


def libraries_using(ladder: Ladder) -> QuerySet[Library]:
    return Library.objects.filter(ladder=ladder).order_by("name")


def copies_of(ladder: Ladder) -> QuerySet[Ladder]:
    return Ladder.objects.filter(copied_from=ladder).select_related("library").order_by("name")
