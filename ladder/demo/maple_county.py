"""Maple County District Library: a large public system with four branches and a bookmobile.

The Riverbend branch crew is the heart of it: Marcus Bell, the tech person who teaches everyone
(pages included) and volunteers as a mentor; Rosa Delgado and Tyler Nguyen, pages who grew
into library assistants; Hannah Kowalski, a page who asked to learn the catalogue; and Denise
Okafor, their branch manager. At the Main Library works Claire Donnelly, a library assistant
with a BA in film studies who wants to become a librarian.
"""

from __future__ import annotations

from decimal import Decimal

from ladder.demo.catalogue import CPLA, LSSC
from ladder.demo.seeding import Seeder
from ladder.orgs.models import Branch, Network, Role
from ladder.people.models import CertificationType, EducationLevel, JobClass, Ladder

BACHELOR = EducationLevel.BACHELOR
ASSOCIATE = EducationLevel.ASSOCIATE
ADMIN = Role.Kind.LIBRARY_ADMIN
CENTRAL = Branch.Kind.CENTRAL
BOOKMOBILE = Branch.Kind.BOOKMOBILE


def seed_maple_county(
    s: Seeder,
    network: Network,
    jc: dict[str, JobClass],
    template: Ladder,
    certs: dict[str, CertificationType],
) -> None:
    lib = s.library(
        network,
        "maple-county",
        region="Miami Valley",
        joined=(20, 1, 1),
        fee="2400",
        name="Maple County District Library",
        city="Fairhaven",
        county="Maple",
        state="OH",
        population_served=168_000,
        locale="21",
        website="https://maplecountylibrary.example",
        ladder=template,
    )
    main = s.branch(
        lib,
        "Main Library",
        "1 Carnegie Square",
        "Fairhaven",
        "45402",
        ("39.758948", "-84.191607"),
        hours="64",
        sqft=98_000,
        kind=CENTRAL,
    )
    riverbend = s.branch(
        lib,
        "Riverbend Branch",
        "2210 River Road",
        "Fairhaven",
        "45405",
        ("39.787320", "-84.205410"),
        hours="58",
        sqft=24_500,
    )
    eastgate = s.branch(
        lib,
        "Eastgate Branch",
        "415 Eastgate Plaza",
        "Fairhaven",
        "45431",
        ("39.761650", "-84.078900"),
        hours="52",
        sqft=12_000,
    )
    northfield = s.branch(
        lib,
        "Northfield Branch",
        "88 Northfield Avenue",
        "Northfield",
        "45414",
        ("39.839510", "-84.211330"),
        hours="48",
        sqft=9_800,
    )
    bookmobile = s.branch(
        lib,
        "Bookmobile",
        "1 Carnegie Square",
        "Fairhaven",
        "45402",
        None,
        hours="30",
        kind=BOOKMOBILE,
    )
    # A class of the library's own, outside the ladder it adopted.
    hr, _ = JobClass.objects.update_or_create(
        network=None,
        library=lib,
        code="hr-training-manager",
        defaults={
            "name": "Human Resources and Training Manager",
            "is_management": True,
            "min_education": BACHELOR,
            "min_years_experience": Decimal("3"),
            "description": "Hiring, benefits and the staff training calendar.",
        },
    )
    c = s.crew(lib, "maplecountylibrary.example", jc)

    # Leadership and staff at the Main Library (the Carnegie downtown).
    gregory = c.person("Gregory", "Whitfield")
    s.mls(gregory, "Kent State University", awarded=(24, 5, 15))
    s.certification(gregory, certs[CPLA], (6, 4, 1), (-1, 4, 1), "100")
    s.experience(
        gregory, "Greene Valley Public Library", "Branch Manager", (18, 3, 1), (10, 6, 30), "40"
    )
    c.job(gregory, "director", "40", (10, 7, 1), at=main)
    s.role(gregory, ADMIN, library=lib)

    patricia = c.person("Patricia", "Lindqvist", login_as="library admin")
    s.degree(
        patricia,
        BACHELOR,
        "Human Resource Management",
        "Wright State University",
        awarded=(16, 5, 10),
    )
    s.experience(
        patricia,
        "Fairhaven City Schools",
        "Human Resources Generalist",
        (15, 8, 1),
        (8, 1, 15),
        "40",
        library_work=False,
    )
    c.job(patricia, hr, "40", (8, 2, 1), at=main, boss=gregory)
    s.role(patricia, ADMIN, library=lib)

    harold = c.person("Harold", "Jennings")
    s.mls(harold, "University of Kentucky", awarded=(15, 5, 1))
    c.job(
        harold,
        "librarian-ii",
        "40",
        (14, 9, 1),
        at=main,
        boss=gregory,
        title="Adult Services Librarian",
    )

    claire = c.person(
        "Claire",
        "Donnelly",
        pronouns="she/her",
        bio=(
            "Library assistant with a bachelor of arts in film studies and several years in "
            "academic libraries. I want to become a librarian and am looking for the road "
            "from assistant to a professional post."
        ),
        login_as="staff",
    )
    s.degree(claire, BACHELOR, "Film Studies", "Ohio University", awarded=(9, 6, 1))
    s.experience(
        claire,
        "Erie Shores Community College Library",
        "Circulation Assistant",
        (9, 8, 20),
        (7, 5, 31),
        "20",
    )
    s.experience(
        claire,
        "Lakeland State University Library",
        "Library Assistant, Interlibrary Loan",
        (7, 6, 1),
        (2, 1, 31),
        "40",
    )
    c.job(
        claire,
        "library-assistant",
        "37.5",
        (2, 3, 1),
        at=main,
        boss=harold,
        title="Library Assistant, Circulation",
    )

    monique = c.person("Monique", "Carter")
    s.diploma(monique, "Fairhaven High School", (9, 6, 1))
    c.job(monique, "library-assistant", "20", (5, 10, 1), at=main, boss=harold)

    li = c.person("Li", "Wei")
    s.degree(li, BACHELOR, "Education", "Bowling Green State University", awarded=(6, 5, 1))
    c.job(li, "librarian-i", "40", (5, 8, 15), at=main, boss=harold, title="Children's Librarian")

    rick = c.person("Rick", "Sandoval")
    s.diploma(rick, "Northfield High School", (20, 6, 1))
    c.job(
        rick,
        "library-assistant",
        "32",
        (7, 4, 1),
        at=bookmobile,
        boss=harold,
        title="Outreach Assistant",
    )

    # The Riverbend crew: a large branch and a tight-knit team that grows its own.
    denise = c.person("Denise", "Okafor", login_as="supervisor")
    s.mls(denise, "Kent State University", awarded=(14, 8, 1))
    c.job(
        denise,
        "librarian-ii",
        "40",
        (13, 9, 1),
        until=(7, 6, 30),
        at=main,
        boss=harold,
        title="Reference Librarian",
    )
    c.job(denise, "branch-manager", "40", (7, 7, 1), at=riverbend, boss=gregory)

    marcus = c.person(
        "Marcus",
        "Bell",
        is_mentor=True,
        bio=(
            "The branch's tech person. I teach everyone, pages included, about the ILS, "
            "eBooks and computers, and I'll sit down one-on-one with anyone who wants to "
            "learn anything."
        ),
        login_as="mentor",
    )
    s.degree(
        marcus,
        ASSOCIATE,
        "Computer Information Systems",
        "Sinclair Community College",
        awarded=(11, 5, 1),
    )
    s.certification(marcus, certs[LSSC], (3, 6, 1), (-1, 6, 1), "45")
    c.job(
        marcus,
        "library-technician",
        "40",
        (9, 4, 1),
        at=riverbend,
        boss=denise,
        title="Technology Specialist",
    )

    for first, last, school, page, assistant in (
        (
            "Rosa",
            "Delgado",
            "Fairhaven High School",
            ((7, 9, 1), (4, 6, 30), "15"),
            ((4, 7, 1), "30"),
        ),
        (
            "Tyler",
            "Nguyen",
            "Riverbend High School",
            ((6, 6, 15), (2, 8, 31), "12"),
            ((2, 9, 1), "24"),
        ),
    ):
        grown = c.person(
            first, last, bio="Started as a page at Riverbend; now a library assistant."
        )
        s.diploma(grown, school, (page[0][0], 6, 1))
        c.job(grown, "page", page[2], page[0], until=page[1], at=riverbend, boss=denise)
        c.job(grown, "library-assistant", assistant[1], assistant[0], at=riverbend, boss=denise)

    hannah = c.person(
        "Hannah",
        "Kowalski",
        bio="Page. Asked Marcus to show me how to search the catalogue for books myself.",
    )
    c.job(hannah, "page", "12", (1, 9, 1), at=riverbend, boss=denise)

    ellen = c.person("Ellen", "Marsh")
    s.degree(ellen, BACHELOR, "Education", "Miami University", awarded=(8, 5, 1))
    c.job(
        ellen,
        "librarian-i",
        "40",
        (6, 1, 15),
        at=riverbend,
        boss=denise,
        title="Youth Services Librarian",
    )

    jamal = c.person("Jamal", "Washington")
    s.diploma(jamal, "Fairhaven High School", (4, 6, 1))
    s.degree(jamal, ASSOCIATE, "Liberal Arts", "Sinclair Community College", started=(1, 8, 25))
    c.job(jamal, "library-assistant", "20", (3, 4, 1), at=riverbend, boss=denise)

    # Eastgate and Northfield.
    victor = c.person("Victor", "Alvarez")
    s.mls(victor, "Wayne State University", awarded=(12, 5, 1))
    s.experience(victor, "Sandusky Bay Public Library", "Librarian", (12, 7, 1), (5, 2, 15), "40")
    c.job(victor, "branch-manager", "40", (5, 3, 1), at=eastgate, boss=gregory)

    colin = s.person("colin.baptiste@millbrooklibrary.example", "Colin", "Baptiste")
    s.degree(
        colin,
        ASSOCIATE,
        "Library and Information Technology",
        "Columbus State Community College",
        awarded=(5, 5, 1),
    )
    c.job(colin, "library-technician", "16", (3, 1, 10), at=eastgate, boss=victor)

    sophie = c.person("Sophie", "Brennan")
    s.diploma(sophie, "Eastgate High School", (8, 6, 1))
    c.job(sophie, "library-assistant", "28", (4, 2, 1), at=eastgate, boss=victor)

    priya = c.person("Priya", "Raman")
    c.job(priya, "page", "10", (1, 6, 15), at=eastgate, boss=victor)

    karen = c.person("Karen", "Fitzgerald")
    s.mls(karen, "Indiana University", awarded=(16, 5, 1))
    s.experience(
        karen, "Wabash Valley Public Library", "Reference Librarian", (16, 8, 1), (11, 7, 15), "40"
    )
    c.job(karen, "branch-manager", "40", (11, 8, 1), at=northfield, boss=gregory)

    doug = c.person("Doug", "Hensley")
    s.diploma(doug, "Northfield High School", (25, 6, 1))
    s.certification(doug, certs[LSSC], (6, 5, 1), (2, 5, 1), "45")  # lapsed: up for renewal
    c.job(doug, "library-assistant", "40", (12, 3, 1), at=northfield, boss=karen)

    amber = c.person("Amber", "Collins")
    c.job(amber, "page", "12", (2, 10, 1), at=northfield, boss=karen)
