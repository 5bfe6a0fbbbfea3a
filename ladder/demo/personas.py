"""The demo network of DESIGN.md: the Ohio Valley Library Association and its people.

Every persona's employments and credentials make their story true:
- Maple County District Library (a large public system): the Riverbend branch crew — Marcus
  Bell, the tech person who teaches everyone (a mentor); Rosa Delgado and Tyler Nguyen, pages
  who grew into library assistants; Denise Okafor, their branch manager. At the Main Library,
  Claire Donnelly: a library assistant with a BA in film studies who wants to become a librarian.
- Brookfield College Library (small academic): three librarians and Megan Fischer, the one
  full-time assistant, who runs interlibrary loan and reserves and goes to the state conference.
- Pine Hollow Public Library (rural) with a state-sponsored grow-your-own programme: Jolene
  Harper and Travis Mullins went from library assistant to Librarian II with the MLS; Kayla
  Brewer is enrolled.
- Millbrook Township Library: 10 of its 12 staff are non-professional, all but one part-time.
- Colin Baptiste holds two part-time jobs, at Maple County and at Millbrook.
- Harmon Law Library, a former member whose membership ended.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ladder.demo.careers import seed_careers
from ladder.demo.careers_eligibility import seed_careers_eligibility
from ladder.demo.catalogue import (
    DEMO_PASSWORD,
    LSSC,
    certification_types,
    network_template,
    set_steps,
)
from ladder.demo.certifications import seed_certifications
from ladder.demo.history import seed_history
from ladder.demo.learning import seed_learning
from ladder.demo.maple_county import seed_maple_county
from ladder.demo.network_services import seed_network_services
from ladder.demo.openings import seed_openings
from ladder.demo.seeding import Seeder
from ladder.demo.shared_learning import seed_shared_learning
from ladder.demo.skills import seed_skills
from ladder.demo.tuition import seed_tuition
from ladder.orgs.models import Branch, Library, Network, Role
from ladder.people.models import CertificationType, EducationLevel, JobClass, Ladder, Person

NETWORK_SLUG = "ohio-valley"
BACHELOR = EducationLevel.BACHELOR
ASSOCIATE = EducationLevel.ASSOCIATE
ADMIN = Role.Kind.LIBRARY_ADMIN
CENTRAL = Branch.Kind.CENTRAL
BOOKMOBILE = Branch.Kind.BOOKMOBILE
LOGIN_ORDER = [
    "site admin",
    "network coordinator",
    "library admin",
    "supervisor",
    "staff",
    "mentor",
    "tuition sponsor",
]
TUITION_SPONSOR = "marcia.feld@library.ohio.example"  # the State Library (ladder.demo.tuition)


@dataclass
class DemoNetwork:
    network: Network
    logins: list[tuple[str, Person]]


def seed_demo() -> DemoNetwork:
    """Seed (or bring up to date) the demo network. Safe to run again: upserts by natural keys."""
    s = Seeder(password_hash=make_password(DEMO_PASSWORD))
    with transaction.atomic():
        network = _network(s)
        classes, template = network_template(network)
        certs = certification_types()
        seed_maple_county(s, network, classes, template, certs)
        _brookfield(s, network, classes, template)
        _pine_hollow(s, network, classes, template)
        _millbrook(s, network, classes, template, certs)
        _harmon(s, network, classes, template)
        seed_skills(classes)
        seed_learning()
        seed_careers_eligibility()
        seed_shared_learning()
        seed_network_services()
        seed_certifications()
        seed_careers()
        seed_tuition()
        # History before the openings: its people get their pay like everyone else.
        seed_history()
        seed_openings()
    sponsor = Person.objects.filter(email=TUITION_SPONSOR).first()
    if sponsor is not None:
        s.logins.append(("tuition sponsor", sponsor))
    logins = sorted(s.logins, key=lambda pair: LOGIN_ORDER.index(pair[0]))
    return DemoNetwork(network=network, logins=logins)


def _network(s: Seeder) -> Network:
    network = s.network(
        NETWORK_SLUG,
        name="Ohio Valley Library Association",
        state="OH",
        description=(
            "A state library association: workshops repeated in every region, monthly webinars, "
            "roundtables, a shared e-learning licence and a temp agency for its members."
        ),
        website="https://ovla.example",
    )
    for name in ("Central Ohio", "Hocking Hills", "Miami Valley", "Western Reserve"):
        s.region(network, name)
    s.person(
        "dana.whitaker@ladder.example",
        "Dana",
        "Whitaker",
        is_superuser=True,
        is_staff=True,
        login_as="site admin",
    )
    coordinator = s.person(
        "lorraine.baxter@ovla.example",
        "Lorraine",
        "Baxter",
        bio="Continuing-education coordinator: workshops, webinars and roundtables.",
        login_as="network coordinator",
    )
    s.role(coordinator, Role.Kind.NETWORK_COORDINATOR, network=network)
    return network


def _brookfield(s: Seeder, network: Network, jc: dict[str, JobClass], template: Ladder) -> None:
    lib = s.library(
        network,
        "brookfield-college",
        region="Central Ohio",
        joined=(14, 1, 1),
        fee="600",
        name="Brookfield College Library",
        kind=Library.Kind.ACADEMIC,
        city="Brookfield",
        county="Clearwater",
        state="OH",
        website="https://library.brookfieldcollege.example",
        locale="31",
    )
    hale = s.branch(
        lib,
        "Hale Library",
        "200 College Green",
        "Brookfield",
        "43023",
        ("40.069410", "-82.520350"),
        hours="84",
        sqft=31_000,
        kind=CENTRAL,
    )
    # An academic library runs its own ladder: student assistants instead of pages, no branches.
    student, _ = JobClass.objects.update_or_create(
        network=None,
        library=lib,
        code="student-assistant",
        defaults={
            "name": "Student Assistant",
            "min_education": EducationLevel.SECONDARY,
            "description": "Enrolled students working at the circulation desk and in the stacks.",
        },
    )
    own, _ = Ladder.objects.update_or_create(
        network=None,
        library=lib,
        name="Brookfield College Library ladder",
        defaults={"copied_from": template, "description": "Copied from the network template."},
    )
    steps = ["library-assistant", "librarian-i", "librarian-ii", "director"]
    set_steps(own, [student, *(jc[code] for code in steps)])
    Library.objects.filter(pk=lib.pk).update(ladder=own)
    c = s.crew(lib, "brookfieldcollege.example", jc)

    elaine = c.person("Elaine", "Porter")
    s.mls(elaine, "Simmons University", awarded=(20, 5, 1))
    s.experience(
        elaine,
        "Lakeland State University Library",
        "Reference Librarian",
        (19, 8, 1),
        (11, 6, 30),
        "40",
    )
    c.job(elaine, "director", "40", (11, 7, 1), at=hale, title="Director of the Library")
    s.role(elaine, ADMIN, library=lib)

    samuel = c.person("Samuel", "Ortiz")
    s.mls(samuel, "University of Pittsburgh", awarded=(9, 4, 30))
    c.job(
        samuel,
        "librarian-ii",
        "40",
        (8, 8, 15),
        at=hale,
        boss=elaine,
        title="Reference and Instruction Librarian",
    )

    grace = c.person("Grace", "Liu")
    s.mls(grace, "University of Illinois Urbana-Champaign", awarded=(7, 5, 15))
    c.job(
        grace,
        "librarian-ii",
        "40",
        (6, 1, 5),
        at=hale,
        boss=elaine,
        title="Technical Services and Systems Librarian",
    )

    megan = c.person(
        "Megan",
        "Fischer",
        bio=(
            "Runs interlibrary loan and course reserves and supervises our student workers. "
            "Member of the state library association; goes to its annual conference with the "
            "librarians and to area workshops on interlibrary loan and copyright. Covers the "
            "reference desk."
        ),
    )
    s.degree(megan, BACHELOR, "English", "Brookfield College", awarded=(6, 5, 15))
    s.experience(
        megan,
        "Brookfield College Library",
        "Student worker, circulation",
        (10, 8, 25),
        (6, 5, 10),
        "10",
    )
    c.job(
        megan,
        "library-assistant",
        "40",
        (6, 7, 1),
        at=hale,
        boss=elaine,
        title="Library Assistant, Interlibrary Loan and Reserves",
    )

    for first, last in (("Jordan", "Pike"), ("Aaliyah", "Brooks")):
        worker = c.person(first, last)
        s.diploma(worker, "Brookfield High School", (2, 6, 1))
        c.job(worker, student, "10", (1, 8, 28), at=hale, boss=megan, title="Student worker")


def _pine_hollow(s: Seeder, network: Network, jc: dict[str, JobClass], template: Ladder) -> None:
    lib = s.library(
        network,
        "pine-hollow",
        region="Hocking Hills",
        joined=(18, 1, 1),
        fee="350",
        name="Pine Hollow Public Library",
        city="Pine Hollow",
        county="Hollis",
        state="OH",
        population_served=13_400,
        locale="42",
        website="https://pinehollowlibrary.example",
        ladder=template,
    )
    main = s.branch(
        lib,
        "Pine Hollow Library",
        "12 Depot Street",
        "Pine Hollow",
        "45651",
        ("39.248870", "-82.478510"),
        hours="50",
        sqft=7_200,
        kind=CENTRAL,
    )
    cedar_fork = s.branch(
        lib,
        "Cedar Fork Branch",
        "3 Schoolhouse Lane",
        "Cedar Fork",
        "45634",
        ("39.180410", "-82.391220"),
        hours="24",
        sqft=1_900,
    )
    bookmobile = s.branch(
        lib,
        "Bookmobile",
        "12 Depot Street",
        "Pine Hollow",
        "45651",
        None,
        hours="20",
        kind=BOOKMOBILE,
    )
    c = s.crew(lib, "pinehollowlibrary.example", jc)

    ruth = c.person(
        "Ruth Ann",
        "Caldwell",
        bio=(
            "Director. We rarely attract librarians to a rural library, so we grow our own: "
            "with the State Library's grant we reimburse assistants' library-school tuition. "
            "A bachelor's earns Librarian I, the MLS Librarian II. Two graduates so far, a "
            "third on the way."
        ),
    )
    s.mls(ruth, "Kent State University", awarded=(24, 5, 1))
    s.experience(
        ruth, "Hocking Valley Public Library", "Children's Librarian", (23, 8, 1), (16, 3, 15), "40"
    )
    c.job(ruth, "director", "40", (16, 4, 1), at=main)
    s.role(ruth, ADMIN, library=lib)

    # The two grow-your-own graduates: assistant, the MLS (tuition reimbursed), Librarian II.
    jolene = c.person(
        "Jolene",
        "Harper",
        bio="Grow-your-own graduate: from library assistant to Librarian II with the MLS.",
    )
    s.degree(jolene, BACHELOR, "History", "Ohio University", awarded=(13, 6, 1))
    s.experience(
        jolene, "Cedar Fork Elementary School", "Library Aide", (14, 8, 20), (11, 6, 5), "25"
    )
    c.job(jolene, "library-assistant", "40", (11, 9, 1), until=(4, 6, 30), at=main, boss=ruth)
    s.mls(jolene, "Kent State University", started=(7, 8, 25), awarded=(4, 5, 15))
    c.job(
        jolene,
        "librarian-ii",
        "40",
        (4, 7, 1),
        at=main,
        boss=ruth,
        title="Adult Services Librarian",
    )

    travis = c.person(
        "Travis",
        "Mullins",
        bio="Grow-your-own graduate: from library assistant to Cedar Fork's librarian.",
    )
    s.degree(travis, BACHELOR, "English", "Shawnee State University", awarded=(10, 5, 10))
    c.job(travis, "library-assistant", "40", (9, 3, 1), until=(2, 7, 31), at=main, boss=ruth)
    s.mls(travis, "University of Kentucky", started=(5, 8, 20), awarded=(2, 5, 10))
    c.job(
        travis,
        "librarian-ii",
        "40",
        (2, 8, 1),
        at=cedar_fork,
        boss=ruth,
        title="Cedar Fork Branch Librarian",
    )

    kayla = c.person(
        "Kayla",
        "Brewer",
        bio="Enrolled in the grow-your-own programme: working toward the MLS online.",
    )
    s.degree(kayla, BACHELOR, "Psychology", "Ohio University", awarded=(7, 5, 1))
    s.mls(kayla, "Kent State University", started=(1, 8, 25))
    c.job(kayla, "library-assistant", "40", (5, 6, 1), at=main, boss=ruth)

    earl = c.person("Earl", "Pruitt")
    s.diploma(earl, "Hollis County High School", (30, 6, 1))
    c.job(earl, "library-assistant", "20", (9, 5, 1), at=bookmobile, boss=ruth)

    wanda = c.person("Wanda", "Stiles")
    c.job(wanda, "page", "12", (2, 6, 1), at=main, boss=ruth)

    betty = c.person("Betty", "Morrow")
    s.diploma(betty, "Hollis County High School", (35, 6, 1))
    c.job(betty, "library-assistant", "24", (13, 2, 1), at=cedar_fork, boss=travis)


def _millbrook(
    s: Seeder,
    network: Network,
    jc: dict[str, JobClass],
    template: Ladder,
    certs: dict[str, CertificationType],
) -> None:
    """Staffed mostly by part-time non-professionals: 10 of 12, all but one part-time."""
    lib = s.library(
        network,
        "millbrook-township",
        region="Western Reserve",
        joined=(9, 1, 1),
        fee="250",
        name="Millbrook Township Library",
        city="Millbrook",
        county="Ashby",
        state="OH",
        population_served=9_800,
        locale="41",
        website="https://millbrooklibrary.example",
        ladder=template,
    )
    here = s.branch(
        lib,
        "Millbrook Township Library",
        "40 Township Road",
        "Millbrook",
        "44062",
        ("41.456220", "-81.147830"),
        hours="56",
        sqft=8_600,
        kind=CENTRAL,
    )
    c = s.crew(lib, "millbrooklibrary.example", jc)

    frank = c.person("Frank", "Delaney")
    s.mls(frank, "Kent State University", awarded=(18, 5, 1))
    s.experience(
        frank, "Lakewood Shores Public Library", "Librarian", (17, 9, 1), (10, 12, 31), "40"
    )
    c.job(frank, "director", "40", (9, 1, 5), at=here)
    s.role(frank, ADMIN, library=lib)

    laura = c.person("Laura", "Kim")
    s.mls(laura, "University of Michigan", awarded=(5, 4, 30))
    c.job(
        laura,
        "librarian-ii",
        "40",
        (4, 3, 1),
        at=here,
        boss=frank,
        title="Youth Services Librarian",
    )

    # The one full-time non-professional.
    beth = c.person("Beth", "Sorensen")
    s.diploma(beth, "Millbrook High School", (22, 6, 1))
    s.certification(beth, certs[LSSC], (2, 9, 1), (-2, 9, 1), "45")
    c.job(
        beth,
        "library-assistant",
        "40",
        (14, 6, 1),
        at=here,
        boss=frank,
        title="Circulation Supervisor",
    )

    # Nine part-time non-professionals, Colin (also at Maple County) among them.
    colin = c.person("Colin", "Baptiste")
    c.job(colin, "library-assistant", "18", (4, 5, 1), at=here, boss=beth)

    owen = c.person(
        "Owen",
        "Fairbanks",
        bio=(
            "Part-time assistant. Interested in professional development for career reasons; "
            "thinking about library school."
        ),
    )
    s.degree(owen, BACHELOR, "History", "Kent State University", awarded=(5, 5, 10))
    s.experience(
        owen,
        "Millbrook Books & Records",
        "Bookseller",
        (5, 6, 1),
        (3, 5, 1),
        "30",
        library_work=False,
    )
    c.job(owen, "library-assistant", "20", (3, 5, 15), at=here, boss=beth)

    marisol = c.person("Marisol", "Vega", bio="Part-time assistant considering an MLS.")
    s.degree(
        marisol, ASSOCIATE, "Liberal Arts", "Lorain County Community College", awarded=(7, 5, 1)
    )
    c.job(marisol, "library-assistant", "24", (6, 10, 1), at=here, boss=beth)

    nathan = c.person("Nathan", "Greer")
    s.degree(
        nathan, ASSOCIATE, "Information Technology", "Cuyahoga Community College", awarded=(6, 5, 1)
    )
    c.job(nathan, "library-technician", "25", (5, 9, 1), at=here, boss=frank)

    for first, last, job, hours, since in (
        ("Gail", "Hutchins", "library-assistant", "16", 10),
        ("Dolores", "Rinaldi", "library-assistant", "20", 15),
        ("Joyce", "Albright", "library-assistant", "12", 8),
        ("Pete", "Lawson", "page", "10", 2),
        ("Ivy", "Chen", "page", "8", 1),
    ):
        person = c.person(first, last)
        if job != "page":
            s.diploma(person, "Millbrook High School", (since + 5, 6, 1))
        c.job(person, job, hours, (since, 6, 1), at=here, boss=beth)


def _harmon(s: Seeder, network: Network, jc: dict[str, JobClass], template: Ladder) -> None:
    """A former member: a special library whose membership ended."""
    lib = s.library(
        network,
        "harmon-law",
        region="Central Ohio",
        joined=(12, 1, 1),
        left=(2, 12, 31),
        fee="300",
        name="Harmon Law Library",
        kind=Library.Kind.SPECIAL,
        city="Brookfield",
        locale="31",
        county="Clearwater",
        state="OH",
        ladder=template,
    )
    here = s.branch(
        lib,
        "Harmon Law Library",
        "9 Courthouse Square",
        "Brookfield",
        "43023",
        ("40.071100", "-82.515600"),
        hours="45",
        kind=CENTRAL,
    )
    c = s.crew(lib, "harmonlaw.example", jc)
    raymond = c.person("Raymond", "Osei")
    s.mls(raymond, "Drexel University", awarded=(11, 6, 1))
    c.job(raymond, "librarian-ii", "40", (10, 2, 1), at=here, title="Law Librarian")
    s.role(raymond, ADMIN, library=lib)
