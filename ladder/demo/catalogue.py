"""What the demo and the statewide generator share: the network's template job classes and
ladder, certification types, and the schools and fields that synthetic degrees come from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ladder.orgs.models import Network
from ladder.people.models import CertificationType, EducationLevel, JobClass, Ladder, LadderStep

DEMO_PASSWORD = "ladder-demo"


@dataclass(frozen=True)
class JobClassSpec:
    code: str
    name: str
    min_education: EducationLevel
    is_professional: bool = False
    is_management: bool = False
    requires_accredited: bool = False
    min_years_experience: Decimal = Decimal("0")
    description: str = ""


# The ladder of DESIGN.md, bottom to top: with a bachelor's an assistant can become
# Librarian I, with the accredited MLS Librarian II.
TEMPLATE_JOB_CLASSES: tuple[JobClassSpec, ...] = (
    JobClassSpec(
        "page",
        "Page",
        EducationLevel.NONE,
        description="Shelves and retrieves materials; often a first library job.",
    ),
    JobClassSpec(
        "library-assistant",
        "Library Assistant",
        EducationLevel.SECONDARY,
        description="Circulation, holds, interlibrary loan and first-line patron help.",
    ),
    JobClassSpec(
        "library-technician",
        "Library Technician",
        EducationLevel.ASSOCIATE,
        description="Cataloguing, systems, acquisitions or technology support.",
    ),
    JobClassSpec(
        "librarian-i",
        "Librarian I",
        EducationLevel.BACHELOR,
        is_professional=True,
        description="Reference, programming and collection work; a bachelor's degree.",
    ),
    JobClassSpec(
        "librarian-ii",
        "Librarian II",
        EducationLevel.MLS,
        is_professional=True,
        requires_accredited=True,
        description="A professional librarian with an ALA-accredited MLS/MLIS.",
    ),
    JobClassSpec(
        "branch-manager",
        "Branch Manager",
        EducationLevel.MLS,
        is_professional=True,
        is_management=True,
        requires_accredited=True,
        min_years_experience=Decimal("3"),
        description="Runs a branch: staff, schedule, collection and community.",
    ),
    JobClassSpec(
        "director",
        "Director",
        EducationLevel.MLS,
        is_professional=True,
        is_management=True,
        requires_accredited=True,
        min_years_experience=Decimal("5"),
        description="Leads the library: budget, board, staff and strategy.",
    ),
)

LADDER_NAME = "Career ladder"

LSSC = "Library Support Staff Certification (LSSC)"
CPLA = "Certified Public Library Administrator (CPLA)"
CERTIFICATION_TYPES: dict[str, tuple[str, str]] = {
    LSSC: (
        "American Library Association",
        "For library support staff; valid four years, renewed with continuing education.",
    ),
    CPLA: (
        "ALA-Allied Professional Association",
        "Post-MLS certification in public library administration.",
    ),
}

# Schools with an ALA-accredited MLS/MLIS programme (near Ohio, or online).
MLS_SCHOOLS: tuple[str, ...] = (
    "Kent State University",
    "University of Kentucky",
    "Indiana University",
    "University of Pittsburgh",
    "University of Michigan",
    "Wayne State University",
    "University of Illinois Urbana-Champaign",
    "Drexel University",
    "Syracuse University",
    "University of South Carolina",
    "San José State University",
    "University of Wisconsin-Madison",
)
COLLEGES: tuple[str, ...] = (
    "Ohio State University",
    "Ohio University",
    "Bowling Green State University",
    "Miami University",
    "University of Toledo",
    "University of Akron",
    "Wright State University",
    "Cleveland State University",
    "Youngstown State University",
    "Shawnee State University",
    "Kenyon College",
    "Denison University",
    "Wittenberg University",
    "Otterbein University",
)
COMMUNITY_COLLEGES: tuple[str, ...] = (
    "Columbus State Community College",
    "Sinclair Community College",
    "Cuyahoga Community College",
    "Lorain County Community College",
    "Owens Community College",
    "Hocking College",
    "Stark State College",
)
BACHELOR_FIELDS: tuple[str, ...] = (
    "English",
    "History",
    "Education",
    "Communication",
    "Psychology",
    "Film Studies",
    "Sociology",
    "Political Science",
    "Biology",
    "Art History",
    "Music",
    "Computer Science",
)
ASSOCIATE_FIELDS: tuple[str, ...] = (
    "Library and Information Technology",
    "Information Technology",
    "Computer Information Systems",
    "Liberal Arts",
)


def certification_types() -> dict[str, CertificationType]:
    """The shared certification types, created once (their names are unique site-wide)."""
    found: dict[str, CertificationType] = {}
    for name, (issuer, description) in CERTIFICATION_TYPES.items():
        found[name], _ = CertificationType.objects.update_or_create(
            name=name, defaults={"issuer": issuer, "description": description}
        )
    return found


def network_template(network: Network) -> tuple[dict[str, JobClass], Ladder]:
    """The network's template job classes (by code) and its template ladder, upserted."""
    classes: dict[str, JobClass] = {}
    for spec in TEMPLATE_JOB_CLASSES:
        classes[spec.code], _ = JobClass.objects.update_or_create(
            network=network,
            library=None,
            code=spec.code,
            defaults={
                "name": spec.name,
                "min_education": spec.min_education,
                "is_professional": spec.is_professional,
                "is_management": spec.is_management,
                "requires_accredited": spec.requires_accredited,
                "min_years_experience": spec.min_years_experience,
                "description": spec.description,
            },
        )
    ladder, _ = Ladder.objects.update_or_create(
        network=network,
        library=None,
        name=LADDER_NAME,
        defaults={"description": "The network's template: adopt it as is, or copy and change it."},
    )
    set_steps(ladder, [classes[spec.code] for spec in TEMPLATE_JOB_CLASSES])
    return classes, ladder


def set_steps(ladder: Ladder, job_classes: list[JobClass]) -> None:
    ladder.steps.all().delete()
    LadderStep.objects.bulk_create(
        LadderStep(ladder=ladder, job_class=job_class, position=position)
        for position, job_class in enumerate(job_classes, start=1)
    )
