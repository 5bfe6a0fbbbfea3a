"""What a job class requires, each kind of requirement defined once (issue #19).

Four kinds: education, certification, experience (in full-time-equivalent years) and
competency. For each kind this module holds the predicate (is it met?), the sentence that
says what the job requires (the ladder and job-class pages) and the sentence that says what a
person lacks (eligibility, gap analysis, promotion refusals). Careers eligibility, the gap
analysis, the openings ranking and tuition's promotion proposals all call these functions, so
a rule changed here changes every page, the API and the ranking together.

The predicates are written once for both callers: with plain numbers (one person, the scalar
eligibility check) and with numpy arrays (everyone at once, the vectorised ranking) the same
expression runs, so the two cannot disagree; tests/careers/test_requirements_agree.py checks
it on generated people.

Rules (DESIGN.md, issue #5):
- Education: a higher awarded degree satisfies a lower requirement; when the job class requires
  accreditation (allowed from the MLS/MLIS up), an awarded ALA-accredited MLS/MLIS is needed
  besides the level.
- Certifications: awarded and not expired on the day.
- Experience in full-time-equivalent years: each spell weighs min(1, weekly hours / the
  full-time threshold: the library's for employments, FULL_TIME_HOURS otherwise); concurrent
  spells add up; a requirement is met up to EXPERIENCE_TOLERANCE (sums of Decimal fractions
  such as 10/35 land a hair below the whole number they add up to).
- Competencies: the current rating at or above the required level (no rating counts as 0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import numpy as np

from ladder.people.models import EducationLevel, JobClass

# --- experience -------------------------------------------------------------------------------

FULL_TIME_HOURS = Decimal("35")
DAYS_PER_YEAR = Decimal("365.25")
EXPERIENCE_TOLERANCE = 1e-9


def fte_weight(hours: Decimal | float, full: Decimal | float | None) -> Decimal:
    """How much of a full-time year a week of `hours` counts for."""
    return min(Decimal("1"), Decimal(hours) / (Decimal(full or 0) or FULL_TIME_HOURS))


def fte_years(
    start: dt.date,
    end: dt.date | None,
    hours: Decimal | float,
    full: Decimal | float | None,
    on: dt.date,
) -> Decimal:
    """The full-time-equivalent years a spell of work from `start` to `end` (or ongoing)
    counts for on the day `on`; both ends count."""
    stop = min(end, on) if end is not None else on
    if stop < start:
        return Decimal("0")
    days = Decimal((stop - start).days + 1)
    return days / DAYS_PER_YEAR * fte_weight(hours, full)


def experience_met(years: Any, min_years: Decimal | float) -> Any:
    """Years (a number or an array of floats) at or above the required years."""
    return years >= float(min_years) - EXPERIENCE_TOLERANCE


def experience_in_words(min_years: Decimal) -> str | None:
    if not min_years or min_years <= 0:
        return None
    value = Decimal(min_years)
    number = f"{value.normalize():f}"
    return f"{number} year{'' if value == 1 else 's'} of experience"


def experience_shortfall(years: Decimal, min_years: Decimal) -> tuple[str, dict[str, str]]:
    """The sentence and details of an unmet experience requirement."""
    needed = Decimal(min_years)
    has = years.quantize(Decimal("0.1"))
    missing = (needed - years).quantize(Decimal("0.1"))
    if missing <= 0:
        missing = Decimal("0.1")
    return (
        f"Needs {needed:.1f} years of experience (has {has:.1f})",
        {"required_years": str(needed), "current_years": str(has), "missing_years": str(missing)},
    )


# --- education --------------------------------------------------------------------------------


ACCREDITED_ONLY_MLS = "Only an MLS/MLIS can be ALA-accredited."


def degree_can_be_accredited(level: int | None) -> bool:
    """ALA accreditation exists for MLS/MLIS programmes only (credentials and enrolments)."""
    return level == EducationLevel.MLS


def needs_accredited_mls(min_education: int, requires_accredited: bool) -> bool:
    """Whether only an ALA-accredited MLS/MLIS (besides the level) satisfies the requirement."""
    return bool(requires_accredited) and min_education >= EducationLevel.MLS


def education_met(
    level: Any, accredited_mls: Any, min_education: int, requires_accredited: bool
) -> Any:
    """The highest awarded level (a number or an array) meets the requirement; with
    accreditation required, an accredited MLS/MLIS is needed too."""
    met = level >= min_education
    if needs_accredited_mls(min_education, requires_accredited):
        met = met & accredited_mls
    return met


def education_met_soon(
    level: Any,
    accredited_mls: Any,
    soon_level: Any,
    soon_accredited_mls: Any,
    min_education: int,
    requires_accredited: bool,
) -> Any:
    """Met once the degrees in progress (`soon_*`) are awarded: the same rule on the best of
    both."""
    return education_met(
        np.maximum(level, soon_level),
        accredited_mls | soon_accredited_mls,
        min_education,
        requires_accredited,
    )


def education_label(level: int) -> str:
    return EducationLevel(level).label if level in EducationLevel.values else str(level)


EDUCATION_NAMES: dict[int, str] = {
    EducationLevel.NONE: "no degree",
    EducationLevel.SECONDARY: "a secondary diploma",
    EducationLevel.ASSOCIATE: "an associate degree",
    EducationLevel.BACHELOR: "a bachelor's degree",
    EducationLevel.MASTER: "a master's degree",
    EducationLevel.MLS: "an MLS/MLIS",
    EducationLevel.DOCTORATE: "a doctorate",
}


def education_noun(level: int) -> str:
    """A level with its article, inside a sentence ("has a bachelor's degree")."""
    return EDUCATION_NAMES.get(int(level), f"level {level}")


def education_needed_phrase(min_education: int, requires_accredited: bool) -> str:
    """What the requirement asks for, inside a sentence ("needs ...")."""
    accredited = "an ALA-accredited MLS/MLIS"
    if needs_accredited_mls(min_education, requires_accredited):
        if min_education == EducationLevel.MLS:
            return accredited
        return f"{education_noun(min_education)} or higher and {accredited}"
    return f"{education_noun(min_education)} or higher"


def education_in_words(min_education: int, requires_accredited: bool) -> str | None:
    """The education requirement as the ladder and job-class pages state it."""
    accredited = "MLS/MLIS from an ALA-accredited programme"
    extra = needs_accredited_mls(min_education, requires_accredited)
    if min_education == EducationLevel.NONE:
        return None
    if min_education == EducationLevel.MLS:
        return accredited if extra else "MLS/MLIS"
    if min_education == EducationLevel.DOCTORATE:
        return "Doctorate" + (f", and an {accredited}" if extra else "")
    if min_education == EducationLevel.SECONDARY:
        return "Secondary (high school) diploma or higher"
    return f"{EducationLevel(min_education).label.split(' (')[0]} or higher"


def education_shortfall(
    level: int, has_unaccredited_mls: bool, min_education: int, requires_accredited: bool
) -> tuple[str, dict[str, Any]]:
    """The sentence and details of an unmet education requirement."""
    accredited_only = needs_accredited_mls(min_education, requires_accredited)
    if accredited_only and min_education == EducationLevel.MLS:
        need = "Needs an ALA-accredited MLS/MLIS"
    elif accredited_only:
        need = f"Needs a {education_label(min_education)} or higher and an ALA-accredited MLS/MLIS"
    else:
        need = f"Needs a {education_label(min_education)} or higher"
    if accredited_only and has_unaccredited_mls:
        has = "has an MLS/MLIS from a programme that is not accredited"
    elif level > EducationLevel.NONE:
        has = f"has a {education_label(level)}"
    else:
        has = "no degree or diploma recorded"
    return (
        f"{need} ({has})",
        {
            "required_level": int(min_education),
            "requires_accredited": accredited_only,
            "current_level": int(level),
        },
    )


# --- certifications ---------------------------------------------------------------------------


def certifications_missing(held: Iterable[int], required: Iterable[int]) -> list[int]:
    """The required certification types (ids) not held, in the order required."""
    have = set(held)
    return [cert for cert in required if cert not in have]


def certification_in_words(name: str) -> str:
    return f"Certification: {name}"


def certification_shortfall(name: str, expired_on: dt.date | None) -> str:
    suffix = f" (expired on {expired_on.isoformat()})" if expired_on else ""
    return f"Needs the {name} certification{suffix}"


# --- competencies -----------------------------------------------------------------------------


def competency_met(level: Any, required: Any) -> Any:
    """The current level (a number or an array; no rating is 0) at or above the required one."""
    return level >= required


def competency_fit(level: Any, required: Any) -> Any:
    """How far the level goes towards the required one, 0 to 1 (the ranking's fit): 1 exactly
    when competency_met, else level / required."""
    return np.where(competency_met(level, required), 1.0, level / np.maximum(required, 1.0))


def competency_shortfall(name: str, level: int, required: int) -> str:
    return f"{name}: needs level {required} (now {level})"


# --- a job class in words ---------------------------------------------------------------------


def requirements_in_words(job_class: JobClass) -> list[str]:
    """Each requirement as a sentence a person understands.

    Reads required_certifications: prefetch it on lists. The skills issue adds competency
    requirements here, so that every page listing requirements shows them too.
    """
    words: list[str] = []
    education = education_in_words(job_class.min_education, job_class.requires_accredited)
    if education:
        words.append(education)
    experience = experience_in_words(job_class.min_years_experience)
    if experience:
        words.append(experience)
    for cert in job_class.required_certifications.all():
        words.append(certification_in_words(cert.name))
    return words or ["No formal requirements"]
