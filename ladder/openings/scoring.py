"""The internal candidate score: a vectorised scorer on plain arrays, no queries.

``ladder.openings.ranking`` loads the candidates' facts into ``Candidates`` (one array per fact,
one row per person) and the opening into ``OpeningSpec``; ``score`` computes every part for
everyone at once with numpy, so ranking a whole state's staff (~15 000 people) takes a few
milliseconds once the data is loaded. ``explain`` writes one candidate's score line by line.

Each part scores 0 to 1; the total is the weighted mean x 100 (library-adjustable weights):

- requirements: the job class's hard requirements (education, certifications, experience),
  each judged by its predicate in ``ladder.people.requirements`` (the functions the scalar
  eligibility check calls, here on arrays). 1 when all are met; 0.5 when the only missing ones
  will be met within the grace months (a degree in progress expected to finish by then, or
  experience reached by then); else 0.
- competencies: for each competency the opening lists (the job class's when it lists none),
  ``requirements.competency_fit``, min(level / required, 1); required ones count twice as
  much as preferred ones.
- initiative: a quarter each for above-and-beyond training (3 in the last three years give
  the full quarter), roundtables (memberships and meetings attended, 3), mentoring given
  (completed requests, 3) and extra hats (hats worn beyond the first, 2).
- interest: what the person said they want, out of what the opening offers: the job class
  among their targets (half), full-time work when the post is full-time, management when the
  class is a management class (a quarter each).
- tenure: years since the start of their current employment, 10 years give the full score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ladder.people import requirements as rules

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

PARTS = ("requirements", "competencies", "initiative", "interest", "tenure")
PART_LABELS = {
    "requirements": "Hard requirements",
    "competencies": "Competency fit",
    "initiative": "Demonstrated initiative",
    "interest": "Stated interest",
    "tenure": "Tenure",
}
INITIATIVE_CAPS = {"above_and_beyond": 3, "roundtables": 3, "mentoring": 3, "extra_hats": 2}
TENURE_FULL_YEARS = 10.0


@dataclass(frozen=True)
class Weights:
    requirements: float = 30
    competencies: float = 30
    initiative: float = 15
    interest: float = 15
    tenure: float = 10
    grace_months: int = 6

    def vector(self) -> FloatArray:
        return np.array([getattr(self, name) for name in PARTS], dtype=float)


@dataclass(frozen=True)
class OpeningSpec:
    min_education: int = 0
    requires_accredited: bool = False
    min_years: float = 0.0
    certification_names: tuple[str, ...] = ()
    competency_names: tuple[str, ...] = ()
    required_levels: FloatArray = field(default_factory=lambda: np.zeros(0))
    preferred: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    full_time: bool = False
    management: bool = False
    job_class_name: str = ""


@dataclass
class Candidates:
    """One row per person; ``levels`` has one column per competency of the spec."""

    person_ids: IntArray
    education: IntArray
    accredited_mls: BoolArray
    soon_education: IntArray  # best in-progress degree finishing within the grace months
    soon_accredited_mls: BoolArray
    years: FloatArray
    certifications_met: BoolArray
    missing_certifications: list[tuple[str, ...]]
    levels: FloatArray
    above_and_beyond: IntArray
    roundtables: IntArray
    mentoring: IntArray
    extra_hats: IntArray
    target: BoolArray
    wants_full_time: BoolArray
    wants_management: BoolArray
    tenure_years: FloatArray
    #: (n, k): whether the person has a rating for each competency; an unrated one scores as 0
    #: and is explained as "not yet rated". None: all rated.
    rated: BoolArray | None = None

    def __len__(self) -> int:
        return len(self.person_ids)


@dataclass
class Scores:
    parts: FloatArray  # (n, 5), each 0..1
    total: FloatArray  # (n,), 0..100
    order: IntArray  # row indices, best first
    education_status: IntArray  # 0 met, 1 within grace, 2 missing
    experience_status: IntArray


def _education(c: Candidates, spec: OpeningSpec) -> tuple[BoolArray, BoolArray]:
    met = rules.education_met(
        c.education, c.accredited_mls, spec.min_education, spec.requires_accredited
    )
    soon = rules.education_met_soon(
        c.education,
        c.accredited_mls,
        c.soon_education,
        c.soon_accredited_mls,
        spec.min_education,
        spec.requires_accredited,
    )
    return met, met | soon


def score(c: Candidates, spec: OpeningSpec, weights: Weights) -> Scores:
    n = len(c)
    grace_years = weights.grace_months / 12.0
    edu_met, edu_soon = _education(c, spec)
    exp_met = rules.experience_met(c.years, spec.min_years)
    exp_soon = rules.experience_met(c.years + grace_years, spec.min_years)
    all_met = edu_met & exp_met & c.certifications_met
    nearly = ~all_met & edu_soon & exp_soon & c.certifications_met
    requirements = np.where(all_met, 1.0, np.where(nearly, 0.5, 0.0))

    k = len(spec.required_levels)
    if k:
        ratio = rules.competency_fit(c.levels, spec.required_levels)
        w = np.where(spec.preferred, 1.0, 2.0)
        competencies = ratio @ w / w.sum()
    else:
        competencies = np.zeros(n)

    caps = INITIATIVE_CAPS
    initiative = 0.25 * (
        np.minimum(c.above_and_beyond / caps["above_and_beyond"], 1.0)
        + np.minimum(c.roundtables / caps["roundtables"], 1.0)
        + np.minimum(c.mentoring / caps["mentoring"], 1.0)
        + np.minimum(c.extra_hats / caps["extra_hats"], 1.0)
    )

    possible = 0.5 + (0.25 if spec.full_time else 0.0) + (0.25 if spec.management else 0.0)
    got = 0.5 * c.target
    if spec.full_time:
        got = got + 0.25 * c.wants_full_time
    if spec.management:
        got = got + 0.25 * c.wants_management
    interest = got / possible

    tenure = np.minimum(c.tenure_years / TENURE_FULL_YEARS, 1.0)
    parts = np.column_stack([requirements, competencies, initiative, interest, tenure])
    wv = weights.vector()
    total = parts @ wv / wv.sum() * 100.0 if wv.sum() > 0 else np.zeros(n)
    order = np.lexsort((c.person_ids, -np.round(total, 9)))
    return Scores(
        parts=parts,
        total=total,
        order=order.astype(np.int64),
        education_status=np.where(edu_met, 0, np.where(edu_soon, 1, 2)),
        experience_status=np.where(exp_met, 0, np.where(exp_soon, 1, 2)),
    )


@dataclass
class Part:
    key: str
    label: str
    score: float  # 0..1
    weight: float
    points: float  # contribution to the 0..100 total
    lines: list[str]


def explain(c: Candidates, spec: OpeningSpec, weights: Weights, s: Scores, i: int) -> list[Part]:
    """Line by line, how row i's score was made."""
    wv = weights.vector()
    total_weight = wv.sum() or 1.0
    lines: dict[str, list[str]] = {name: [] for name in PARTS}

    req = lines["requirements"]
    if spec.min_education > 0:
        need = rules.education_needed_phrase(spec.min_education, spec.requires_accredited)
        status = int(s.education_status[i])
        has = rules.education_noun(c.education[i])
        if status == 0:
            req.append(f"Education: needs {need} — met ({has}).")
        elif status == 1:
            req.append(
                f"Education: needs {need} — in progress, expected within "
                f"{weights.grace_months} months."
            )
        else:
            req.append(f"Education: needs {need} — not met (has {has}).")
    else:
        req.append("Education: no minimum.")
    if spec.certification_names:
        missing = c.missing_certifications[i]
        if missing:
            req.append(f"Certifications: missing {', '.join(missing)}.")
        else:
            req.append(f"Certifications: holds {', '.join(spec.certification_names)}.")
    if spec.min_years > 0:
        status = int(s.experience_status[i])
        verdict = {0: "met", 1: f"reached within {weights.grace_months} months", 2: "not met"}
        req.append(
            f"Experience: needs {spec.min_years:g} years — has {c.years[i]:.1f}, {verdict[status]}."
        )
    req.append(
        {1.0: "All met: full score.", 0.5: "Nearly met: half score."}.get(
            float(s.parts[i, 0]), "Not met: no score."
        )
    )

    comp = lines["competencies"]
    if not len(spec.required_levels):
        comp.append("The opening lists no competencies.")
    for j, name in enumerate(spec.competency_names):
        kind = "preferred" if spec.preferred[j] else "required"
        have, need = c.levels[i, j], spec.required_levels[j]
        mark = "meets" if rules.competency_met(have, need) else "below"
        if c.rated is not None and not c.rated[i, j]:
            comp.append(f"{name} ({kind}, level {need:g}): not yet rated — {mark}.")
        else:
            comp.append(f"{name} ({kind}, level {need:g}): has {have:g} — {mark}.")

    ini = lines["initiative"]
    ini.append(f"Above-and-beyond training in the last three years: {c.above_and_beyond[i]}.")
    ini.append(f"Roundtables (memberships and meetings): {c.roundtables[i]}.")
    ini.append(f"Mentoring given (completed requests, three years): {c.mentoring[i]}.")
    ini.append(f"Hats worn beyond the first: {c.extra_hats[i]}.")

    inte = lines["interest"]
    aims = "aims for" if c.target[i] else "has not named"
    inte.append(f"{aims.capitalize()} {spec.job_class_name or 'this job class'}.")
    if spec.full_time:
        inte.append(
            "Wants full-time work." if c.wants_full_time[i] else "Has not asked for full-time."
        )
    if spec.management:
        inte.append(
            "Interested in management."
            if c.wants_management[i]
            else "Has not stated a management interest."
        )

    lines["tenure"].append(
        f"{c.tenure_years[i]:.1f} years in the current post "
        f"({TENURE_FULL_YEARS:g} give the full score)."
    )
    return [
        Part(
            key=name,
            label=PART_LABELS[name],
            score=round(float(s.parts[i, k]), 3),
            weight=float(wv[k]),
            points=round(float(s.parts[i, k] * wv[k] / total_weight * 100.0), 1),
            lines=lines[name],
        )
        for k, name in enumerate(PARTS)
    ]
