"""Named personas, as healthchecks does with alice/bob/charlie.

The world: the Buckeye network (regions North and South) has two member libraries.
Riverside Public Library (North; branches Main and Eastside):
  - alice: library admin (HR) of Riverside, also a Librarian II there
  - sam: branch manager at Riverside Main, supervises bob
  - bob: a page at Riverside Main, supervised by sam
Hillcrest College Library (South; branch Hillcrest):
  - carol: library admin of Hillcrest — must never reach Riverside's people
  - dave: a library assistant at Hillcrest
Elsewhere:
  - nina: coordinator of the Buckeye network (no employment)
  - root: site admin (superuser)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.test import Client
from whitenoise.middleware import WhiteNoiseMiddleware

from ladder.orgs.models import Branch, Library, Network, Region, Role
from ladder.people.models import EducationLevel, JobClass, Person
from ladder.skills.models import Area, Competency, Framework, Level
from tests import factories as f

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    network: Network
    north: Region
    south: Region
    riverside: Library
    riverside_main: Branch
    riverside_east: Branch
    hillcrest: Library
    hillcrest_branch: Branch
    page: JobClass
    assistant: JobClass
    librarian2: JobClass
    manager: JobClass
    alice: Person
    sam: Person
    bob: Person
    carol: Person
    dave: Person
    nina: Person
    root: Person


@pytest.fixture
def world(db) -> World:
    network = f.NetworkFactory(name="Buckeye Library Network", slug="buckeye")
    north = f.RegionFactory(network=network, name="North")
    south = f.RegionFactory(network=network, name="South")
    riverside = f.LibraryFactory(name="Riverside Public Library", slug="riverside", region=north)
    hillcrest = f.LibraryFactory(
        name="Hillcrest College Library", slug="hillcrest", region=south, kind="academic"
    )
    f.MembershipFactory(network=network, library=riverside)
    f.MembershipFactory(network=network, library=hillcrest)
    riverside_main = f.BranchFactory(library=riverside, name="Riverside Main", kind="central")
    riverside_east = f.BranchFactory(library=riverside, name="Eastside")
    hillcrest_branch = f.BranchFactory(library=hillcrest, name="Hillcrest Library")
    page = f.JobClassFactory(name="Page", code="page", network=network)
    assistant = f.JobClassFactory(
        name="Library Assistant",
        code="library-assistant",
        network=network,
        min_education=EducationLevel.SECONDARY,
    )
    librarian2 = f.JobClassFactory(
        name="Librarian II",
        code="librarian-ii",
        network=network,
        is_professional=True,
        min_education=EducationLevel.MLS,
        requires_accredited=True,
    )
    manager = f.JobClassFactory(
        name="Branch Manager",
        code="branch-manager",
        network=network,
        is_professional=True,
        is_management=True,
        min_education=EducationLevel.MLS,
        min_years_experience=Decimal("3"),
    )
    start = dt.date(2019, 3, 1)
    alice = f.PersonFactory(email="alice@riverside.example", first_name="Alice", last_name="Admin")
    sam = f.PersonFactory(email="sam@riverside.example", first_name="Sam", last_name="Super")
    bob = f.PersonFactory(email="bob@riverside.example", first_name="Bob", last_name="Page")
    carol = f.PersonFactory(email="carol@hillcrest.example", first_name="Carol", last_name="Other")
    dave = f.PersonFactory(email="dave@hillcrest.example", first_name="Dave", last_name="Assist")
    nina = f.PersonFactory(email="nina@buckeye.example", first_name="Nina", last_name="Coord")
    root = f.PersonFactory(
        email="root@example.org",
        first_name="Root",
        last_name="Admin",
        is_superuser=True,
        is_staff=True,
    )
    f.EmploymentFactory(
        person=alice,
        library=riverside,
        branch=riverside_main,
        job_class=librarian2,
        weekly_hours=Decimal("40"),
        start_date=start,
    )
    f.EmploymentFactory(
        person=sam,
        library=riverside,
        branch=riverside_main,
        job_class=manager,
        weekly_hours=Decimal("40"),
        start_date=start,
        supervisor=alice,
    )
    f.EmploymentFactory(
        person=bob,
        library=riverside,
        branch=riverside_main,
        job_class=page,
        weekly_hours=Decimal("15"),
        start_date=start,
        supervisor=sam,
    )
    f.EmploymentFactory(
        person=carol,
        library=hillcrest,
        branch=hillcrest_branch,
        job_class=librarian2,
        weekly_hours=Decimal("40"),
        start_date=start,
    )
    f.EmploymentFactory(
        person=dave,
        library=hillcrest,
        branch=hillcrest_branch,
        job_class=assistant,
        weekly_hours=Decimal("40"),
        start_date=start,
        supervisor=carol,
    )
    Role.objects.create(person=alice, kind=Role.Kind.LIBRARY_ADMIN, library=riverside)
    Role.objects.create(person=carol, kind=Role.Kind.LIBRARY_ADMIN, library=hillcrest)
    Role.objects.create(person=nina, kind=Role.Kind.NETWORK_COORDINATOR, network=network)
    return World(
        network=network,
        north=north,
        south=south,
        riverside=riverside,
        riverside_main=riverside_main,
        riverside_east=riverside_east,
        hillcrest=hillcrest,
        hillcrest_branch=hillcrest_branch,
        page=page,
        assistant=assistant,
        librarian2=librarian2,
        manager=manager,
        alice=alice,
        sam=sam,
        bob=bob,
        carol=carol,
        dave=dave,
        nina=nina,
        root=root,
    )


def login(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def client_for():
    """client_for(world.alice) -> a Client logged in as alice."""
    return login


def _static_files_key(middleware: WhiteNoiseMiddleware) -> tuple[object, ...]:
    """Everything the scan's result depends on: where files are found and how they are served."""
    return (
        middleware.static_prefix,
        middleware.max_age,
        middleware.allow_all_origins,
        middleware.charset,
        repr(django_settings.STATICFILES_DIRS),
        tuple(django_settings.STATICFILES_FINDERS),
        tuple(django_settings.INSTALLED_APPS),
        repr(django_settings.STORAGES),
    )


@pytest.fixture(scope="session", autouse=True)
def _static_files_scanned_once() -> Iterator[None]:
    """WhiteNoise scans every static file (about 3,000, npm's included) each time its middleware
    is built, which Django's test client does for every new client: two seconds per test that
    makes a request. The files do not change during a run, so each process scans once per
    static-files configuration and later middlewares copy the result."""
    scan = WhiteNoiseMiddleware.add_files_from_finders
    scanned: dict[tuple[object, ...], dict[str, object]] = {}

    def add_files_from_finders(self: WhiteNoiseMiddleware) -> None:
        key = _static_files_key(self)
        if key not in scanned:
            before = dict(self.files)
            scan(self)
            scanned[key] = {
                url: found for url, found in self.files.items() if before.get(url) is not found
            }
        self.files.update(scanned[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoiseMiddleware, "add_files_from_finders", add_files_from_finders)
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


LEVELS = [
    (0, "None", "No experience yet."),
    (1, "Aware", "Knows what it is and where to find help."),
    (2, "Working", "Does it with occasional help."),
    (3, "Proficient", "Does it alone and handles the unusual case."),
    (4, "Expert", "Teaches others and improves how it is done."),
]

AREAS = {
    "technology": ("Technology", ["core-skills", "ils", "e-resources"]),
    "access": ("Access services", ["circulation", "interlibrary-loan"]),
    "reference": ("Reference and information services", ["reference-interview"]),
}


@pytest.fixture
def framework(db) -> Framework:
    """A shared framework with levels 0-4, three areas and six competencies
    (framework.competencies.all(); codes: core-skills, ils, e-resources, circulation,
    interlibrary-loan, reference-interview)."""
    fw = Framework.objects.create(name="Test framework", slug="test-framework", is_default=True)
    Level.objects.bulk_create(
        Level(framework=fw, value=value, name=name, description=description)
        for value, name, description in LEVELS
    )
    for area_position, (area_code, (area_name, codes)) in enumerate(AREAS.items()):
        area = Area.objects.create(
            framework=fw, code=area_code, name=area_name, position=area_position
        )
        for position, code in enumerate(codes):
            Competency.objects.create(
                framework=fw,
                area=area,
                code=code,
                name=code.replace("-", " ").capitalize(),
                position=position,
            )
    return fw
