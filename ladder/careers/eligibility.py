"""Who meets the requirements of which job class, and what is still missing (issue #5, 1 and 6).

Batch and query-bounded: `person_facts` reads what is known of many people in a fixed number
of queries, `requirements_for` reads many job classes in three, and `gaps` compares the two
without touching the database. Pages, the API, tuition, openings and certifications build on
these functions; keep their names and shapes stable.

The rules of each kind of requirement (education, certification, experience in
full-time-equivalent years, competency) live in ladder.people.requirements; this module reads
the facts they need and applies them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from ladder.network.models import TempPlacement
from ladder.orgs.models import Library
from ladder.people import requirements as rules
from ladder.people.models import (
    Credential,
    EducationLevel,
    Employment,
    JobClass,
    LadderStep,
    PriorExperience,
)
from ladder.skills.models import JobClassCompetency, Rating

# Keeps IN (...) lists well inside every database's parameter limit.
CHUNK = 2000

GAP_EDUCATION = "education"
GAP_CERTIFICATION = "certification"
GAP_EXPERIENCE = "experience"
GAP_COMPETENCY = "competency"
GAP_ORDER = {GAP_EDUCATION: 0, GAP_CERTIFICATION: 1, GAP_EXPERIENCE: 2, GAP_COMPETENCY: 3}


@dataclass
class PersonFacts:
    """What is known of one person on a given day, as the requirements need it."""

    person_id: int
    education: int = EducationLevel.NONE
    has_accredited_mls: bool = False
    has_unaccredited_mls: bool = False
    # (level, accredited, started_on) of degrees in progress.
    in_progress_degrees: list[tuple[int, bool, dt.date | None]] = field(default_factory=list)
    certification_type_ids: frozenset[int] = frozenset()
    # Certifications held once but expired on the day: type id -> expiry.
    expired_certifications: dict[int, dt.date] = field(default_factory=dict)
    years_experience: Decimal = Decimal("0")
    levels: dict[int, int] = field(default_factory=dict)
    # The current main employment (most weekly hours): its branch, library and class.
    branch_id: int | None = None
    branch: tuple[float, float] | None = None
    library_id: int | None = None
    library_ids: frozenset[int] = frozenset()
    job_class_ids: frozenset[int] = frozenset()


@dataclass
class JobRequirements:
    job_class_id: int
    name: str
    min_education: int = EducationLevel.NONE
    requires_accredited: bool = False
    min_years_experience: Decimal = Decimal("0")
    # certification type id -> name
    certifications: dict[int, str] = field(default_factory=dict)
    # competency id -> (name, required level)
    competencies: dict[int, tuple[str, int]] = field(default_factory=dict)


@dataclass
class Gap:
    """One unmet requirement, with a sentence for people and details for code."""

    kind: str
    label: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def competency_id(self) -> int | None:
        return self.details.get("competency_id")


@dataclass
class NextStep:
    """A job class above a person's current one on their library's ladder."""

    person_id: int
    library_id: int
    current_job_class_id: int
    job_class_id: int
    job_class_name: str
    position: int
    gaps: list[Gap]

    @property
    def eligible(self) -> bool:
        return not self.gaps

    @property
    def one_away(self) -> bool:
        return len(self.gaps) == 1


# --- reading the facts ------------------------------------------------------------------------


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def person_facts(person_ids: Iterable[int], on: dt.date | None = None) -> dict[int, PersonFacts]:
    """The facts of each person, in five queries per chunk of CHUNK people."""
    on = on or timezone.localdate()
    ids = sorted(set(person_ids))
    facts = {pk: PersonFacts(person_id=pk) for pk in ids}
    for chunk in _chunks(ids):
        _read_credentials(facts, chunk, on)
        _read_employments(facts, chunk, on)
        _read_other_experience(facts, chunk, on)
        _read_levels(facts, chunk)
    return facts


def _read_credentials(facts: dict[int, PersonFacts], ids: list[int], on: dt.date) -> None:
    certs: dict[int, set[int]] = defaultdict(set)
    # No ordering: the default one joins and sorts by the person's name, which nothing here needs.
    rows = (
        Credential.objects.filter(person_id__in=ids)
        .order_by()
        .values_list(
            "person_id",
            "kind",
            "status",
            "degree_level",
            "accredited",
            "started_on",
            "certification_type_id",
            "expires_on",
        )
    )
    for pk, kind, status, level, accredited, started, cert_type, expires in rows:
        person = facts[pk]
        if kind == Credential.Kind.DEGREE and level is not None:
            if status != Credential.Status.AWARDED:
                person.in_progress_degrees.append((level, accredited, started))
                continue
            person.education = max(person.education, level)
            if level == EducationLevel.MLS:
                if accredited:
                    person.has_accredited_mls = True
                else:
                    person.has_unaccredited_mls = True
        elif kind == Credential.Kind.CERTIFICATION and cert_type is not None:
            if status != Credential.Status.AWARDED:
                continue
            if expires is None or expires >= on:
                certs[pk].add(cert_type)
            else:
                previous = person.expired_certifications.get(cert_type)
                if previous is None or expires > previous:
                    person.expired_certifications[cert_type] = expires
    for pk, held in certs.items():
        facts[pk].certification_type_ids = frozenset(held)
        for cert_type in held:
            facts[pk].expired_certifications.pop(cert_type, None)


def _read_employments(facts: dict[int, PersonFacts], ids: list[int], on: dt.date) -> None:
    rows = (
        Employment.objects.filter(person_id__in=ids, start_date__lte=on)
        .order_by("person_id", "start_date", "pk")
        .values_list(
            "person_id",
            "start_date",
            "end_date",
            "weekly_hours",
            "library__full_time_threshold",
            "library_id",
            "job_class_id",
            "branch_id",
            "branch__latitude",
            "branch__longitude",
        )
    )
    main_hours: dict[int, Decimal] = {}
    libraries: dict[int, set[int]] = defaultdict(set)
    classes: dict[int, set[int]] = defaultdict(set)
    for pk, start, end, hours, full, library, job_class, branch, lat, lon in rows:
        person = facts[pk]
        person.years_experience += rules.fte_years(start, end, hours, full, on)
        if end is not None and end < on:
            continue
        libraries[pk].add(library)
        classes[pk].add(job_class)
        if hours > main_hours.get(pk, Decimal("-1")):
            main_hours[pk] = hours
            person.library_id = library
            person.branch_id = branch
            person.branch = (
                (float(lat), float(lon)) if lat is not None and lon is not None else None
            )
    for pk in libraries:
        facts[pk].library_ids = frozenset(libraries[pk])
        facts[pk].job_class_ids = frozenset(classes[pk])


def _read_other_experience(facts: dict[int, PersonFacts], ids: list[int], on: dt.date) -> None:
    prior = (
        PriorExperience.objects.filter(person_id__in=ids, is_library_work=True, start_date__lte=on)
        .order_by()
        .values_list("person_id", "start_date", "end_date", "hours_per_week")
    )
    for pk, start, end, hours in prior:
        facts[pk].years_experience += rules.fte_years(start, end, hours, None, on)
    placements = TempPlacement.objects.filter(
        worker__person_id__in=ids, is_cancelled=False, starts_on__lte=on
    ).values_list("worker__person_id", "starts_on", "ends_on", "weekly_hours")
    for pk, start, end, hours in placements:
        facts[pk].years_experience += rules.fte_years(start, end, hours, None, on)


def _read_levels(facts: dict[int, PersonFacts], ids: list[int]) -> None:
    rows = (
        Rating.objects.filter(person_id__in=ids)
        .order_by()
        .values_list("person_id", "competency_id", "level")
    )
    for pk, competency, level in rows:
        facts[pk].levels[competency] = level


# --- reading the requirements -----------------------------------------------------------------


def requirements_for(job_class_ids: Iterable[int]) -> dict[int, JobRequirements]:
    """The requirements of each job class, in three queries."""
    ids = sorted(set(job_class_ids))
    if not ids:
        return {}
    found = {
        pk: JobRequirements(
            job_class_id=pk,
            name=name,
            min_education=education,
            requires_accredited=accredited,
            min_years_experience=years,
        )
        for pk, name, education, accredited, years in JobClass.objects.filter(
            pk__in=ids
        ).values_list("pk", "name", "min_education", "requires_accredited", "min_years_experience")
    }
    through = JobClass.required_certifications.through.objects.filter(
        jobclass_id__in=ids
    ).values_list("jobclass_id", "certificationtype_id", "certificationtype__name")
    for job_class, cert_type, name in through:
        found[job_class].certifications[cert_type] = name
    levels = (
        JobClassCompetency.objects.filter(job_class_id__in=ids)
        .order_by("competency__area__position", "competency__position", "competency__name")
        .values_list("job_class_id", "competency_id", "competency__name", "level")
    )
    for job_class, competency, name, level in levels:
        found[job_class].competencies[competency] = (name, level)
    return found


# --- comparing ------------------------------------------------------------------------------


def _education_gap(facts: PersonFacts, req: JobRequirements) -> Gap | None:
    if rules.education_met(
        facts.education, facts.has_accredited_mls, req.min_education, req.requires_accredited
    ):
        return None
    label, details = rules.education_shortfall(
        facts.education, facts.has_unaccredited_mls, req.min_education, req.requires_accredited
    )
    return Gap(kind=GAP_EDUCATION, label=label, details=details)


def gaps(facts: PersonFacts, requirements: JobRequirements) -> list[Gap]:
    """The requirements the person does not meet, education first, competencies last."""
    req = requirements
    found: list[Gap] = []
    education = _education_gap(facts, req)
    if education:
        found.append(education)
    certifications = sorted(req.certifications.items(), key=lambda kv: kv[1])
    names = dict(certifications)
    for cert_type in rules.certifications_missing(
        facts.certification_type_ids, [cert for cert, _ in certifications]
    ):
        expired = facts.expired_certifications.get(cert_type)
        found.append(
            Gap(
                kind=GAP_CERTIFICATION,
                label=rules.certification_shortfall(names[cert_type], expired),
                details={
                    "certification_type_id": cert_type,
                    "name": names[cert_type],
                    "expired_on": expired.isoformat() if expired else None,
                },
            )
        )
    if not rules.experience_met(float(facts.years_experience), req.min_years_experience):
        label, details = rules.experience_shortfall(
            facts.years_experience, req.min_years_experience
        )
        found.append(Gap(kind=GAP_EXPERIENCE, label=label, details=details))
    for competency, (name, level) in req.competencies.items():
        current = facts.levels.get(competency, 0)
        if not rules.competency_met(current, level):
            found.append(
                Gap(
                    kind=GAP_COMPETENCY,
                    label=rules.competency_shortfall(name, current, level),
                    details={
                        "competency_id": competency,
                        "name": name,
                        "required_level": level,
                        "current_level": current,
                    },
                )
            )
    return found


# --- per person ----------------------------------------------------------------------------


def available_job_classes(library_ids: Iterable[int]) -> Any:
    """Every job class the libraries may use: their own and their networks' templates."""
    q = Q(pk__in=[])
    for library_id in set(library_ids):
        q |= Q(pk__in=JobClass.objects.available_to_library(library_id).values("pk"))
    return JobClass.objects.filter(q)


def candidate_job_classes(library_ids: Iterable[int]) -> list[JobClass]:
    """The job classes a person's career is weighed against: the rungs of their libraries'
    ladders, or every class the libraries use when they have no ladder. Two queries."""
    ids = set(library_ids)
    on_ladders = list(
        JobClass.objects.filter(ladder_steps__ladder__adopting_libraries__in=ids)
        .distinct()
        .order_by("name")
    )
    if on_ladders or not ids:
        return on_ladders
    return list(available_job_classes(ids).distinct().order_by("name"))


def eligible_job_classes(person: Any, on: dt.date | None = None) -> list[JobClass]:
    """The job classes (of the person's libraries) whose requirements they meet today."""
    facts = person_facts([person.pk], on)[person.pk]
    classes = candidate_job_classes(facts.library_ids)
    reqs = requirements_for(jc.pk for jc in classes)
    return [jc for jc in classes if not gaps(facts, reqs[jc.pk])]


def gaps_for(person: Any, job_class: JobClass, on: dt.date | None = None) -> list[Gap]:
    """What the person lacks for the job class (an empty list: eligible)."""
    facts = person_facts([person.pk], on)[person.pk]
    return gaps(facts, requirements_for([job_class.pk])[job_class.pk])


def next_steps(
    person_ids: Iterable[int],
    on: dt.date | None = None,
    facts: dict[int, PersonFacts] | None = None,
) -> dict[int, list[NextStep]]:
    """For each person, the next step above each current job on that library's ladder
    (Library.ladder), with its gaps: the highest rung they are already eligible for (a ladder
    is not climbed one rung at a time when a degree skips one), or else the next rung up —
    never a higher rung merely because it has fewer open requirements (a Library Assistant's
    next step is the technician or Librarian I rung above, not Branch Manager). People without
    a ladder or at its top get none."""
    on = on or timezone.localdate()
    ids = sorted(set(person_ids))
    jobs: list[tuple[int, int, int, int]] = []
    for chunk in _chunks(ids):
        jobs += list(
            Employment.objects.current(on)
            .filter(person_id__in=chunk, library__ladder__isnull=False)
            .order_by("person_id", "-weekly_hours", "pk")
            .values_list("person_id", "library_id", "job_class_id", "library__ladder_id")
        )
    ladders: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for ladder_id, position, job_class, name in (
        LadderStep.objects.filter(ladder_id__in={job[3] for job in jobs})
        .order_by("ladder_id", "position")
        .values_list("ladder_id", "position", "job_class_id", "job_class__name")
    ):
        ladders[ladder_id].append((position, job_class, name))
    candidates: list[tuple[int, int, int, list[tuple[int, int, str]]]] = []
    for person_id, library_id, job_class_id, ladder_id in jobs:
        steps = ladders.get(ladder_id, [])
        here = next((pos for pos, jc, _ in steps if jc == job_class_id), None)
        if here is None:
            continue
        above = [step for step in steps if step[0] > here]
        if above:
            candidates.append((person_id, library_id, job_class_id, above))
    if facts is None:
        facts = person_facts({c[0] for c in candidates}, on)
    reqs = requirements_for({step[1] for c in candidates for step in c[3]})
    result: dict[int, list[NextStep]] = {pk: [] for pk in ids}
    for person_id, library_id, job_class_id, above in candidates:
        options = [
            (step, gaps(facts[person_id], reqs[step[1]])) for step in above if step[1] in reqs
        ]
        if not options:
            continue
        eligible = [option for option in options if not option[1]]
        if eligible:
            (position, target, name), found = eligible[-1]
        else:
            (position, target, name), found = min(options, key=lambda o: o[0][0])
        if any(step.job_class_id == target for step in result[person_id]):
            continue  # two jobs on the same ladder rung lead to the same next step
        result[person_id].append(
            NextStep(
                person_id=person_id,
                library_id=library_id,
                current_job_class_id=job_class_id,
                job_class_id=target,
                job_class_name=name,
                position=position,
                gaps=found,
            )
        )
    return result


# --- the library and network views ------------------------------------------------------------

STATUS_ELIGIBLE = "eligible"
STATUS_ONE_AWAY = "one_away"
STATUS_FURTHER = "further"
STATUS_CHOICES = [
    (STATUS_ELIGIBLE, "Eligible now"),
    (STATUS_ONE_AWAY, "One requirement away"),
    (STATUS_FURTHER, "Two or more requirements away"),
]


def step_status(step: NextStep) -> str:
    if step.eligible:
        return STATUS_ELIGIBLE
    return STATUS_ONE_AWAY if step.one_away else STATUS_FURTHER


@dataclass
class EligibilityRow:
    """A person, the library of the job the step comes from, and the next step."""

    person_id: int
    name: str
    library_id: int
    library_name: str
    current_job_class_name: str
    step: NextStep

    @property
    def status(self) -> str:
        return step_status(self.step)


def staff_in_scope(access: Any, library_id: int | None = None) -> dict[int, int]:
    """person id -> library id of the staff whose eligibility the user may list: a library
    admin's libraries, a supervisor's reports, everyone for a site admin (filtered by library)."""
    current = Employment.objects.current()
    if library_id is not None:
        current = current.filter(library_id=library_id)
    if not access.is_site_admin:
        current = current.filter(
            Q(library_id__in=access.admin_library_ids) | Q(person_id__in=access.report_ids)
        )
    return dict(
        current.order_by("person_id", "weekly_hours").values_list("person_id", "library_id")
    )


def eligibility_rows(
    access: Any,
    library_id: int | None = None,
    status: str = "",
    job_class_id: int | None = None,
    on: dt.date | None = None,
) -> list[EligibilityRow]:
    """Who may take which next step, for the people the user may see (bounded queries)."""
    scope = staff_in_scope(access, library_id)
    steps = next_steps(scope, on)
    jobs = Employment.objects.current(on).filter(person_id__in=list(scope))
    if not access.is_site_admin:
        # A supervisor sees their report's step on any ladder; an admin only their library's.
        jobs = jobs.filter(
            Q(library_id__in=access.admin_library_ids) | Q(person_id__in=access.report_ids)
        )
    names: dict[tuple[int, int], tuple[str, str, str]] = {}
    for person_id, lib, lib_name, jc_name, first, preferred, last in jobs.values_list(
        "person_id",
        "library_id",
        "library__name",
        "job_class__name",
        "person__first_name",
        "person__preferred_name",
        "person__last_name",
    ):
        name = f"{preferred or first} {last}".strip()
        names[(person_id, lib)] = (name, lib_name, jc_name)
    rows: list[EligibilityRow] = []
    for person_id, person_steps in steps.items():
        for step in person_steps:
            known = names.get((person_id, step.library_id))
            if known is None:
                continue
            if library_id is not None and step.library_id != library_id:
                continue
            if job_class_id is not None and step.job_class_id != job_class_id:
                continue
            if status and step_status(step) != status:
                continue
            rows.append(
                EligibilityRow(person_id, known[0], step.library_id, known[1], known[2], step)
            )
    order = {STATUS_ELIGIBLE: 0, STATUS_ONE_AWAY: 1, STATUS_FURTHER: 2}
    rows.sort(key=lambda r: (order[r.status], len(r.step.gaps), r.name.split()[-1:], r.name))
    return rows


@dataclass
class NetworkCount:
    library_id: int
    library_name: str
    job_class_id: int
    job_class_name: str
    staff: int = 0
    eligible: int = 0
    one_away: int = 0


def network_counts(library_ids: Iterable[int], on: dt.date | None = None) -> list[NetworkCount]:
    """Aggregates only: per library and next job class, how many are eligible or one away."""
    ids = set(library_ids)
    scope = dict(
        Employment.objects.current(on)
        .filter(library_id__in=ids)
        .order_by("person_id", "weekly_hours")
        .values_list("person_id", "library_id")
    )
    steps = next_steps(scope, on)
    libraries = dict(Library.objects.filter(pk__in=ids).values_list("pk", "name"))
    counts: dict[tuple[int, int], NetworkCount] = {}
    for person_steps in steps.values():
        for step in person_steps:
            if step.library_id not in ids:
                continue
            key = (step.library_id, step.job_class_id)
            row = counts.get(key)
            if row is None:
                row = counts[key] = NetworkCount(
                    step.library_id,
                    libraries.get(step.library_id, ""),
                    step.job_class_id,
                    step.job_class_name,
                )
            row.staff += 1
            row.eligible += step.eligible
            row.one_away += step.one_away
    return sorted(counts.values(), key=lambda r: (r.library_name, r.job_class_name))
