"""The skills part of the demo network: the default framework, required levels, ratings with
an evidence log, hats and interests. Written through the services, so ratings follow the
log's rules and every change has its audit entry.

The stories:
- Marcus Bell (Maple County, Riverbend) knows technology best and teaches it (a mentor).
- The Riverbend crew rated themselves, then Denise Okafor confirmed or adjusted; Hannah
  Kowalski was coached on searching the catalogue.
- Claire Donnelly (Main Library, a BA in film studies) aims for Librarian II, is interested in
  library school and wants full-time work.
- Megan Fischer (Brookfield College) wears the interlibrary loan and reserves hats, supervises
  the student workers and backs up the reference desk and the systems hat.
- Maple County's hat board has a hat nobody backs up: holds and delivery at Riverbend.

Safe to run again: evidence entries carry a `demo:` source reference and are recorded once;
hats, requirements and assignments are looked up before they are created.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ladder.demo.names import email_local_part
from ladder.demo.seeding import years_ago
from ladder.orgs.models import Branch, Library
from ladder.people.models import Employment, JobClass, Person
from ladder.skills.framework_install import install_default_framework
from ladder.skills.hats import hat_assign, hat_create, hat_requirement_set
from ladder.skills.interests import interest_update
from ladder.skills.jobclass_requirements import jobclass_requirements_set
from ladder.skills.models import Competency, Evidence, Framework, Hat, HatAssignment
from ladder.skills.ratings import evidence_record

MAPLE = "maplecountylibrary.example"
BROOKFIELD = "brookfieldcollege.example"
PINE_HOLLOW = "pinehollowlibrary.example"
MILLBROOK = "millbrooklibrary.example"
COORDINATOR = "lorraine.baxter@ovla.example"
WEARER = HatAssignment.Role.WEARER
BACKUP = HatAssignment.Role.BACKUP

# What the network's template job classes require (competency code -> level).
REQUIRED: dict[str, dict[str, int]] = {
    "page": {"circ-shelving": 2, "circ-handling": 1, "foundations-service": 1},
    "library-assistant": {
        "circ-desk": 2,
        "ils-circulation": 2,
        "tech-patron-help": 2,
        "foundations-privacy": 2,
        "ra-conversation": 1,
    },
    "library-technician": {"ils-circulation": 3, "tech-troubleshooting": 3, "eres-access": 2},
    "librarian-i": {"ref-interview": 3, "ref-searching": 3, "coll-selection": 2},
    "librarian-ii": {
        "ref-interview": 3,
        "ref-searching": 3,
        "coll-selection": 3,
        "ref-instruction": 3,
        "prog-planning": 2,
    },
}


@dataclass(frozen=True)
class Rated:
    """One person's evidence in one competency: self-assessment, then what followed."""

    code: str
    own: int | None
    confirmed: int | None = None
    trained: int | None = None
    training: str = ""


def _e(domain: str, first: str, last: str) -> str:
    """A demo person's e-mail address, as the demo's crews make them."""
    return f"{email_local_part(first, last)}@{domain}"


# (person, their supervisor, entries). The supervisor is the one on their current job.
RATINGS: list[tuple[str, str, list[Rated]]] = [
    (
        _e(MAPLE, "marcus", "bell"),
        _e(MAPLE, "denise", "okafor"),
        [
            Rated("tech-troubleshooting", 4, 4),
            Rated("tech-patron-help", 4, 4),
            Rated("tech-devices", 4, 4),
            Rated("ils-circulation", 3, 4),
            Rated("ils-administration", 3, 3, 4, "ILS vendor's administrator course"),
            Rated("eres-ebooks", 4, 4),
            Rated("eres-ereaders", 4, 4),
            Rated("sup-training", 3, 3),
        ],
    ),
    (
        _e(MAPLE, "rosa", "delgado"),
        _e(MAPLE, "denise", "okafor"),
        [
            Rated("circ-desk", 3, 3),
            Rated("ils-circulation", 3, 3),
            Rated("tech-patron-help", 2, 2),
            Rated("ra-conversation", 2, 3),
            Rated("youth-storytime", 1, None, 2, "Network workshop: story time for beginners"),
        ],
    ),
    (
        _e(MAPLE, "tyler", "nguyen"),
        _e(MAPLE, "denise", "okafor"),
        [
            Rated("circ-desk", 3, 2),
            Rated("ils-circulation", 2, 3),
            Rated("circ-handling", 3, 3),
            Rated("foundations-privacy", 2, 2),
        ],
    ),
    (
        _e(MAPLE, "hannah", "kowalski"),
        _e(MAPLE, "denise", "okafor"),
        [Rated("circ-shelving", 2, 2), Rated("ils-searching", 1)],
    ),
    (
        _e(MAPLE, "ellen", "marsh"),
        _e(MAPLE, "denise", "okafor"),
        [
            Rated("youth-storytime", 4, 4),
            Rated("youth-early-literacy", 3, 3),
            Rated("ref-interview", 3, 3),
        ],
    ),
    (
        _e(MAPLE, "claire", "donnelly"),
        _e(MAPLE, "harold", "jennings"),
        [
            Rated("circ-desk", 3, 3),
            Rated("ill-borrowing", 3, 3),
            Rated("ill-lending", 3, 2),
            Rated("ref-interview", 2, 2),
            Rated("coll-selection", 1),
        ],
    ),
    (
        _e(BROOKFIELD, "megan", "fischer"),
        _e(BROOKFIELD, "elaine", "porter"),
        [
            Rated("ill-borrowing", 4, 4),
            Rated("ill-lending", 4, 4),
            Rated("ill-systems", 3, 3),
            Rated("reserves-print", 4, 4),
            Rated("reserves-electronic", 3, 3),
            Rated(
                "copyright-basics", 2, 3, 3, "State association workshop: copyright for reserves"
            ),
            Rated("sup-student-workers", 3, 3),
            Rated("ref-interview", 2, 2),
        ],
    ),
    (
        _e(PINE_HOLLOW, "kayla", "brewer"),
        _e(PINE_HOLLOW, "ruth ann", "caldwell"),
        [Rated("ref-interview", 2, 3), Rated("ref-searching", 3, 3), Rated("coll-weeding", 2)],
    ),
    (
        _e(MILLBROOK, "beth", "sorensen"),
        _e(MILLBROOK, "frank", "delaney"),
        [Rated("circ-desk", 4, 4), Rated("sup-scheduling", 3, 3), Rated("sup-volunteers", 2, 2)],
    ),
]

# Coaching recorded by the supervisor: (person, supervisor, competency, level, note).
COACHING = [
    (
        _e(MAPLE, "hannah", "kowalski"),
        _e(MAPLE, "denise", "okafor"),
        "ils-searching",
        2,
        "One-on-one with Marcus Bell: searching the catalogue for a patron's book.",
    ),
]

# Marcus teaches these (which keeps him a mentor).
MARCUS_TEACHES = [
    "tech-devices",
    "tech-patron-help",
    "tech-troubleshooting",
    "ils-circulation",
    "ils-searching",
    "eres-ebooks",
    "eres-ereaders",
]


@dataclass(frozen=True)
class HatSpec:
    name: str
    hours: str
    description: str
    branch: str | None
    requires: dict[str, int]
    wearers: list[str]
    backups: list[str]


MAPLE_HATS = [
    HatSpec(
        "Technology help desk",
        "10",
        "Patrons' questions about devices, printing, Wi-Fi and the public computers.",
        "Riverbend Branch",
        {"tech-patron-help": 3, "tech-troubleshooting": 3},
        [_e(MAPLE, "marcus", "bell")],
        [_e(MAPLE, "rosa", "delgado")],
    ),
    HatSpec(
        "ILS support",
        "6",
        "First line for staff questions about the ILS; reports problems to the vendor.",
        None,
        {"ils-administration": 3, "ils-circulation": 3},
        [_e(MAPLE, "marcus", "bell")],
        [_e(MAPLE, "tyler", "nguyen")],
    ),
    HatSpec(
        "Story time",
        "4",
        "Weekly story times for toddlers and preschoolers.",
        "Riverbend Branch",
        {"youth-storytime": 3, "youth-early-literacy": 2},
        [_e(MAPLE, "ellen", "marsh")],
        [_e(MAPLE, "rosa", "delgado")],
    ),
    HatSpec(
        "Holds and delivery",
        "6",
        "Pulls holds each morning and packs the delivery to the other branches.",
        "Riverbend Branch",
        {"ils-circulation": 2, "circ-handling": 2},
        [_e(MAPLE, "tyler", "nguyen")],
        [],  # nobody backs it up: the board shows the gap
    ),
    HatSpec(
        "Interlibrary loan",
        "8",
        "Borrowing for the system's patrons and lending to other libraries.",
        "Main Library",
        {"ill-borrowing": 2, "ill-lending": 2},
        [_e(MAPLE, "claire", "donnelly")],
        [_e(MAPLE, "monique", "carter")],
    ),
]

BROOKFIELD_HATS = [
    HatSpec(
        "Interlibrary loan",
        "12",
        "Borrowing and lending for students and faculty through the state's network.",
        None,
        {"ill-borrowing": 3, "ill-lending": 3, "ill-systems": 2},
        [_e(BROOKFIELD, "megan", "fischer")],
        [_e(BROOKFIELD, "grace", "liu")],
    ),
    HatSpec(
        "Course reserves",
        "10",
        "Print and electronic reserves for each term's courses, within copyright.",
        None,
        {"reserves-print": 3, "reserves-electronic": 2, "copyright-basics": 2},
        [_e(BROOKFIELD, "megan", "fischer")],
        [_e(BROOKFIELD, "samuel", "ortiz")],
    ),
    HatSpec(
        "Supervising student workers",
        "5",
        "Schedules, trains and checks on the student assistants at the circulation desk.",
        None,
        {"sup-student-workers": 2},
        [_e(BROOKFIELD, "megan", "fischer")],
        [_e(BROOKFIELD, "elaine", "porter")],
    ),
    HatSpec(
        "Reference desk",
        "12",
        "Research help in person and by chat.",
        None,
        {"ref-interview": 3},
        [_e(BROOKFIELD, "samuel", "ortiz")],
        [_e(BROOKFIELD, "megan", "fischer")],
    ),
    HatSpec(
        "Systems and ILS",
        "8",
        "The ILS, the discovery layer and the proxy for e-resources.",
        None,
        {"ils-administration": 3},
        [_e(BROOKFIELD, "grace", "liu")],
        [_e(BROOKFIELD, "megan", "fischer")],
    ),
]


class _Demo:
    """The framework's competencies by code and the demo's people by e-mail, fetched once."""

    def __init__(self, framework: Framework) -> None:
        self.competencies = {c.code: c for c in Competency.objects.filter(framework=framework)}
        self.people: dict[str, Person] = {}

    def person(self, email: str) -> Person:
        if email not in self.people:
            self.people[email] = Person.objects.get(email=email)
        return self.people[email]

    def record(
        self, person: Person, by: Person, code: str, kind: str, level: int, note: str
    ) -> None:
        # The log is append-only: an entry seeded before is found again by its reference.
        ref = f"demo:{code}:{kind}"
        if Evidence.objects.filter(person=person, source_ref=ref).exists():
            return
        evidence_record(
            by=by,
            person=person,
            competency=self.competencies[code],
            kind=kind,
            level=level,
            note=note,
            source_ref=ref,
        )


def seed_skills(classes: dict[str, JobClass]) -> Framework:
    """Seed (or bring up to date) the skills part of the demo network."""
    framework = install_default_framework()
    demo = _Demo(framework)
    _requirements(demo, classes)
    _ratings(demo)
    _hats(demo, "maple-county", MAPLE_HATS, _e(MAPLE, "patricia", "lindqvist"))
    _hats(demo, "brookfield-college", BROOKFIELD_HATS, _e(BROOKFIELD, "elaine", "porter"))
    _interests(demo, classes)
    return framework


def _requirements(demo: _Demo, classes: dict[str, JobClass]) -> None:
    coordinator = demo.person(COORDINATOR)
    for code, levels in REQUIRED.items():
        jobclass_requirements_set(
            by=coordinator,
            job_class=classes[code],
            levels={demo.competencies[c]: level for c, level in levels.items()},
        )


def _ratings(demo: _Demo) -> None:
    for email, boss_email, entries in RATINGS:
        person, boss = demo.person(email), demo.person(boss_email)
        # In the order a review runs: everyone rates themselves, then the supervisor confirms
        # or adjusts; training recorded since then raises what it reached.
        for entry in entries:
            if entry.own is not None:
                demo.record(person, person, entry.code, "self", entry.own, "")
        for entry in entries:
            if entry.confirmed is not None:
                note = (
                    "Confirmed at the annual review."
                    if entry.confirmed == entry.own
                    else "Adjusted at the annual review."
                )
                demo.record(person, boss, entry.code, "supervisor", entry.confirmed, note)
        for entry in entries:
            if entry.trained is not None:
                demo.record(person, boss, entry.code, "training", entry.trained, entry.training)
    for email, boss_email, code, level, note in COACHING:
        demo.record(demo.person(email), demo.person(boss_email), code, "coaching", level, note)


def _job(person: Person, library: Library) -> Employment:
    return Employment.objects.current().filter(person=person, library=library).get()


def _hats(demo: _Demo, library_slug: str, specs: list[HatSpec], admin_email: str) -> None:
    library = Library.objects.get(slug=library_slug)
    admin = demo.person(admin_email)
    start = years_ago(1, 9, 1)
    for spec in specs:
        branch = Branch.objects.get(library=library, name=spec.branch) if spec.branch else None
        hat = Hat.objects.filter(library=library, branch=branch, name=spec.name).first()
        if hat is None:
            hat = hat_create(
                by=admin,
                library=library,
                name=spec.name,
                weekly_hours=Decimal(spec.hours),
                branch=branch,
                description=spec.description,
            )
        for code, level in spec.requires.items():
            hat_requirement_set(by=admin, hat=hat, competency=demo.competencies[code], level=level)
        roles = ((WEARER, spec.wearers), (BACKUP, spec.backups))
        for role, emails in roles:
            for email in emails:
                job = _job(demo.person(email), library)
                if not HatAssignment.objects.filter(hat=hat, employment=job).exists():
                    hat_assign(
                        by=admin,
                        hat=hat,
                        employment=job,
                        role=role,
                        start_date=max(start, job.start_date),
                    )


def _interests(demo: _Demo, classes: dict[str, JobClass]) -> None:
    marcus = demo.person(_e(MAPLE, "marcus", "bell"))
    interest_update(
        by=marcus,
        person=marcus,
        teach=[demo.competencies[code] for code in MARCUS_TEACHES],
        learn=[demo.competencies["ils-administration"]],
        topics="Library systems administration; teaching technology to adults.",
    )
    claire = demo.person(_e(MAPLE, "claire", "donnelly"))
    interest_update(
        by=claire,
        person=claire,
        target_job_classes=[classes["librarian-ii"]],
        library_school=True,
        wants_full_time=True,
        learn=[demo.competencies[code] for code in ("ref-interview", "coll-selection")],
        topics="Film and media collections; reference work; an online MLS.",
    )
    megan = demo.person(_e(BROOKFIELD, "megan", "fischer"))
    interest_update(
        by=megan,
        person=megan,
        wants_management=True,
        learn=[demo.competencies["sup-performance"]],
        teach=[demo.competencies[code] for code in ("ill-borrowing", "ill-lending")],
        topics="Copyright for course reserves; the state association's conference.",
    )
    hannah = demo.person(_e(MAPLE, "hannah", "kowalski"))
    interest_update(
        by=hannah,
        person=hannah,
        learn=[demo.competencies["ils-searching"]],
        topics="How to search the catalogue for books myself.",
    )
