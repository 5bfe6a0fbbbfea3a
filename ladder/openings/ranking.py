"""Ranking internal candidates for an opening: load the facts in bounded queries, score them
with the pure ``ladder.openings.scoring``, explain each shown score line by line.

Who is ranked: the current staff of the opening's library, or, with ``whole_network``, of every
current member of its networks. People who already hold the same job class at the library with
at least the opening's hours are left out (they already have such a post).

"Met within N months" (the library's ``grace_months``): a degree in progress counts when it is
expected within the grace months. The expected end comes from the person's tuition-programme
enrolment when there is one (``tuition.Enrolment.expected_end``); otherwise, as a Credential
records no expected end, it is estimated from ``started_on`` plus a typical programme length
(``PROGRAMME_MONTHS``: MLS/master's two years, bachelor's four, associate two, doctorate five).
A degree in progress with neither is not counted as nearly met. Experience is nearly
met when the years missing are fewer than the grace months (if the person keeps working).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from ladder.careers import eligibility
from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.dates import add_months
from ladder.core.policies import require
from ladder.learning.models import Offering, TrainingRecord
from ladder.openings.models import Application, Opening, OpeningCompetency, RankingWeights
from ladder.openings.openings import is_full_time, network_library_ids
from ladder.openings.policies import can_set_ranking_weights
from ladder.openings.scoring import Candidates, OpeningSpec, Part, Scores, Weights, explain, score
from ladder.people import requirements as rules
from ladder.people.models import EducationLevel, Employment, JobClass, LadderStep, Person
from ladder.shared_learning.coaching import mentoring_given
from ladder.shared_learning.models import RoundtableMembership
from ladder.skills.models import HatAssignment, Interest
from ladder.tuition.models import Enrolment

PROGRAMME_MONTHS: dict[int, int] = {
    EducationLevel.SECONDARY: 48,
    EducationLevel.ASSOCIATE: 24,
    EducationLevel.BACHELOR: 48,
    EducationLevel.MASTER: 24,
    EducationLevel.MLS: 24,
    EducationLevel.DOCTORATE: 60,
}
INITIATIVE_YEARS = 3
# Loading a whole state network's facts takes about a second (see scripts/bench_ranking.py);
# the loaded facts are kept this long so paging through the ranking or trying other weights
# only re-scores them (milliseconds). The page says how old the figures are.
CANDIDATES_CACHE_SECONDS = 120
WEIGHT_FIELDS = ["requirements", "competencies", "initiative", "interest", "tenure", "grace_months"]


# --- weights --------------------------------------------------------------------------------


def weights_for(library_id: int) -> Weights:
    row = RankingWeights.objects.filter(library_id=library_id).first()
    if row is None:
        return Weights()
    return Weights(**{name: getattr(row, name) for name in WEIGHT_FIELDS})


def weights_set(*, by: Person, library: Any, **values: Any) -> RankingWeights:
    """The library's admins adjust the weights (0-100 each, not all zero)."""
    from django.core.exceptions import ValidationError

    require(can_set_ranking_weights, access_for(by), library)
    unknown = set(values) - set(WEIGHT_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected weights: {sorted(unknown)}")
    errors: dict[str, str] = {}
    for name, value in values.items():
        limit = 60 if name == "grace_months" else 100
        if value is None or not 0 <= int(value) <= limit:
            errors[name] = f"A whole number from 0 to {limit}."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _ = RankingWeights.objects.select_for_update().get_or_create(library=library)
        before = {name: getattr(row, name) for name in WEIGHT_FIELDS}
        for name, value in values.items():
            setattr(row, name, int(value))
        if not any(getattr(row, name) for name in WEIGHT_FIELDS if name != "grace_months"):
            raise ValidationError("At least one weight must be above zero.")
        row.save()
        log_action(
            actor=by,
            action="ranking_weights.updated",
            obj=row,
            changes={
                k: [before[k], getattr(row, k)]
                for k in WEIGHT_FIELDS
                if before[k] != getattr(row, k)
            },
        )
    return row


# --- loading --------------------------------------------------------------------------------


def opening_spec(opening: Opening) -> tuple[OpeningSpec, list[int]]:
    """The opening's requirements as plain values, and its competency ids (column order)."""
    req = eligibility.requirements_for([opening.job_class_id])[opening.job_class_id]
    rows = list(
        OpeningCompetency.objects.filter(opening=opening)
        .order_by("kind", "competency__name")
        .values_list("competency_id", "competency__name", "kind", "level")
    )
    if not rows:
        rows = [(pk, name, "required", level) for pk, (name, level) in req.competencies.items()]
    return (
        OpeningSpec(
            min_education=int(req.min_education),
            requires_accredited=req.requires_accredited,
            min_years=float(req.min_years_experience),
            certification_names=tuple(req.certifications.values()),
            competency_names=tuple(r[1] for r in rows),
            required_levels=np.array([float(r[3]) for r in rows]),
            preferred=np.array([r[2] == "preferred" for r in rows], dtype=bool),
            full_time=is_full_time(opening),
            management=opening.job_class.is_management,
            job_class_name=opening.job_class.name,
        ),
        [r[0] for r in rows],
    )


def classes_above(opening: Opening) -> list[int]:
    """The job classes that sit above the opening's: higher on the ladder the opening's library
    uses when both are rungs of it; otherwise of a higher kind (management above professional
    above support staff)."""
    steps = dict(
        LadderStep.objects.filter(ladder__adopting_libraries=opening.library_id).values_list(
            "job_class_id", "position"
        )
    )
    kinds = {
        pk: 2 * management + professional
        for pk, management, professional in JobClass.objects.values_list(
            "pk", "is_management", "is_professional"
        )
    }
    mine = opening.job_class_id

    def above(pk: int) -> bool:
        if pk in steps and mine in steps:
            return steps[pk] > steps[mine]
        return kinds[pk] > kinds.get(mine, 0)

    return [pk for pk in kinds if above(pk)]


def candidate_ids(opening: Opening, whole_network: bool) -> list[int]:
    """Who may be ranked: current staff (of the library or the network), leaving out those who
    already hold such a post and those whose current job sits above the opening's."""
    libraries = network_library_ids([opening.library_id]) if whole_network else {opening.library_id}
    current = Employment.objects.current().filter(library_id__in=libraries)
    holders = current.filter(
        library_id=opening.library_id,
        job_class_id=opening.job_class_id,
        weekly_hours__gte=opening.weekly_hours,
    ).values("person_id")
    higher = current.filter(job_class_id__in=classes_above(opening)).values("person_id")
    ids = (
        current.exclude(person_id__in=holders)
        .exclude(person_id__in=higher)
        .filter(person__is_active=True)
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )
    return sorted(set(ids))


def _counts(rows: Any) -> dict[int, int]:
    return {pk: n for pk, n in rows}


def load_candidates(
    opening: Opening, ids: list[int], spec: OpeningSpec, competency_ids: list[int], grace: int
) -> Candidates:
    """Everything the scorer needs, in a fixed number of queries (per chunk of 2000 people)."""
    today = timezone.localdate()
    since = today - dt.timedelta(days=365 * INITIATIVE_YEARS)
    soon = add_months(today, grace)
    facts = eligibility.person_facts(ids, on=today)
    req = eligibility.requirements_for([opening.job_class_id])[opening.job_class_id]
    aab: dict[int, int] = defaultdict(int)
    tables: dict[int, int] = defaultdict(int)
    hats: dict[int, int] = defaultdict(int)
    tenure: dict[int, dt.date] = {}
    targets: set[int] = set()
    interests: dict[int, tuple[bool, bool]] = {}
    # Expected ends of degrees in progress from tuition enrolments: person -> level -> (acc., end)
    expected: dict[int, dict[int, tuple[bool, dt.date]]] = defaultdict(dict)
    for chunk in eligibility._chunks(ids):
        for pk, level, acc, end in Enrolment.objects.filter(
            person_id__in=chunk, status=Enrolment.Status.ENROLLED
        ).values_list("person_id", "degree_level", "accredited", "expected_end"):
            known = expected[pk].get(level)
            if known is None or end < known[1]:
                expected[pk][level] = (acc, end)
        records = TrainingRecord.objects.filter(
            person_id__in=chunk, completed_on__gte=since
        ).order_by()
        for pk, n in (
            records.filter(above_and_beyond=True)
            .values("person_id")
            .annotate(n=Count("id"))
            .values_list("person_id", "n")
        ):
            aab[pk] += n
        for pk, n in (
            records.filter(kind=Offering.Kind.ROUNDTABLE)
            .values("person_id")
            .annotate(n=Count("id"))
            .values_list("person_id", "n")
        ):
            tables[pk] += n
        memberships = (
            RoundtableMembership.objects.filter(person_id__in=chunk, left_on__isnull=True)
            .order_by()
            .values("person_id")
            .annotate(n=Count("id"))
            .values_list("person_id", "n")
        )
        for pk, n in memberships:
            tables[pk] += n
        worn = (
            HatAssignment.objects.filter(
                employment__person_id__in=chunk,
                role=HatAssignment.Role.WEARER,
                start_date__lte=today,
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .order_by()
            .values("employment__person_id")
            .annotate(n=Count("id"))
            .values_list("employment__person_id", "n")
        )
        for pk, n in worn:
            hats[pk] += n
        starts = (
            Employment.objects.current()
            .filter(person_id__in=chunk)
            .order_by()
            .values("person_id")
            .annotate(first=Min("start_date"))
            .values_list("person_id", "first")
        )
        tenure.update(dict(starts))
        for pk, full, mgmt in Interest.objects.filter(person_id__in=chunk).values_list(
            "person_id", "wants_full_time", "wants_management"
        ):
            interests[pk] = (full, mgmt)
        targets |= set(
            Interest.target_job_classes.through.objects.filter(
                interest__person_id__in=chunk, jobclass_id=opening.job_class_id
            ).values_list("interest__person_id", flat=True)
        )
    mentoring = mentoring_given(ids, since, today)

    n = len(ids)
    education = np.zeros(n, dtype=np.int64)
    accredited = np.zeros(n, dtype=bool)
    soon_edu = np.zeros(n, dtype=np.int64)
    soon_acc = np.zeros(n, dtype=bool)
    years = np.zeros(n)
    certs_met = np.ones(n, dtype=bool)
    missing: list[tuple[str, ...]] = []
    levels = np.zeros((n, len(competency_ids)))
    rated = np.zeros((n, len(competency_ids)), dtype=bool)
    for i, pk in enumerate(ids):
        f = facts[pk]
        education[i] = f.education
        accredited[i] = f.has_accredited_mls
        years[i] = float(f.years_experience)
        ends: dict[int, tuple[bool, dt.date]] = dict(expected.get(pk, {}))
        for level, acc, started in f.in_progress_degrees:
            if level not in ends and started is not None:
                ends[level] = (acc, add_months(started, PROGRAMME_MONTHS.get(level, 24)))
        for level, (acc, end) in ends.items():
            if end <= soon:
                soon_edu[i] = max(soon_edu[i], level)
                if level == EducationLevel.MLS and acc:
                    soon_acc[i] = True
        gone = tuple(
            req.certifications[cert]
            for cert in rules.certifications_missing(f.certification_type_ids, req.certifications)
        )
        certs_met[i] = not gone
        missing.append(gone)
        for j, competency in enumerate(competency_ids):
            levels[i, j] = f.levels.get(competency, 0)
            rated[i, j] = competency in f.levels
    ids_array = np.array(ids, dtype=np.int64)
    tenure_years = np.array(
        [((today - tenure[pk]).days / 365.25) if pk in tenure else 0.0 for pk in ids]
    )
    return Candidates(
        person_ids=ids_array,
        education=education,
        accredited_mls=accredited,
        soon_education=soon_edu,
        soon_accredited_mls=soon_acc,
        years=years,
        certifications_met=certs_met,
        missing_certifications=missing,
        levels=levels,
        above_and_beyond=np.array([aab.get(pk, 0) for pk in ids], dtype=np.int64),
        roundtables=np.array([tables.get(pk, 0) for pk in ids], dtype=np.int64),
        mentoring=np.array([mentoring[pk].requests for pk in ids], dtype=np.int64),
        extra_hats=np.array([max(hats.get(pk, 0) - 1, 0) for pk in ids], dtype=np.int64),
        target=np.array([pk in targets for pk in ids], dtype=bool),
        wants_full_time=np.array([interests.get(pk, (False, False))[0] for pk in ids], dtype=bool),
        wants_management=np.array([interests.get(pk, (False, False))[1] for pk in ids], dtype=bool),
        tenure_years=tenure_years,
        rated=rated,
    )


# --- the ranking ----------------------------------------------------------------------------


@dataclass
class RankedCandidate:
    rank: int
    person: Person
    total: float
    parts: list[Part]
    applied: bool = False
    application_status: str = ""
    current_jobs: str = ""


@dataclass
class Ranking:
    opening: Opening
    weights: Weights
    spec: OpeningSpec
    candidates: Candidates
    scores: Scores
    whole_network: bool
    computed_at: dt.datetime | None = None

    @property
    def count(self) -> int:
        return len(self.candidates)

    def rows(self, offset: int = 0, limit: int = 25) -> list[RankedCandidate]:
        """The explained rows of one page, best first (one query for the people)."""
        chosen = self.scores.order[offset : offset + limit]
        ids = [int(self.candidates.person_ids[i]) for i in chosen]
        people = Person.objects.in_bulk(ids)
        jobs: dict[int, list[str]] = defaultdict(list)
        for pk, title, job_class, library, hours in (
            Employment.objects.current()
            .filter(person_id__in=ids)
            .order_by("person_id", "-weekly_hours", "pk")
            .values_list("person_id", "title", "job_class__name", "library__name", "weekly_hours")
        ):
            jobs[pk].append(f"{title or job_class}, {library} ({hours.normalize():f} h a week)")
        statuses = dict(
            Application.objects.filter(opening=self.opening, person_id__in=ids).values_list(
                "person_id", "status"
            )
        )
        return [
            RankedCandidate(
                rank=offset + position + 1,
                person=people[pk],
                total=round(float(self.scores.total[i]), 1),
                parts=explain(self.candidates, self.spec, self.weights, self.scores, int(i)),
                applied=pk in statuses,
                application_status=statuses.get(pk, ""),
                current_jobs="; ".join(jobs.get(pk, [])),
            )
            for position, (i, pk) in enumerate(zip(chosen, ids, strict=True))
        ]


def _candidates_key(
    opening: Opening, whole_network: bool, spec: OpeningSpec, competency_ids: list[int], grace: int
) -> str:
    described = {
        key: value.tolist() if isinstance(value, np.ndarray) else value
        for key, value in asdict(spec).items()
    }
    parts = (
        opening.pk,
        opening.library_id,
        opening.job_class_id,
        str(opening.weekly_hours),
        whole_network,
        sorted(described.items()),
        competency_ids,
        grace,
        timezone.localdate().isoformat(),
    )
    return "openings.candidates:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def rank_candidates(
    opening: Opening,
    *,
    whole_network: bool = False,
    weights: Weights | None = None,
    fresh: bool = False,
) -> Ranking:
    """Rank the library's (or the whole network's) staff for the opening. The loaded facts are
    reused for CANDIDATES_CACHE_SECONDS (same opening, scope and requirements) unless `fresh`;
    scoring always runs with the weights of the moment."""
    w = weights or weights_for(opening.library_id)
    spec, competency_ids = opening_spec(opening)
    key = _candidates_key(opening, whole_network, spec, competency_ids, w.grace_months)
    cached = None if fresh else cache.get(key)
    if cached is None:
        ids = candidate_ids(opening, whole_network)
        cached = (
            load_candidates(opening, ids, spec, competency_ids, w.grace_months),
            timezone.now(),
        )
        cache.set(key, cached, CANDIDATES_CACHE_SECONDS)
    candidates, computed_at = cached
    return Ranking(
        opening=opening,
        weights=w,
        spec=spec,
        candidates=candidates,
        scores=score(candidates, spec, w),
        whole_network=whole_network,
        computed_at=computed_at,
    )
