"""A job class's requirements in words, for templates: `{% load ladder_requirements %}`.

The sentences come from ladder.people.requirements, the module that also decides who meets
them, so a page never states a rule the eligibility check does not apply.
"""

from __future__ import annotations

from django import template

from ladder.people import requirements as rules
from ladder.people.models import JobClass

register = template.Library()


@register.filter
def education_required(job_class: JobClass) -> str:
    """The education requirement, or "" when there is none."""
    return rules.education_in_words(job_class.min_education, job_class.requires_accredited) or ""


@register.filter
def experience_required(job_class: JobClass) -> str:
    """The experience requirement, or "" when there is none."""
    return rules.experience_in_words(job_class.min_years_experience) or ""
