"""Competency frameworks (readable by everyone logged in), job class requirements, and each
person's ratings and append-only evidence log (seen only by those who manage the person)."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import many, one, optional
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.skills import (
    AreaCreate,
    AreaOut,
    AreaUpdate,
    CompetencyCreate,
    CompetencyFilter,
    CompetencyOut,
    CompetencyUpdate,
    ExternalSchemeOut,
    FrameworkCreate,
    FrameworkDetail,
    FrameworkFilter,
    FrameworkOut,
    FrameworkUpdate,
    LevelIn,
    RatingFilter,
    RatingOut,
    RequirementOut,
    RequirementsPut,
    SkillEvidenceCreate,
    SkillEvidenceFilter,
    SkillEvidenceOut,
)
from ladder.core.access import get_visible_or_404
from ladder.core.policies import api_permission, signed_in
from ladder.orgs.models import Network
from ladder.people.ladders import jobclass_detail_queryset
from ladder.people.models import JobClass, Person
from ladder.people.policies import can_edit_job_class
from ladder.skills import policies
from ladder.skills.competencies import (
    area_create,
    area_update,
    competency_create,
    competency_detail_queryset,
    competency_update,
)
from ladder.skills.frameworks import (
    external_schemes,
    framework_create,
    framework_detail_queryset,
    framework_list,
    framework_update,
)
from ladder.skills.jobclass_requirements import jobclass_requirements_set
from ladder.skills.models import (
    Area,
    Competency,
    Evidence,
    ExternalScheme,
    ExternalTag,
    Framework,
    JobClassCompetency,
    Level,
    Rating,
)
from ladder.skills.ratings import evidence_record
from ladder.skills.selectors import evidence_log, evidence_visible_to, ratings_person_or_404

router = Router(tags=["skills"])

COMPETENCY_ORDER = ("framework__name", "area__position", "area__name", "position", "name", "pk")


def _levels() -> Prefetch[str, QuerySet[Any]]:
    return Prefetch("levels", queryset=Level.objects.order_by("value"))


def frameworks() -> QuerySet[Framework]:
    return framework_list().prefetch_related(_levels())


def competencies() -> QuerySet[Competency]:
    return competency_detail_queryset().order_by(*COMPETENCY_ORDER)


def requirements_of(job_class: JobClass) -> list[JobClassCompetency]:
    return list(
        JobClassCompetency.objects.filter(job_class=job_class)
        .select_related("competency")
        .order_by(*(f"competency__{field}" for field in COMPETENCY_ORDER))
    )


def rated_person(request: HttpRequest, person_id: int) -> Person:
    """Someone whose ratings and evidence log the caller may see; anyone else is a 404."""
    return ratings_person_or_404(access(request), person_id)


def _record(
    request: HttpRequest,
    person_id: int,
    payload: SkillEvidenceCreate,
    upload: UploadedFile | None = None,
) -> Status[Any]:
    subject = rated_person(request, person_id)
    entry = evidence_record(
        by=person(request),
        person=subject,
        competency=one(
            Competency.objects.select_related("framework"), payload.competency, "competency"
        ),
        kind=payload.kind,
        level=payload.level,
        note=payload.note,
        upload=upload,
    )
    return Status(201, evidence_log(subject).get(pk=entry.pk))


def _framework(framework_id: int) -> Framework:
    return get_visible_or_404(Framework.objects.select_related("network"), pk=framework_id)


def _reload_framework(framework: Framework) -> Framework:
    return framework_detail_queryset().get(pk=framework.pk)


def _scale(levels: list[LevelIn]) -> list[tuple[int, str, str]]:
    return [(level.value, level.name, level.description) for level in levels]


def _tags(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("external_tags") is not None:
        data["external_tags"] = many(
            ExternalTag.objects.select_related("scheme"), data["external_tags"], "external_tags"
        )
    return data


def _requirement_levels(
    payload: RequirementsPut, current: Iterable[int]
) -> dict[Competency, int | None]:
    """The whole new set as {competency: level}, with None for each one no longer required."""
    wanted = [item.competency for item in payload.requirements]
    repeated = sorted({pk for pk in wanted if wanted.count(pk) > 1})
    if repeated:
        listed = ", ".join(str(pk) for pk in repeated)
        raise ValidationError({"requirements": [f"Each competency once: {listed} repeat."]})
    found = many(Competency.objects.select_related("framework"), wanted, "requirements")
    levels: dict[Competency, int | None] = {
        competency: item.level for competency, item in zip(found, payload.requirements, strict=True)
    }
    dropped = set(current) - set(wanted)
    for competency in Competency.objects.filter(pk__in=dropped).select_related("framework"):
        levels[competency] = None
    return levels


# --- frameworks and competencies ------------------------------------------------------------


@router.get("/frameworks", response=list[FrameworkOut], summary="Competency frameworks")
@paginate(LimitOffset)
@api_permission(signed_in)
def list_frameworks(request: HttpRequest, filters: Query[FrameworkFilter]) -> QuerySet[Framework]:
    found = frameworks()
    if filters.network is not None:
        found = found.filter(network_id=filters.network)
    if filters.shared is not None:
        found = found.filter(network__isnull=filters.shared)
    return found


@router.get(
    "/frameworks/{framework_id}",
    response=FrameworkDetail,
    summary="A framework with its level scale, areas and competencies",
)
@api_permission(signed_in)
def get_framework(request: HttpRequest, framework_id: int) -> Framework:
    return get_visible_or_404(framework_detail_queryset(), pk=framework_id)


@router.post(
    "/frameworks",
    response={201: FrameworkDetail},
    summary="Add a framework: a network's own (network) or, for site admins, a shared one",
)
@api_permission(policies.can_create_framework)
def create_framework(request: HttpRequest, payload: FrameworkCreate) -> Status[Any]:
    framework = framework_create(
        by=person(request),
        network=optional(Network.objects.all(), payload.network, "network"),
        name=payload.name,
        slug=payload.slug,
        description=payload.description,
        levels=_scale(payload.levels),
    )
    return Status(201, _reload_framework(framework))


@router.patch("/frameworks/{framework_id}", response=FrameworkDetail)
@api_permission(policies.can_edit_framework)
def update_framework(
    request: HttpRequest, framework_id: int, payload: FrameworkUpdate
) -> Framework:
    framework = _framework(framework_id)
    data = payload.model_dump(exclude_unset=True)
    if payload.levels is not None:
        data["levels"] = _scale(payload.levels)
    framework_update(by=person(request), framework=framework, **data)
    return _reload_framework(framework)


@router.post("/frameworks/{framework_id}/areas", response={201: AreaOut}, summary="Add an area")
@api_permission(policies.can_edit_framework)
def create_area(request: HttpRequest, framework_id: int, payload: AreaCreate) -> Status[Any]:
    framework = _framework(framework_id)
    area = area_create(by=person(request), framework=framework, **payload.model_dump())
    return Status(201, area)


@router.get("/areas/{area_id}", response=AreaOut)
@api_permission(signed_in)
def get_area(request: HttpRequest, area_id: int) -> Area:
    competencies = competency_detail_queryset().order_by("position", "name", "pk")
    areas = Area.objects.prefetch_related(Prefetch("competencies", queryset=competencies))
    return get_visible_or_404(areas, pk=area_id)


@router.patch("/areas/{area_id}", response=AreaOut)
@api_permission(policies.can_edit_framework)
def update_area(request: HttpRequest, area_id: int, payload: AreaUpdate) -> Area:
    area = get_visible_or_404(Area.objects.select_related("framework"), pk=area_id)
    area_update(by=person(request), area=area, **payload.model_dump(exclude_unset=True))
    return get_area(request, area.pk)


@router.post(
    "/frameworks/{framework_id}/competencies",
    response={201: CompetencyOut},
    summary="Add a competency to an area of the framework",
)
@api_permission(policies.can_edit_framework)
def create_competency(
    request: HttpRequest, framework_id: int, payload: CompetencyCreate
) -> Status[Any]:
    framework = _framework(framework_id)
    data = _tags(payload.model_dump())
    data["area"] = one(Area.objects.all(), data["area"], "area")
    competency = competency_create(by=person(request), framework=framework, **data)
    return Status(201, competencies().get(pk=competency.pk))


@router.get("/competencies", response=list[CompetencyOut])
@paginate(LimitOffset)
@api_permission(signed_in)
def list_competencies(
    request: HttpRequest, filters: Query[CompetencyFilter]
) -> QuerySet[Competency]:
    found = competencies()
    if filters.framework is not None:
        found = found.filter(framework_id=filters.framework)
    if filters.area is not None:
        found = found.filter(area_id=filters.area)
    if filters.external_tag is not None:
        found = found.filter(external_tags=filters.external_tag)
    if filters.q:
        found = found.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    return found


@router.get("/competencies/{competency_id}", response=CompetencyOut)
@api_permission(signed_in)
def get_competency(request: HttpRequest, competency_id: int) -> Competency:
    return get_visible_or_404(competencies(), pk=competency_id)


@router.patch("/competencies/{competency_id}", response=CompetencyOut)
@api_permission(policies.can_edit_framework)
def update_competency(
    request: HttpRequest, competency_id: int, payload: CompetencyUpdate
) -> Competency:
    found = get_visible_or_404(competencies(), pk=competency_id)
    data = _tags(payload.model_dump(exclude_unset=True))
    if "area" in data:
        data["area"] = one(Area.objects.all(), data["area"], "area")
    competency_update(by=person(request), competency=found, **data)
    return competencies().get(pk=found.pk)


@router.get(
    "/external-schemes",
    response=list[ExternalSchemeOut],
    summary="Outside frameworks that competencies map to (e.g. the LSSC competency sets)",
)
@paginate(LimitOffset)
@api_permission(signed_in)
def list_external_schemes(request: HttpRequest) -> QuerySet[ExternalScheme]:
    return external_schemes().order_by("name", "pk")


# --- job class requirements -----------------------------------------------------------------


@router.get(
    "/job-classes/{job_class_id}/competencies",
    response=list[RequirementOut],
    summary="The levels a job class requires, per competency",
)
@api_permission(signed_in)
def list_job_class_competencies(
    request: HttpRequest, job_class_id: int
) -> list[JobClassCompetency]:
    job_class = get_visible_or_404(jobclass_detail_queryset(), pk=job_class_id)
    return requirements_of(job_class)


@router.put(
    "/job-classes/{job_class_id}/competencies",
    response=list[RequirementOut],
    summary="Replace the levels a job class requires (all or nothing)",
    description=(
        "Send the whole set. Competencies left out are no longer required. Only competencies "
        "of shared frameworks and of the job class's network may be required, at a level of "
        "their framework's scale above its lowest."
    ),
)
@api_permission(can_edit_job_class)
def set_job_class_competencies(
    request: HttpRequest, job_class_id: int, payload: RequirementsPut
) -> list[JobClassCompetency]:
    job_class = get_visible_or_404(jobclass_detail_queryset(), pk=job_class_id)
    current = JobClassCompetency.objects.filter(job_class=job_class).values_list(
        "competency_id", flat=True
    )
    levels = _requirement_levels(payload, current)
    jobclass_requirements_set(by=person(request), job_class=job_class, levels=levels)
    return requirements_of(job_class)


# --- ratings and the evidence log -----------------------------------------------------------


@router.get(
    "/people/{person_id}/ratings",
    response=list[RatingOut],
    summary="A person's current level in each competency they have evidence for",
)
@paginate(LimitOffset)
@api_permission(signed_in)
def list_ratings(
    request: HttpRequest, person_id: int, filters: Query[RatingFilter]
) -> QuerySet[Rating]:
    subject = rated_person(request, person_id)
    ratings = Rating.objects.filter(person=subject).select_related("competency")
    if filters.framework is not None:
        ratings = ratings.filter(competency__framework_id=filters.framework)
    if filters.area is not None:
        ratings = ratings.filter(competency__area_id=filters.area)
    return ratings.order_by(*(f"competency__{field}" for field in COMPETENCY_ORDER))


@router.get(
    "/people/{person_id}/skill-evidence",
    response=list[SkillEvidenceOut],
    summary="A person's evidence log, newest first",
    description="The log is append-only: no endpoint changes or deletes an entry.",
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=evidence_visible_to)
def list_skill_evidence(
    request: HttpRequest, person_id: int, filters: Query[SkillEvidenceFilter]
) -> QuerySet[Evidence]:
    entries = evidence_log(rated_person(request, person_id))
    if filters.competency is not None:
        entries = entries.filter(competency_id=filters.competency)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    return entries


@router.post(
    "/people/{person_id}/skill-evidence",
    response={201: SkillEvidenceOut},
    summary="Record evidence of a competency; the person's rating follows the log's rules",
    description=(
        "Appends one entry to the log and recomputes the current level: a supervisor's "
        "assessment outranks the person's own; training, a credential or coaching raise the "
        "level when they reach higher. The level must be on the framework's scale."
    ),
)
@api_permission(policies.can_record_evidence)
def record_skill_evidence(
    request: HttpRequest, person_id: int, payload: SkillEvidenceCreate
) -> Status[Any]:
    return _record(request, person_id, payload)


@router.post(
    "/people/{person_id}/skill-evidence/with-file",
    response={201: SkillEvidenceOut},
    summary="Record evidence with a file (PDF, PNG or JPEG) attached",
    description=(
        "The same as recording evidence, sent as multipart/form-data with the file in the "
        "field `file`. Its type is checked by extension and by content, and its size against "
        "the site's limit. Download it from `download_url`, which checks permissions again."
    ),
)
@api_permission(policies.can_record_evidence)
def record_skill_evidence_with_file(
    request: HttpRequest,
    person_id: int,
    payload: Form[SkillEvidenceCreate],
    file: File[UploadedFile],
) -> Status[Any]:
    return _record(request, person_id, payload, upload=file)


@router.get("/skill-evidence/{evidence_id}", response=SkillEvidenceOut)
@api_permission(signed_in, scope=evidence_visible_to)
def get_skill_evidence(request: HttpRequest, evidence_id: int) -> Evidence:
    entries = evidence_visible_to(access(request)).select_related("competency", "recorded_by")
    return get_visible_or_404(entries, pk=evidence_id)
