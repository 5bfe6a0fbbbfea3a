"""The shipped template schemes (LSSC, a state public librarian certificate, an association's
CPD record) and their installation."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from ladder.certifications.models import (
    ConversionFactor,
    Scheme,
    SchemeCategory,
    SchemePart,
)
from ladder.people.models import CertificationType, EducationLevel
from ladder.skills.default_framework import LSSC_SETS
from ladder.skills.models import ExternalTag

D = Decimal

# --- shipped templates ----------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateSpec:
    slug: str
    name: str
    certification: str
    issuer: str
    description: str
    values: dict[str, Any]
    parts: list[tuple[str, str, bool]] = field(default_factory=list)  # code, name, required
    categories: list[tuple[str, str, Decimal]] = field(default_factory=list)
    conversions: list[tuple[str, str, Decimal]] = field(default_factory=list)  # unit, kind, f
    tag_scheme: str = ""


LSSC_CERTIFICATION = "Library Support Staff Certification (LSSC)"


def _lssc_parts() -> list[tuple[str, str, bool]]:
    return list(LSSC_SETS)


TEMPLATES: list[TemplateSpec] = [
    TemplateSpec(
        slug="lssc",
        name="Library Support Staff Certification",
        certification=LSSC_CERTIFICATION,
        issuer="ALA-Allied Professional Association",
        description=(
            "A national certification for library support staff without the MLS. A candidate "
            "with a secondary diploma and a year's library work completes six of ten "
            "competency sets — the three required ones and three electives of their choice — "
            "within four years, through approved courses, portfolios or training that covers "
            "each set. Valid four years; renewed with continuing education."
        ),
        values={
            "entry_min_education": EducationLevel.SECONDARY,
            "entry_work_hours": D("1820"),
            "entry_work_years": 5,
            "electives_needed": 3,
            "time_limit_years": 4,
            "validity_years": 4,
            "cycle_hours": D("32"),
            "min_activity_hours": D("1"),
            "minutes_per_contact_hour": 60,
            "renewal_window_months": 12,
            "grace_months": 2,
        },
        parts=[],  # filled from the LSSC sets of the default framework
        categories=[("technology", "Technology", D("4"))],
        conversions=[
            ("semester_credit", "", D("15")),
            ("quarter_credit", "", D("10")),
            ("conference_day", "", D("6")),
            ("", "roundtable", D("0.5")),
        ],
        tag_scheme="ala-apa-lssc",
    ),
    TemplateSpec(
        slug="state-public-librarian",
        name="State public librarian certificate",
        certification="State Public Librarian Certificate",
        issuer="State library agency",
        description=(
            "A state certificate for public library directors and librarians, in grades set by "
            "education and the size of the community served (in the manner of Wisconsin's). "
            "Renewed every five years with 100 contact hours, at least 10 in technology; one "
            "contact hour is 60 minutes of learning."
        ),
        values={
            "entry_min_education": EducationLevel.BACHELOR,
            "grades": "Grade 1, Grade 2, Grade 3",
            "validity_years": 5,
            "cycle_hours": D("100"),
            "min_activity_hours": D("0.5"),
            "minutes_per_contact_hour": 60,
            "renewal_window_months": 12,
            "grace_months": 0,
        },
        categories=[("technology", "Technology", D("10"))],
        conversions=[("semester_credit", "", D("15")), ("quarter_credit", "", D("10"))],
    ),
    TemplateSpec(
        slug="association-cpd",
        name="Association yearly CPD record",
        certification="Association CPD Record",
        issuer="Professional association",
        description=(
            "A professional association's continuing professional development scheme: members "
            "log 30 hours a year and 120 over any three years to stay in good standing."
        ),
        values={
            "validity_years": 1,
            "cycle_hours": D("30"),
            "rolling_hours": D("120"),
            "rolling_years": 3,
            "min_activity_hours": D("0.5"),
            "minutes_per_contact_hour": 60,
            "renewal_window_months": 2,
            "grace_months": 1,
        },
        conversions=[("conference_day", "", D("6"))],
    ),
]


def install_templates() -> list[Scheme]:
    """Create or bring up to date the shipped template schemes. Idempotent."""
    installed: list[Scheme] = []
    with transaction.atomic():
        for spec in TEMPLATES:
            cert, _ = CertificationType.objects.get_or_create(
                name=spec.certification, defaults={"issuer": spec.issuer}
            )
            scheme, _ = Scheme.objects.update_or_create(
                network=None,
                slug=spec.slug,
                defaults={
                    "name": spec.name,
                    "certification_type": cert,
                    "issuer": spec.issuer,
                    "description": spec.description,
                    **spec.values,
                },
            )
            parts = _lssc_parts() if spec.slug == "lssc" else spec.parts
            tags = (
                {t.code: t for t in ExternalTag.objects.filter(scheme__slug=spec.tag_scheme)}
                if spec.tag_scheme
                else {}
            )
            for position, (code, name, required) in enumerate(parts):
                SchemePart.objects.update_or_create(
                    scheme=scheme,
                    code=code,
                    defaults={
                        "name": name,
                        "is_required": required,
                        "position": position,
                        "external_tag": tags.get(code),
                    },
                )
            for code, name, minimum in spec.categories:
                SchemeCategory.objects.update_or_create(
                    scheme=scheme, code=code, defaults={"name": name, "min_hours": minimum}
                )
            for unit, kind, factor in spec.conversions:
                ConversionFactor.objects.update_or_create(
                    scheme=scheme, unit=unit, activity_kind=kind, defaults={"factor": factor}
                )
            installed.append(scheme)
    return installed
